// One answered INVITE (DESIGN.md §6), emitted by the gateway after the response left, keyed by
// decision id, acks = -1; the recorder writes it to `call_decision` exactly once.
import type { ScoreReason, Verdict } from '@app/scoring';
import {
  checkNumber,
  checkOneOf,
  checkString,
  checkTimestamp,
  checkUuid,
  firstProblem,
  isRecord,
  type Problem,
} from './payload-check';

export type VerdictOverride = 'none' | 'fail-open' | 'emergency';

export interface DecisionEventMessage {
  readonly decisionId: string;
  readonly receivedAt: string;
  readonly peer: string;
  readonly callId: string;
  readonly caller: string;
  readonly callee: string;
  /** Normalised STIR/SHAKEN result, e.g. `passed-A`, `failed-unknown`, `none-unknown`. */
  readonly attestation: string;
  /** The verdict applied (after fail-open / emergency overrides). */
  readonly verdict: Verdict;
  readonly override: VerdictOverride;
  /** The scorer's score; 0 when it gave none (fail open). */
  readonly score: number;
  readonly reasons: readonly ScoreReason[];
  /** Rule set that scored the call; `none` when it failed open. */
  readonly ruleSetVersion: string;
  readonly sipStatus: number;
  /** Remediation token carried by a rejection; null otherwise. */
  readonly remediationToken: string | null;
  readonly scoringLatencyMs: number;
}

export function decisionEventProblem(value: unknown): Problem {
  if (!isRecord(value)) return 'expected a JSON object';
  const token = value.remediationToken;
  return firstProblem(
    checkUuid(value, 'decisionId'),
    checkTimestamp(value, 'receivedAt'),
    checkString(value, 'peer', 64),
    checkString(value, 'callId', 512),
    checkString(value, 'caller', 128),
    checkString(value, 'callee', 128),
    checkString(value, 'attestation', 32),
    checkOneOf(value, 'verdict', ['allow', 'label', 'reject'] as const),
    checkOneOf(value, 'override', ['none', 'fail-open', 'emergency'] as const),
    checkNumber(value, 'score', 0, 100),
    Array.isArray(value.reasons) ? undefined : 'reasons: expected an array',
    checkString(value, 'ruleSetVersion', 64),
    checkNumber(value, 'sipStatus', 100, 699),
    token === null || (typeof token === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(token))
      ? undefined
      : 'remediationToken: expected null or a token',
    checkNumber(value, 'scoringLatencyMs', 0, 3_600_000),
  );
}

export function isDecisionEvent(value: unknown): value is DecisionEventMessage {
  return decisionEventProblem(value) === undefined;
}
