// What the gateway asks and what the scorer answers (DESIGN.md §4, §5). Plain data, no SIP
// types: the gateway extracts these from the INVITE so the rules never parse SIP.

/** The identity facts of one INVITE, as the gateway found them (raw, not yet normalised). */
export interface ScoreRequest {
  /** Decision id (uuid v4) the gateway assigned; the reply and the decision row carry it. */
  readonly decisionId: string;
  /** ISO-8601 time the INVITE was received. */
  readonly receivedAt: string;
  /** Peer profile name that sent the INVITE. */
  readonly peer: string;
  readonly callId: string;
  /**
   * The calling number as asserted: user part of P-Asserted-Identity if present, else
   * P-Preferred-Identity, else Remote-Party-ID, else From. Raw (`+12025550123`, `2025550123`,
   * `anonymous`); normalisation is the scorer's job.
   */
  readonly caller: string;
  /** Where `caller` came from. */
  readonly callerSource: 'pai' | 'ppi' | 'rpid' | 'from';
  /** User part of the From URI (may differ from `caller`). */
  readonly fromUser: string;
  /** The called number: Request-URI user part (else To user part). */
  readonly callee: string;
  /**
   * STIR/SHAKEN verification status as received: `verstat` from the identity URI's user part
   * or URI parameters (PAI first, then From), e.g. `TN-Validation-Passed-A`. Undefined if none.
   */
  readonly verstat: string | undefined;
  /** `Attestation-Info` or `P-Attestation-Indicator` header value (`A`, `B`, `C`), if any. */
  readonly attestationHeader: string | undefined;
  /** `Privacy` header tokens, lower-cased (`id`, `header`, `none`, ...). */
  readonly privacy: readonly string[];
  /** Redirecting numbers from Diversion / History-Info, oldest first; empty when not forwarded. */
  readonly redirectingNumbers: readonly string[];
}

export type Verdict = 'allow' | 'label' | 'reject';

/** One rule's contribution to a verdict, shown to staff and in the decision row. */
export interface ScoreReason {
  /** Stable machine code, e.g. `block-list`, `verstat-failed`, `invalid-number`. */
  readonly code: string;
  /** Points this rule added (negative for exonerating rules, e.g. an allow list). */
  readonly points: number;
  /** Plain words for staff and the blocked caller. */
  readonly detail: string;
}

export interface ScoreVerdict {
  readonly verdict: Verdict;
  /** 0..100. */
  readonly score: number;
  readonly reasons: readonly ScoreReason[];
  readonly ruleSetVersion: string;
}
