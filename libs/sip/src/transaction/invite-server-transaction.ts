// INVITE server transaction, RFC 3261 §17.2.1 (Figure 7) with the RFC 6026 §7.1 "Accepted"
// state for 2xx. Model: SIP.js core/transactions/invite-server-transaction.ts.
//
//                |INVITE  (100 Trying after tryingDelayMs unless the TU answered)
//                V
//  +-------- Proceeding --1xx from TU: send; INVITE retransmission: last 1xx again
//  |   2xx       |  300-699 from TU: send
//  V             V
// Accepted    Completed --Timer G (unreliable): resend final; INVITE: resend final
//  |             |  ACK                         \ Timer H: fail (no ACK)
//  | Timer L     V                               v
//  |          Confirmed --ACK / INVITE: absorb   Terminated
//  |             | Timer I
//  +-------------+--------> Terminated
import { buildResponse } from '../response-builder';
import type { SipRequest } from '../message';
import type { SipEndpoint } from '../transport/transport';
import {
  ServerTransaction,
  assertNever,
  type ServerTransactionContext,
  type Timer,
} from './server-transaction';

export type InviteServerTransactionState =
  'proceeding' | 'accepted' | 'completed' | 'confirmed' | 'terminated';

export class InviteServerTransaction extends ServerTransaction {
  readonly kind = 'invite';
  private current: InviteServerTransactionState = 'proceeding';
  private lastProvisional: Buffer | undefined = undefined;
  private lastFinal: Buffer | undefined = undefined;
  /** The To tag our responses carry: the request's own (a re-INVITE) or the generated one. */
  readonly responseToTag: string;
  /** Sends 100 Trying when the TU has not answered within tryingDelayMs. */
  private trying: Timer | undefined = undefined;
  private G: Timer | undefined = undefined;
  /** Current Timer G interval: T1, doubling, capped at T2. */
  private gInterval = 0;
  private H: Timer | undefined = undefined;
  private I: Timer | undefined = undefined;
  private L: Timer | undefined = undefined;

  constructor(
    key: string,
    request: SipRequest,
    source: SipEndpoint,
    context: ServerTransactionContext,
    toTag?: string,
  ) {
    super(key, request, source, context, toTag);
    this.responseToTag = request.to.tag ?? this.toTag;
  }

  /**
   * §17.2.1: "the server transaction MUST generate a 100 (Trying) response unless it knows
   * that the TU will generate a provisional or final response within 200 ms". The layer calls
   * this right after handing the INVITE to the TU: if the TU has answered already there is
   * nothing to do; otherwise it gets tryingDelayMs more (a delay of 0 sends 100 at once).
   */
  startTryingTimer(): void {
    if (this.current !== 'proceeding' || this.lastProvisional !== undefined || this.trying) return;
    if (this.context.tryingDelayMs <= 0) this.sendTrying();
    else
      this.trying = setTimeout(
        InviteServerTransaction.fireTrying,
        this.context.tryingDelayMs,
        this,
      );
  }

  get state(): InviteServerTransactionState {
    return this.current;
  }

  get terminated(): boolean {
    return this.current === 'terminated';
  }

  respond(status: number, wire: Buffer): boolean {
    if (this.current !== 'proceeding' || status < 100 || status > 699) return false;
    this.clearTrying();
    if (status < 200) {
      // §17.2.1: "So long as the server transaction is in the "Proceeding" state, each of
      // these MUST be passed to the transport layer for transmission. They are not sent
      // reliably by the transaction layer".
      this.lastProvisional = wire;
      this.transmit(wire);
    } else if (status < 300) {
      // RFC 6026 §8.5: the 2xx "MUST be passed to the transport layer for transmission. It is
      // not retransmitted by the server transaction ... The server transaction MUST then
      // transition to the "Accepted" state."
      this.lastFinal = wire;
      this.stateTransition('accepted');
      this.transmit(wire);
      this.finalResponseSent();
    } else {
      // §17.2.1: a 300-699 "MUST be passed to the transport layer for transmission, and the
      // state machine MUST enter the "Completed" state."
      this.lastFinal = wire;
      this.stateTransition('completed');
      this.transmit(wire);
      this.finalResponseSent();
    }
    return true;
  }

  receiveRetransmission(): void {
    switch (this.current) {
      case 'proceeding':
        // §17.2.1: "If a request retransmission is received while in the "Proceeding" state,
        // the most recent provisional response that was received from the TU MUST be passed
        // to the transport layer for retransmission." None yet: the 100 is due now.
        if (this.lastProvisional === undefined) this.sendTrying();
        else this.transmit(this.lastProvisional);
        return;
      case 'completed':
        // §17.2.1: "while in the "Completed" state, if a request retransmission is received,
        // the server SHOULD pass the response to the transport for retransmission."
        if (this.lastFinal !== undefined) this.transmit(this.lastFinal);
        return;
      case 'accepted': // RFC 6026 §8.7: retransmissions "MUST NOT be passed to the TU".
      case 'confirmed': // §17.2.1: Confirmed absorbs whatever the final response triggers.
      case 'terminated':
        return;
      default:
        assertNever(this.current);
    }
  }

  /**
   * An ACK matched this transaction (§17.2.3). Returns true when it was absorbed: the first
   * one in Completed confirms, later ones in Confirmed (or Accepted) are swallowed. An ACK
   * before any final response has no meaning and returns false.
   */
  receiveAck(): boolean {
    switch (this.current) {
      case 'completed':
        // §17.2.1: "If an ACK is received while the server transaction is in the "Completed"
        // state, the server transaction MUST transition to the "Confirmed" state."
        this.stateTransition('confirmed');
        return true;
      case 'confirmed':
      case 'accepted':
        return true;
      case 'proceeding':
      case 'terminated':
        return false;
      default:
        return assertNever(this.current);
    }
  }

