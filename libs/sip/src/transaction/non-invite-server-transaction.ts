// Non-INVITE server transaction, RFC 3261 §17.2.2 (Figure 8). Model: SIP.js
// core/transactions/non-invite-server-transaction.ts.
//
//        |Request received, pass to TU
//        V
//     Trying ----1xx from TU: send----> Proceeding --1xx from TU: send; request: last 1xx
//        |  200-699 from TU: send           | 200-699 from TU: send
//        V                                  V
//     Completed <---------------------------+  request: resend final
//        | Timer J (64*T1 unreliable, at once reliable)
//        V
//     Terminated
import type { SipRequest } from '../message';
import type { SipEndpoint } from '../transport/transport';
import {
  ServerTransaction,
  assertNever,
  type ServerTransactionContext,
  type Timer,
} from './server-transaction';

export type NonInviteServerTransactionState = 'trying' | 'proceeding' | 'completed' | 'terminated';

export class NonInviteServerTransaction extends ServerTransaction {
  readonly kind = 'non-invite';
  private current: NonInviteServerTransactionState = 'trying';
  private lastProvisional: Buffer | undefined = undefined;
  private lastFinal: Buffer | undefined = undefined;
  private J: Timer | undefined = undefined;

  /** `toTag` lets a CANCEL's responses share the INVITE's tag (§9.2 SHOULD). */
  constructor(
    key: string,
    request: SipRequest,
    source: SipEndpoint,
    context: ServerTransactionContext,
    toTag?: string,
  ) {
    super(key, request, source, context, toTag);
  }

  get state(): NonInviteServerTransactionState {
    return this.current;
  }

  get terminated(): boolean {
    return this.current === 'terminated';
  }

  respond(status: number, wire: Buffer): boolean {
    if (status < 100 || status > 699) return false;
    if (this.current !== 'trying' && this.current !== 'proceeding') {
      // §17.2.2: "Any other final responses passed by the TU to the server transaction MUST
      // be discarded while in the "Completed" state."
      return false;
    }
    if (status < 200) {
      // §17.2.2: "While in the "Trying" state, if the TU passes a provisional response to the
      // server transaction, the server transaction MUST enter the "Proceeding" state. The
      // response MUST be passed to the transport layer for transmission." Any further
      // provisional responses in Proceeding MUST be passed on too.
      this.lastProvisional = wire;
      if (this.current === 'trying') this.stateTransition('proceeding');
      this.transmit(wire);
      return true;
    }
    // §17.2.2: "If the TU passes a final response (status codes 200-699) to the server while
    // in the "Proceeding" state, the transaction MUST enter the "Completed" state, and the
    // response MUST be passed to the transport layer for transmission." (Trying likewise.)
    this.lastFinal = wire;
    this.transmit(wire);
    this.finalResponseSent();
    this.lastProvisional = undefined;
    this.stateTransition('completed');
    return true;
  }

  receiveRetransmission(): void {
    switch (this.current) {
      case 'trying':
        // §17.2.2: "Once in the "Trying" state, any further request retransmissions are
        // discarded."
        return;
      case 'proceeding':
        // §17.2.2: "If a retransmission of the request is received while in the "Proceeding"
        // state, the most recently sent provisional response MUST be passed to the transport
        // layer for retransmission."
        if (this.lastProvisional !== undefined) this.transmit(this.lastProvisional);
        return;
      case 'completed':
        // §17.2.2: "While in the "Completed" state, the server transaction MUST pass the final
        // response to the transport layer for retransmission whenever a retransmission of the
        // request is received."
        if (this.lastFinal !== undefined) this.transmit(this.lastFinal);
        return;
      case 'terminated':
        return;
      default:
        assertNever(this.current);
    }
  }

  dispose(): void {
    if (this.J !== undefined) clearTimeout(this.J);
    this.J = undefined;
    this.current = 'terminated';
  }

  private stateTransition(next: NonInviteServerTransactionState): void {
    const from = this.current;
    switch (next) {
      case 'trying':
        this.invalidTransition(next);
        break;
      case 'proceeding':
        if (from !== 'trying') this.invalidTransition(next);
        break;
      case 'completed':
        if (from !== 'trying' && from !== 'proceeding') this.invalidTransition(next);
        break;
      case 'terminated':
        if (from !== 'completed') this.invalidTransition(next);
        break;
      default:
        assertNever(next);
    }
    this.current = next;
    if (next === 'completed') {
      // §17.2.2: "When the server transaction enters the "Completed" state, it MUST set Timer
      // J to fire in 64*T1 seconds for unreliable transports, and zero seconds for reliable
      // transports."
      if (this.timers.J > 0) {
        this.J = setTimeout(NonInviteServerTransaction.fireJ, this.timers.J, this);
      } else {
        this.terminate();
      }
    }
  }

  private terminate(): void {
    this.stateTransition('terminated');
    this.context.onTerminated(this, 'timer-j');
  }

  private invalidTransition(next: NonInviteServerTransactionState): never {
    throw new Error(`non-INVITE server transaction: invalid transition ${this.current} -> ${next}`);
  }

  private static fireJ(this: void, tx: NonInviteServerTransaction): void {
    tx.J = undefined;
    // §17.2.2: "When the timer fires, the server transaction MUST transition to the
    // "Terminated" state."
    if (tx.current === 'completed') tx.terminate();
  }
}
