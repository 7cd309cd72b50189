// The contract every rule implements. A rule is a small object built once from the rule set
// and lists it needs; per call it sees only the normalised facts of that call.
import type { NormalizedNumber } from '../number-normalizer';
import type { ScoreReason, ScoreRequest } from '../score-types';
import type { StirShakenResult } from '../stir-shaken';

/** Every reason code the engine can produce (stable: stored with decisions, shown to staff). */
export type ReasonCode =
  | 'allow-list'
  | 'protected-number'
  | 'block-list'
  | 'do-not-originate'
  | 'invalid-number'
  | 'verstat-failed'
  | 'verstat-passed'
  | 'verstat-none'
  | 'anonymous';

/** One call's facts, normalised once by the engine and shared by all rules. */
export interface ScoringContext {
  readonly request: ScoreRequest;
  readonly caller: NormalizedNumber;
  readonly callee: NormalizedNumber;
  readonly stirShaken: StirShakenResult;
  /** Epoch milliseconds from the engine's clock (list expiry). */
  readonly now: number;
}

/**
 * A scoring rule. `override` rules decide the verdict (allow) as soon as one returns a reason;
 * `points` rules add their reasons' points to the score.
 */
export interface ScoringRule {
  readonly stage: 'override' | 'points';
  evaluate(context: ScoringContext): readonly ScoreReason[];
}

export function reason(code: ReasonCode, points: number, detail: string): ScoreReason {
  return { code, points, detail };
}
