// What the two server transaction state machines (§17.2.1, §17.2.2) share: identity, the
// response path and the context the transaction layer gives them. One class per state
// machine extends it; the machines themselves live in their own files.
import type { SipRequest } from '../message';
import { responseDestination } from '../transport/response-routing';
import type { SipEndpoint, TransportProtocol } from '../transport/transport';
import {
  serverTransactionTimers,
  type ServerTransactionTimers,
  type SipTimerConfig,
} from './timers';
import type { ResponseChannel, ServerTransactionHandle } from './transaction-user';
import { generateTag } from './tag';

/** Why a transaction reached Terminated on its own; the layer turns some into events. */
export type TerminationCause =
  /** §17.2.1: no ACK for a 3xx-6xx before 64*T1. */
  | 'timer-h'
  /** §17.2.1: Confirmed state over (T4 unreliable, at once reliable). */
  | 'timer-i'
  /** §17.2.2: Completed state over (64*T1 unreliable, at once reliable). */
  | 'timer-j'
  /** RFC 6026 §8.7: Accepted state over after a 2xx. */
  | 'timer-l';

/** Everything a transaction needs from the layer; one object per layer, shared by all. */
export interface ServerTransactionContext {
  readonly channel: ResponseChannel;
  readonly config: SipTimerConfig;
  readonly reliableTimers: ServerTransactionTimers;
  readonly unreliableTimers: ServerTransactionTimers;
  /** How long the INVITE transaction waits for the TU before it sends 100 Trying itself. */
  readonly tryingDelayMs: number;
  /** `Server` header value for the responses the transaction builds (100 Trying). */
  readonly server: string;
  /** Called once when a transaction reaches Terminated by itself (never on dispose). */
  onTerminated(tx: ServerTransaction, cause: TerminationCause): void;
}

export function createServerTransactionContext(
  init: Omit<ServerTransactionContext, 'reliableTimers' | 'unreliableTimers'>,
): ServerTransactionContext {
  return {
    ...init,
    reliableTimers: Object.freeze(serverTransactionTimers(init.config, true)),
    unreliableTimers: Object.freeze(serverTransactionTimers(init.config, false)),
  };
}

/** §18: TCP and TLS are reliable; only UDP needs retransmissions. */
export function isReliable(protocol: TransportProtocol): boolean {
  switch (protocol) {
    case 'udp':
      return false;
    case 'tcp':
    case 'tls':
      return true;
    default:
      return assertNever(protocol);
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value ${String(value)}`);
}

export type Timer = ReturnType<typeof setTimeout>;

export abstract class ServerTransaction implements ServerTransactionHandle {
  abstract readonly kind: 'invite' | 'non-invite';
  readonly toTag: string;
  /** Where every response of this transaction goes (§18.2.2), fixed at creation. */
  readonly destination: SipEndpoint;
  protected readonly reliable: boolean;
  protected readonly timers: ServerTransactionTimers;
  /**
   * The request, until the final response: after it nothing reads the request, and a UDP
   * INVITE transaction lives on for Timers H and I (up to 32 s), so holding a few KB of parsed
   * headers per call would promote them all into the old generation at thousands of calls/s.
   */
  private heldRequest: SipRequest | undefined;

  protected constructor(
    /** The matching key (transaction-key.ts) the layer stores this transaction under. */
    readonly key: string,
    request: SipRequest,
    readonly source: SipEndpoint,
    protected readonly context: ServerTransactionContext,
    toTag: string | undefined,
  ) {
    this.heldRequest = request;
    this.destination = responseDestination(request.via[0], source);
    this.toTag = toTag ?? generateTag();
    this.reliable = isReliable(source.protocol);
    this.timers = this.reliable ? context.reliableTimers : context.unreliableTimers;
  }

  /** True once a final (>= 200) response has been handed to the transport. */
  get hasFinalResponse(): boolean {
    return this.heldRequest === undefined;
  }

  abstract get terminated(): boolean;
  abstract respond(status: number, wire: Buffer): boolean;
  /** A retransmission of the request that created this transaction (§17.2.3 matched it). */
  abstract receiveRetransmission(): void;
  /** Clears every timer and enters Terminated without telling the layer (shutdown). */
  abstract dispose(): void;

  /** The request that created the transaction; only until the final response was sent. */
  get request(): SipRequest {
    if (this.heldRequest === undefined) {
      throw new Error('the request is released once the final response has been sent');
    }
    return this.heldRequest;
  }

  /**
   * Called by the state machines once a final response has been handed to the transport:
   * from here on the transaction answers from state, so the request is let go (and its
   * absence is what hasFinalResponse reports, so the two can never disagree).
   */
  protected finalResponseSent(): void {
    this.heldRequest = undefined;
  }

  protected transmit(wire: Buffer): void {
    this.context.channel.send(this.destination, wire);
  }
}
