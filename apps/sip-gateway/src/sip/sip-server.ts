// Owns the sockets and the SIP stack for one gateway process. The per-message path is plain
// TypeScript: parse → stateless answers (strangers, malformed) → transaction layer → TU.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { GatewayConfig } from '@app/config';
import type { Logger } from '@app/observability';
import {
  parseMessage,
  SipParseError,
  TcpTransport,
  TlsTransport,
  TransactionLayer,
  UdpTransport,
  type InboundPacket,
  type SipEndpoint,
  type SipRequest,
  type SipTransport,
  type TransportEvents,
} from '@app/sip';
import type { GatewayMetrics } from '../observability/gateway-metrics';
import type { PeerDirectory } from '../peers/peer-directory';
import type { InviteHandler } from './invite-handler';
import type { RequestDispatcher } from './request-dispatcher';
import type { ResponseSender } from './response-sender';

export interface Listener {
  readonly protocol: 'udp' | 'tcp' | 'tls';
  readonly address: string;
  readonly port: number;
}

/** How many times to retry binding TCP next to an ephemeral UDP port (port 0, tests). */
const EPHEMERAL_BIND_ATTEMPTS = 10;

export class SipServer {
  private readonly transports: SipTransport[] = [];
  private readonly layer: TransactionLayer;
  private readonly events: TransportEvents;

  constructor(
    private readonly config: GatewayConfig['sip'],
    private readonly peers: PeerDirectory,
    private readonly sender: ResponseSender,
    dispatcher: RequestDispatcher,
    private readonly invites: InviteHandler,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
  ) {
    this.layer = new TransactionLayer(
      {
        timers: config.timers,
        tryingDelayMs: config.tryingDelayMs,
        maxTransactions: config.maxTransactions,
        server: config.serverHeader,
      },
      dispatcher,
      { send: (destination, wire) => sender.send(destination, wire) },
      (event) => metrics.transactionEvent(event),
    );
    this.events = {
      onMessage: (packet) => this.onMessage(packet),
      onStreamClosed: (reason) => metrics.streamClose(reason),
    };
  }

  get liveTransactions(): number {
    return this.layer.size;
  }

  async start(): Promise<Listener[]> {
    const {
      host,
      port,
      maxHeaderBytes,
      maxBodyBytes,
      tcpIdleTimeoutMs: idleTimeoutMs,
    } = this.config;
    const listeners: Listener[] = [];
    for (let attempt = 1; ; attempt++) {
      const udp = new UdpTransport({ host, port }, this.events);
      const bound = await udp.listen();
      const tcp = new TcpTransport(
        { host, port: bound.port, maxHeaderBytes, maxBodyBytes, idleTimeoutMs },
        this.events,
      );
      try {
        await tcp.listen();
      } catch (err) {
        await udp.close();
        if (port !== 0 || attempt >= EPHEMERAL_BIND_ATTEMPTS) throw err;
        continue;
      }
      this.add(udp, listeners, bound);
      this.add(tcp, listeners, bound);
      break;
    }
    const tls = this.config.tls;
    if (tls) {
      const transport = new TlsTransport(
        {
          host,
          port: tls.port,
          maxHeaderBytes,
          maxBodyBytes,
          idleTimeoutMs,
          cert: readFileSync(tls.certFile),
          key: readFileSync(tls.keyFile),
        },
        this.events,
      );
      this.add(transport, listeners, await transport.listen());
    }
    return listeners;
  }

  /** Graceful: answer what is pending (fail open), stop timers, close sockets. */
  async stop(): Promise<void> {
    this.invites.drain();
    this.layer.close();
    await Promise.all(this.transports.map((t) => t.close()));
    this.transports.length = 0;
  }

  private add(
    transport: SipTransport,
    listeners: Listener[],
    bound: { address: string; port: number },
  ): void {
    this.transports.push(transport);
    this.sender.register(transport);
    listeners.push({ protocol: transport.protocol, address: bound.address, port: bound.port });
  }

  private onMessage(packet: InboundPacket): void {
    try {
      this.handleMessage(packet);
    } catch (err) {
      // A bug must cost one message, never the process (the transports would swallow it too,
      // but we want it counted and logged with what caused it).
      this.metrics.dropped.inc('internal-error');
      this.logger.error({ err, source: packet.source }, 'message handling failed');
    }
  }

  private handleMessage(packet: InboundPacket): void {
    const outcome = parseMessage(packet.data);
    if (!outcome.ok) {
      this.onMalformed(outcome.error, packet.source);
      return;
    }
    const message = outcome.value;
    if (message.kind === 'response') {
      // A redirect server sends no requests, so no response can be ours (§18.2.1 would drop it).
      this.metrics.dropped.inc('response');
      return;
    }
    this.metrics.requests.inc(message.method);
    if (!this.peers.lookup(packet.source.address)) {
      this.refuseStranger(message, packet.source);
      return;
    }
    this.layer.receiveRequest(message, packet.source);
  }

  private refuseStranger(request: SipRequest, source: SipEndpoint): void {
    this.metrics.unknownPeers.inc();
    if (request.method === 'ACK') return; // an ACK is never answered (§17.2.1)
    this.sender.respondStateless(request, source, 403, 'Forbidden', newTag());
  }

  /**
   * §21.4.1: 400 with a reason phrase naming the problem; 505 for another SIP version
   * (RFC 4475 §3.1.2.16); 416 for an unknown Request-URI scheme (§8.2.2.1). A request whose
   * Via values are present but unparseable (RFC 4475 badinv01) is still answered, straight back
   * to the address and port it came from; one with no Via at all, or an unparseable start
   * line, cannot be answered and is dropped and counted (DESIGN.md §3). ACK is never answered.
   */
  private onMalformed(error: SipParseError, source: SipEndpoint): void {
    this.metrics.parseError(error.code);
    const head = error.head;
    if (!head || head.method === 'ACK' || !head.headers.has('via')) {
      this.metrics.dropped.inc(head ? 'no-usable-via' : 'unparseable');
      if (this.logger.isLevelEnabled('debug')) {
        this.logger.debug(
          { code: error.code, detail: error.message, source },
          'dropped unanswerable message',
        );
      }
      return;
    }
    const input = { headers: head.headers, via: head.via };
    if (!this.peers.lookup(source.address)) {
      this.metrics.unknownPeers.inc();
      this.sender.respondStateless(input, source, 403, 'Forbidden', newTag());
      return;
    }
    const [status, reason] =
      error.code === 'version'
        ? [505, 'Version Not Supported']
        : error.code === 'unsupported-uri-scheme'
          ? [416, 'Unsupported URI Scheme']
          : [400, error.reasonPhrase()];
    this.sender.respondStateless(input, source, status, reason, newTag());
    if (this.logger.isLevelEnabled('debug')) {
      const callId = head.headers.get('call-id');
      this.logger.debug(
        { callId, code: error.code, detail: error.message },
        'answered malformed request',
      );
    }
  }
}

function newTag(): string {
  return randomBytes(6).toString('hex');
}
