// The server transaction layer (RFC 3261 §17.2): matches each request to a transaction
// (§17.2.3), creates transactions for new requests, answers retransmissions from state, runs
// the CANCEL mechanics of §9.2 and bounds the number of live transactions.
import type { SipRequest } from '../message';
import { buildResponse } from '../response-builder';
import { responseDestination } from '../transport/response-routing';
import type { SipEndpoint } from '../transport/transport';
import { InviteServerTransaction } from './invite-server-transaction';
import { NonInviteServerTransaction } from './non-invite-server-transaction';
import {
  createServerTransactionContext,
  type ServerTransaction,
  type ServerTransactionContext,
  type TerminationCause,
} from './server-transaction';
import { generateTag } from './tag';
import type { SipTimerConfig } from './timers';
import {
  cancelTargetKey,
  isRfc3261Request,
  rfc2543AckKeyWithoutToTag,
  serverTransactionKey,
} from './transaction-key';
import type { ResponseChannel, ServerTransactionUser, TransactionEvent } from './transaction-user';

export interface TransactionLayerOptions {
  /** T1, T2, T4 (§17, Table 4); every other timer derives from them. */
  readonly timers: SipTimerConfig;
  /**
   * How long an INVITE transaction waits for the TU's first response before it sends
   * 100 Trying itself (§17.2.1 allows at most 200 ms); 0 sends it at once.
   */
  readonly tryingDelayMs: number;
  /** Live transactions at most; a new request beyond it gets 503 + Retry-After. */
  readonly maxTransactions: number;
  /** `Server` header value (§20.35) of the responses the layer builds. */
  readonly server: string;
}

type AnyServerTransaction = InviteServerTransaction | NonInviteServerTransaction;

const RETRY_AFTER: ReadonlyArray<readonly [string, string]> = Object.freeze([
  Object.freeze(['Retry-After', '1'] as const),
]);

/** Default event sink: the events are counters, nobody is listening. */
function ignoreEvent(this: void): void {}

/**
 * RFC 3261 §17.2 server transactions for one gateway: feed it every parsed request with
 * `receiveRequest`; new INVITE and non-INVITE requests reach the TU once, everything else is
 * handled here. Responses leave through the `ResponseChannel`.
 */
export class TransactionLayer {
  private readonly transactions = new Map<string, AnyServerTransaction>();
  private readonly context: ServerTransactionContext;
  private readonly emit: (event: TransactionEvent) => void;
  private closed = false;

  constructor(
    private readonly options: TransactionLayerOptions,
    private readonly tu: ServerTransactionUser,
    private readonly channel: ResponseChannel,
    onEvent?: (event: TransactionEvent) => void,
  ) {
    this.emit = onEvent ?? ignoreEvent;
    this.context = createServerTransactionContext({
      channel,
      config: options.timers,
      tryingDelayMs: options.tryingDelayMs,
      server: options.server,
      onTerminated: (tx, cause) => this.onTerminated(tx, cause),
    });
  }

  /** Live transactions (not yet Terminated). */
  get size(): number {
    return this.transactions.size;
  }

  /** Handles one parsed request received from `source`. Never throws on its own account. */
  receiveRequest(request: SipRequest, source: SipEndpoint): void {
    // The parser rejects requests without Via; keys need the top one.
    if (this.closed || request.via.length === 0) return;
    switch (request.method) {
      case 'ACK':
        this.receiveAck(request);
        return;
      case 'CANCEL':
        this.receiveCancel(request, source);
        return;
      default:
        this.receiveOther(request, source);
    }
  }

  /** Clears every timer and forgets every transaction (shutdown); later requests are ignored. */
  close(): void {
    this.closed = true;
    for (const tx of this.transactions.values()) tx.dispose();
    this.transactions.clear();
  }

  private receiveOther(request: SipRequest, source: SipEndpoint): void {
    const key = serverTransactionKey(request);
    const existing = this.transactions.get(key);
    if (existing !== undefined) {
      // §17.2.1, §17.2.2: retransmissions are answered from state, never passed to the TU.
      existing.receiveRetransmission();
      this.emit('retransmission-absorbed');
      return;
    }
    if (this.transactions.size >= this.options.maxTransactions) {
      this.rejectForCapacity(request, source);
      return;
    }
    const tx =
      request.method === 'INVITE'
        ? new InviteServerTransaction(key, request, source, this.context)
        : new NonInviteServerTransaction(key, request, source, this.context);
    this.transactions.set(key, tx);
    this.tu.onRequest(tx);
    // Only now, so a TU that answered synchronously (in-process scoring) never costs a timer.
    if (tx instanceof InviteServerTransaction) tx.startTryingTimer();
  }

