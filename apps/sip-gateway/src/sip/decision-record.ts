import type { ScoreRequest, ScoreVerdict } from '@app/scoring';
import type { SipAnswer } from '../policy/decision-policy';
import type { FailOpenCause } from '../observability/gateway-metrics';

/** One answered INVITE: what was asked, what the scorer said, what we answered. */
export interface DecisionRecord {
  readonly request: ScoreRequest;
  /** Undefined when the call failed open. */
  readonly verdict: ScoreVerdict | undefined;
  readonly failOpenCause: FailOpenCause | undefined;
  readonly answer: SipAnswer;
  /** INVITE received → verdict available (or deadline), in milliseconds. */
  readonly scoringLatencyMs: number;
}

/**
 * Told about every answered INVITE after its response left (never before, never blocking it).
 * The "Kafka spine" issue plugs the decision-event producer in here.
 */
export interface DecisionListener {
  onDecision(record: DecisionRecord): void;
}
