// A SIP peer for end-to-end tests: real UDP, TCP or TLS sockets, raw messages out, every
// message in recorded with its arrival time. Bounded waits only (expect-eventually style).
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import { parseMessage, type SipMessage } from '@app/sip';

export interface Received {
  readonly raw: string;
  readonly message: SipMessage | undefined;
  readonly at: number;
}

export type ClientProtocol = 'udp' | 'tcp' | 'tls';

export class SipTestClient {
  readonly received: Received[] = [];
  private udp?: dgram.Socket;
  private stream?: net.Socket;
  private pending = Buffer.alloc(0);

  private constructor(
    readonly protocol: ClientProtocol,
    private readonly target: { host: string; port: number },
  ) {}

  /** Opens a client bound to `localAddress` (any 127.x address works on Linux loopback). */
  static async open(
    protocol: ClientProtocol,
    target: { host: string; port: number },
    localAddress = '127.0.0.1',
    localPort = 0,
  ): Promise<SipTestClient> {
    const client = new SipTestClient(protocol, target);
    if (protocol === 'udp') {
      const socket = dgram.createSocket('udp4');
      socket.on('message', (data) => client.record(data.toString('latin1')));
      await new Promise<void>((resolve) => socket.bind(localPort, localAddress, resolve));
      client.udp = socket;
    } else {
      const socket =
        protocol === 'tcp'
          ? net.connect({ host: target.host, port: target.port, localAddress })
          : tls.connect({
              // node:tls has no localAddress: bind a TCP socket first and wrap it.
              socket: net.connect({ host: target.host, port: target.port, localAddress }),
              rejectUnauthorized: false,
            });
      await new Promise<void>((resolve, reject) => {
        socket.once(protocol === 'tcp' ? 'connect' : 'secureConnect', () => resolve());
        socket.once('error', reject);
      });
      socket.on('data', (chunk: Buffer) => client.onStreamData(chunk));
      socket.on('error', () => undefined);
      client.stream = socket;
    }
    return client;
  }

  get localPort(): number {
    return this.udp ? this.udp.address().port : (this.stream?.localPort ?? 0);
  }

  get localAddress(): string {
    return this.udp ? this.udp.address().address : (this.stream?.localAddress ?? '127.0.0.1');
  }

  /** Via transport token for this client. */
  get viaTransport(): string {
    return this.protocol.toUpperCase();
  }

  send(message: string | Buffer): void {
    const data = typeof message === 'string' ? Buffer.from(message, 'latin1') : message;
    if (this.udp) this.udp.send(data, this.target.port, this.target.host);
    else this.stream?.write(data);
  }

  /** Waits until a received message satisfies `predicate`; returns it. */
  async waitFor(predicate: (r: Received) => boolean, timeoutMs = 3000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(
          `no matching message within ${timeoutMs} ms; got:\n${this.received.map((r) => r.raw.split('\r\n')[0]).join('\n')}`,
        );
      }
      await sleep(5);
    }
  }

  /**
   * Waits for a response to the request with this Call-ID: of the given status, or any final
   * one (`final`), or to the given CSeq method (e.g. the CANCEL's 200 next to the INVITE's 487).
   */
  waitForResponse(
    callId: string,
    match: { status?: number; final?: boolean; method?: string } = {},
    timeoutMs?: number,
  ): Promise<Received> {
    return this.waitFor((r) => {
      const m = r.message;
      return (
        m?.kind === 'response' &&
        m.callId === callId &&
        (match.status === undefined || m.status === match.status) &&
        (!match.final || m.status >= 200) &&
        (match.method === undefined || m.cseq.method === match.method)
      );
    }, timeoutMs);
  }

  /** Responses with this Call-ID, in arrival order. */
  responsesFor(callId: string): Received[] {
    return this.received.filter(
      (r) => r.message?.kind === 'response' && r.message.callId === callId,
    );
  }

  async close(): Promise<void> {
    if (this.udp) await new Promise<void>((resolve) => this.udp!.close(() => resolve()));
    if (this.stream) {
      this.stream.destroy();
    }
  }

  private record(raw: string): void {
    const parsed = parseMessage(Buffer.from(raw, 'latin1'));
    this.received.push({ raw, message: parsed.ok ? parsed.value : undefined, at: Date.now() });
  }

  private onStreamData(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (;;) {
      const end = this.pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.pending.subarray(0, end).toString('latin1');
      const match = /\r\n(?:content-length|l)\s*:\s*(\d+)/i.exec(head);
      const total = end + 4 + (match ? Number(match[1]) : 0);
      if (this.pending.length < total) return;
      this.record(this.pending.subarray(0, total).toString('latin1'));
      this.pending = this.pending.subarray(total);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