  private receiveAck(ack: SipRequest): void {
    const tx = this.findAckedInvite(ack);
    if (tx !== undefined && tx.receiveAck()) this.emit('ack-absorbed');
    else this.emit('stray-ack'); // e.g. the ACK of a 2xx, or of a stateless 503 (§17.2.3)
  }

  private findAckedInvite(ack: SipRequest): InviteServerTransaction | undefined {
    const tx = this.transactions.get(serverTransactionKey(ack));
    if (isRfc3261Request(ack)) return tx?.kind === 'invite' ? tx : undefined;
    // §17.2.3 (RFC 2543): "the To tag of the ACK matches the To tag of the response sent by
    // the server transaction".
    const candidate = tx ?? this.transactions.get(rfc2543AckKeyWithoutToTag(ack));
    if (candidate?.kind !== 'invite') return undefined;
    return candidate.responseToTag === ack.to.tag ? candidate : undefined;
  }

  private receiveCancel(cancel: SipRequest, source: SipEndpoint): void {
    const key = serverTransactionKey(cancel);
    const existing = this.transactions.get(key);
    if (existing !== undefined) {
      // The CANCEL is a non-INVITE transaction of its own (§9.2): its retransmissions get
      // its response again.
      existing.receiveRetransmission();
      this.emit('retransmission-absorbed');
      return;
    }
    const target = this.transactions.get(cancelTargetKey(cancel));
    if (target?.kind !== 'invite') {
      // §9.2: "If the UAS did not find a matching transaction for the CANCEL according to the
      // procedure above, it SHOULD respond to the CANCEL with a 481".
      this.answerCancel(key, cancel, source, undefined, 481, 'Call/Transaction Does Not Exist');
      this.emit('cancel-no-match');
      return;
    }
    // §9.2: "as long as the CANCEL matched an existing transaction, the UAS answers the CANCEL
    // request itself with a 200 (OK) response." "The To tag of the response to the CANCEL and
    // the response to the original request SHOULD be the same."
    this.answerCancel(key, cancel, source, target.toTag, 200, 'OK');
    if (target.hasFinalResponse) {
      // §9.2: "If the transaction for the original request still exists, the behavior of the
      // UAS on receiving a CANCEL request depends on whether it has already sent a final
      // response for the original request. If it has, the CANCEL request has no effect".
      this.emit('cancel-after-final');
      return;
    }
    // §9.2: "If the original request was an INVITE, the UAS SHOULD immediately respond to the
    // INVITE with a 487 (Request Terminated)." Through the transaction, so Timer G
    // retransmits it and the ACK is absorbed like any final response's.
    target.respond(
      487,
      buildResponse(target.request, target.source, 487, 'Request Terminated', {
        toTag: target.toTag,
        server: this.options.server,
      }),
    );
    this.emit('cancel-matched');
    this.tu.onInviteCancelled(target);
  }

  /**
   * Answers a CANCEL through its own non-INVITE transaction. At capacity the answer is sent
   * statelessly instead: refusing a CANCEL with 503 would leave the INVITE running, and a
   * retransmitted CANCEL then finds the INVITE completed and gets its 200 again.
   */
  private answerCancel(
    key: string,
    cancel: SipRequest,
    source: SipEndpoint,
    toTag: string | undefined,
    status: number,
    reason: string,
  ): void {
    if (this.transactions.size >= this.options.maxTransactions) {
      const wire = buildResponse(cancel, source, status, reason, {
        toTag: toTag ?? generateTag(),
        server: this.options.server,
      });
      this.channel.send(responseDestination(cancel.via[0], source), wire);
      return;
    }
    const tx = new NonInviteServerTransaction(key, cancel, source, this.context, toTag);
    this.transactions.set(key, tx);
    tx.respond(
      status,
      buildResponse(cancel, source, status, reason, {
        toTag: tx.toTag,
        server: this.options.server,
      }),
    );
  }

  private rejectForCapacity(request: SipRequest, source: SipEndpoint): void {
    // Stateless on purpose: state is what we are out of. A retransmission gets another 503,
    // the ACK of it is dropped as stray.
    const wire = buildResponse(request, source, 503, 'Service Unavailable', {
      toTag: generateTag(),
      headers: RETRY_AFTER,
      server: this.options.server,
    });
    this.channel.send(responseDestination(request.via[0], source), wire);
    this.emit('capacity-rejected');
  }

  private onTerminated(tx: ServerTransaction, cause: TerminationCause): void {
    if (this.transactions.get(tx.key) === tx) this.transactions.delete(tx.key);
    if (cause === 'timer-h') this.emit('timer-h-expired');
  }
}
