// The seam between the transaction layer and its user (the gateway). Model: SIP.js
// core/transactions/transaction-user.ts. The layer owns matching, retransmissions, timers and
// the CANCEL mechanics of §9.2; the TU owns decisions.
import type { SipRequest } from '../message';
import type { SipEndpoint } from '../transport/transport';

/** A server transaction as the TU sees it (INVITE or non-INVITE). */
export interface ServerTransactionHandle {
  /**
   * The request that created the transaction. Released once the final response has been sent
   * (reading it then throws): check `hasFinalResponse` before building a late response.
   */
  readonly request: SipRequest;
  readonly source: SipEndpoint;
  /** The To tag this transaction's responses carry (generated once per transaction). */
  readonly toTag: string;
  /** True once a final (>= 200) response has been handed to the transport. */
  readonly hasFinalResponse: boolean;
  /** True once the transaction reached Terminated (no further responses are possible). */
  readonly terminated: boolean;
  /**
   * Sends `wire` (a serialized response with status `status`) through the transaction: a
   * provisional one may be followed by others; the first final one fixes the answer (later
   * calls return false). Retransmissions of it are the transaction's job.
   */
  respond(status: number, wire: Buffer): boolean;
}

export interface ServerTransactionUser {
  /**
   * A request that created a new server transaction: INVITE or a non-INVITE other than ACK and
   * CANCEL (those are handled by the layer). Retransmissions never reach the TU.
   */
  onRequest(tx: ServerTransactionHandle): void;
  /**
   * §9.2: a CANCEL matched this INVITE transaction before its final response. The layer has
   * answered the CANCEL with 200 and the INVITE with 487; the TU aborts whatever it was doing.
   */
  onInviteCancelled(tx: ServerTransactionHandle): void;
}

/** Counters the layer reports; the gateway maps them to Prometheus metrics. */
export type TransactionEvent =
  | 'retransmission-absorbed'
  | 'ack-absorbed'
  | 'stray-ack'
  | 'cancel-matched'
  | 'cancel-after-final'
  | 'cancel-no-match'
  | 'timer-h-expired'
  | 'capacity-rejected';

/**
 * How responses leave the transaction layer. The gateway implements it with the §18.2.2
 * routing (same connection for stream transports, Via received/rport for UDP). Must not throw.
 */
export interface ResponseChannel {
  /**
   * Sends `wire`, a serialized response, to `destination` (the layer has already applied
   * §18.2.2 / RFC 3581 routing with responseDestination).
   */
  send(destination: SipEndpoint, wire: Buffer): void;
}
