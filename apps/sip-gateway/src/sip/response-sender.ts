// Builds and sends responses through a transaction, or statelessly where there is none
// (400 to a malformed request, 403 to a stranger). Counts every first transmission.
import {
  buildResponse,
  responseDestination,
  type ResponseInput,
  type ServerTransactionHandle,
  type SipEndpoint,
  type SipTransport,
  type TransportProtocol,
} from '@app/sip';
import type { GatewayMetrics } from '../observability/gateway-metrics';

export class ResponseSender {
  private readonly transports = new Map<TransportProtocol, SipTransport>();

  constructor(
    private readonly server: string,
    private readonly metrics: GatewayMetrics,
  ) {}

  register(transport: SipTransport): void {
    this.transports.set(transport.protocol, transport);
  }

  /** Through the transaction (it retransmits over UDP and answers retransmissions). */
  respond(
    tx: ServerTransactionHandle,
    status: number,
    reason: string,
    headers: ReadonlyArray<readonly [string, string]> = [],
  ): void {
    // The transaction releases its request with the final response; nothing more can be sent.
    if (tx.hasFinalResponse) return;
    const wire = buildResponse(tx.request, tx.source, status, reason, {
      toTag: tx.toTag,
      headers,
      server: this.server,
    });
    if (tx.respond(status, wire)) this.metrics.responses.inc(String(status));
  }

  /** Without a transaction. `toTag` should be random per response (§8.2.6.2). */
  respondStateless(
    request: ResponseInput,
    source: SipEndpoint,
    status: number,
    reason: string,
    toTag: string,
    headers: ReadonlyArray<readonly [string, string]> = [],
  ): void {
    const wire = buildResponse(request, source, status, reason, {
      toTag,
      headers,
      server: this.server,
    });
    const top = request.via?.[0];
    const destination = top ? responseDestination(top, source) : source;
    if (this.send(destination, wire)) this.metrics.responses.inc(String(status));
  }

  /** The transaction layer's ResponseChannel: §18.2.2 routing, then the right transport. */
  send(destination: SipEndpoint, wire: Buffer): boolean {
    const transport = this.transports.get(destination.protocol);
    return transport ? transport.send(destination, wire) : false;
  }
}
