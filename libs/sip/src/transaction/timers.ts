// RFC 3261 §17 / Table 4 timer values. T1, T2 and T4 come from config; the others derive from
// them exactly as the RFC's table says, with the "0s for reliable transports" cases.

export interface SipTimerConfig {
  /** RTT estimate, default 500 ms. */
  readonly T1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, default 4 s. */
  readonly T2: number;
  /** Maximum duration a message will remain in the network, default 5 s. */
  readonly T4: number;
}

export const DEFAULT_SIP_TIMERS: SipTimerConfig = Object.freeze({ T1: 500, T2: 4000, T4: 5000 });

export interface ServerTransactionTimers {
  /** INVITE final response retransmit interval start (§17.2.1): T1, unreliable only. */
  readonly G: number;
  /** Wait time for ACK receipt (§17.2.1): 64*T1. */
  readonly H: number;
  /** Wait time for ACK retransmits (§17.2.1): T4 for UDP, 0 for reliable. */
  readonly I: number;
  /** Wait time for non-INVITE request retransmits (§17.2.2): 64*T1 for UDP, 0 for reliable. */
  readonly J: number;
  /** Wait time for accepted INVITE request retransmits (RFC 6026 §8.7 Table 1): 64*T1. */
  readonly L: number;
}

export function serverTransactionTimers(
  config: SipTimerConfig,
  reliable: boolean,
): ServerTransactionTimers {
  return {
    G: config.T1,
    H: 64 * config.T1,
    I: reliable ? 0 : config.T4,
    J: reliable ? 0 : 64 * config.T1,
    L: 64 * config.T1,
  };
}
