// The scoring request-reply pair on `scoring.internal.score-request.1` / `…score-reply.1`.
// The request is the scorer's ScoreRequest as JSON; the reply is its ScoreVerdict plus the
// decision id, so a gateway can match it without trusting headers alone.
import type { ScoreReason, ScoreRequest, ScoreVerdict } from '@app/scoring';
import {
  checkNumber,
  checkOneOf,
  checkOptionalString,
  checkString,
  checkStringArray,
  checkTimestamp,
  checkUuid,
  firstProblem,
  isRecord,
  type Problem,
} from './payload-check';

export type ScoreRequestMessage = ScoreRequest;
export interface ScoreReplyMessage extends ScoreVerdict {
  readonly decisionId: string;
}

const CALLER_SOURCES = ['pai', 'ppi', 'rpid', 'from'] as const;
const VERDICTS = ['allow', 'label', 'reject'] as const;
/** Numbers and SIP user parts are short; anything longer is garbage or an attack. */
const USER_MAX = 128;

/** Undefined when `value` is a well-formed score request, else the first problem. */
export function scoreRequestProblem(value: unknown): Problem {
  if (!isRecord(value)) return 'expected a JSON object';
  return firstProblem(
    checkUuid(value, 'decisionId'),
    checkTimestamp(value, 'receivedAt'),
    checkString(value, 'peer', 64),
    checkString(value, 'callId', 512),
    checkString(value, 'caller', USER_MAX),
    checkOneOf(value, 'callerSource', CALLER_SOURCES),
    checkString(value, 'fromUser', USER_MAX),
    checkString(value, 'callee', USER_MAX),
    checkOptionalString(value, 'verstat', 128),
    checkOptionalString(value, 'attestationHeader', 32),
    checkStringArray(value, 'privacy', 16),
    checkStringArray(value, 'redirectingNumbers', 32),
  );
}

export function isScoreRequest(value: unknown): value is ScoreRequestMessage {
  return scoreRequestProblem(value) === undefined;
}

export function scoreReplyProblem(value: unknown): Problem {
  if (!isRecord(value)) return 'expected a JSON object';
  const first = firstProblem(
    checkUuid(value, 'decisionId'),
    checkOneOf(value, 'verdict', VERDICTS),
    checkNumber(value, 'score', 0, 100),
    checkString(value, 'ruleSetVersion', 64),
  );
  if (first) return first;
  const reasons = value.reasons;
  if (!Array.isArray(reasons) || reasons.length > 64) return 'reasons: expected an array (≤ 64)';
  for (const r of reasons as unknown[]) {
    if (!isReason(r)) return 'reasons: expected { code, points, detail }';
  }
  return undefined;
}

export function isScoreReply(value: unknown): value is ScoreReplyMessage {
  return scoreReplyProblem(value) === undefined;
}

function isReason(value: unknown): value is ScoreReason {
  return (
    isRecord(value) &&
    typeof value.code === 'string' &&
    typeof value.points === 'number' &&
    typeof value.detail === 'string'
  );
}