  dispose(): void {
    this.clearTrying();
    this.clearTimers();
    this.current = 'terminated';
  }

  private stateTransition(next: InviteServerTransactionState): void {
    const from = this.current;
    switch (next) {
      case 'proceeding':
        this.invalidTransition(next);
        break;
      case 'accepted':
      case 'completed':
        if (from !== 'proceeding') this.invalidTransition(next);
        break;
      case 'confirmed':
        if (from !== 'completed') this.invalidTransition(next);
        break;
      case 'terminated':
        if (from !== 'accepted' && from !== 'completed' && from !== 'confirmed') {
          this.invalidTransition(next);
        }
        break;
      default:
        assertNever(next);
    }
    this.current = next;
    this.clearTimers();
    switch (next) {
      case 'accepted':
        // RFC 6026 §8.7: Timer L (64*T1) bounds the absorption of INVITE retransmissions.
        this.L = setTimeout(InviteServerTransaction.fireL, this.timers.L, this);
        break;
      case 'completed':
        // §17.2.1: "For unreliable transports, timer G is set to fire in T1 seconds, and is
        // not set to fire for reliable transports." "When the "Completed" state is entered,
        // timer H MUST be set to fire in 64*T1 seconds for all transports."
        if (!this.reliable) {
          this.gInterval = this.timers.G;
          this.G = setTimeout(InviteServerTransaction.fireG, this.gInterval, this);
        }
        this.H = setTimeout(InviteServerTransaction.fireH, this.timers.H, this);
        break;
      case 'confirmed':
        // Confirmed only absorbs: nothing is ever sent again, so drop the responses too.
        this.lastFinal = this.lastProvisional = undefined;
        // §17.2.1: "timer I is set to fire in T4 seconds for unreliable transports, and zero
        // seconds for reliable transports" (Timer G is ignored from here on: cleared above).
        if (this.timers.I > 0) {
          this.I = setTimeout(InviteServerTransaction.fireI, this.timers.I, this);
        } else {
          this.terminate('timer-i');
        }
        break;
      case 'terminated':
        break;
      default:
        assertNever(next);
    }
  }

  private terminate(cause: 'timer-h' | 'timer-i' | 'timer-l'): void {
    this.stateTransition('terminated');
    this.context.onTerminated(this, cause);
  }

  private invalidTransition(next: InviteServerTransactionState): never {
    throw new Error(`INVITE server transaction: invalid transition ${this.current} -> ${next}`);
  }

  private sendTrying(): void {
    this.clearTrying();
    // §8.2.6.1: the 100 copies the request's headers and carries no To tag.
    const wire = buildResponse(this.request, this.source, 100, 'Trying', {
      server: this.context.server,
    });
    this.lastProvisional = wire;
    this.transmit(wire);
  }

  private clearTrying(): void {
    if (this.trying !== undefined) {
      clearTimeout(this.trying);
      this.trying = undefined;
    }
  }

  private clearTimers(): void {
    if (this.G !== undefined) clearTimeout(this.G);
    if (this.H !== undefined) clearTimeout(this.H);
    if (this.I !== undefined) clearTimeout(this.I);
    if (this.L !== undefined) clearTimeout(this.L);
    this.G = this.H = this.I = this.L = undefined;
  }

  // Timer callbacks are static and take the transaction as setTimeout's argument, so arming a
  // timer allocates no closure.
  private static fireTrying(this: void, tx: InviteServerTransaction): void {
    tx.trying = undefined;
    if (tx.current === 'proceeding' && tx.lastProvisional === undefined) tx.sendTrying();
  }

  private static fireG(this: void, tx: InviteServerTransaction): void {
    tx.G = undefined;
    if (tx.current !== 'completed' || tx.lastFinal === undefined) return;
    // §17.2.1: "the response is passed to the transport layer once more for retransmission,
    // and timer G is set to fire in MIN(2*T1, T2) seconds" and so on, doubling up to T2.
    tx.transmit(tx.lastFinal);
    tx.gInterval = Math.min(2 * tx.gInterval, tx.context.config.T2);
    tx.G = setTimeout(InviteServerTransaction.fireG, tx.gInterval, tx);
  }

  private static fireH(this: void, tx: InviteServerTransaction): void {
    tx.H = undefined;
    // §17.2.1: "If timer H fires while in the "Completed" state, it implies that the ACK was
    // never received. In this case, the server transaction MUST transition to the
    // "Terminated" state, and MUST indicate to the TU that a transaction failure has occurred."
    if (tx.current === 'completed') tx.terminate('timer-h');
  }

  private static fireI(this: void, tx: InviteServerTransaction): void {
    tx.I = undefined;
    // §17.2.1: "Once timer I fires, the server MUST transition to the "Terminated" state."
    if (tx.current === 'confirmed') tx.terminate('timer-i');
  }

  private static fireL(this: void, tx: InviteServerTransaction): void {
    tx.L = undefined;
    // RFC 6026 §8.7: "If Timer L fires while the INVITE server transaction is in the
    // "Accepted" state, the transaction MUST transition to the "Terminated" state."
    if (tx.current === 'accepted') tx.terminate('timer-l');
  }
}
