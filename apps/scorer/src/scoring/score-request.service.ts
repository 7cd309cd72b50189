// One score request → one reply: validate with the contract's hand-written guard, score with the
// rule engine, or refuse with an RpcException that ServerKafka turns into a reply carrying the
// `kafka_nest-err` header, so the gateway fails open at once instead of waiting for its deadline.
// Nothing else ever escapes: a throw here must not crash or stall the consumer.
import { Inject, Injectable } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import {
  scoreRequestProblem,
  type ScoreReplyMessage,
  type ScoreRequestMessage,
} from '@app/contracts';
import type { Logger } from '@app/observability';
import { ScoringEngine } from '@app/scoring';
import { ScorerMetrics } from '../observability/scorer-metrics';
import { SCORER_LOGGER } from '../tokens';

/** The `code` of the error object a refused request gets (JSON in `kafka_nest-err`). */
export type ScoreErrorCode = 'invalid-request' | 'scoring-failed';

export interface ScoreError {
  readonly status: 'error';
  readonly code: ScoreErrorCode;
  readonly message: string;
}

/** Where the request came from, for the log line of a refused one. */
export interface RequestOrigin {
  readonly partition: number;
  readonly offset: string;
}

/** Ids copied into log lines are bounded: a hostile payload must not bloat the log. */
const LOGGED_ID_MAX = 128;

@Injectable()
export class ScoreRequestService {
  constructor(
    @Inject(ScoringEngine) private readonly engine: ScoringEngine,
    @Inject(ScorerMetrics) private readonly metrics: ScorerMetrics,
    @Inject(SCORER_LOGGER) private readonly logger: Logger,
  ) {}

  /** Returns the reply, or throws an RpcException carrying a ScoreError; never anything else. */
  score(payload: unknown, origin: RequestOrigin): ScoreReplyMessage {
    const problem = scoreRequestProblem(payload);
    if (problem !== undefined) {
      this.metrics.invalid(problem);
      this.logger.warn({ ...idsOf(payload), ...origin, problem }, 'invalid score request');
      throw refusal('invalid-request', problem);
    }
    const request = payload as ScoreRequestMessage;
    const done = this.metrics.startScoring();
    try {
      const verdict = this.engine.score(request);
      done(verdict.verdict);
      return { decisionId: request.decisionId, ...verdict };
    } catch (error) {
      this.metrics.failed();
      this.logger.error(
        { decisionId: request.decisionId, callId: request.callId, ...origin, err: error },
        'rule engine failed',
      );
      throw refusal('scoring-failed', 'the rule engine failed on this request');
    }
  }
}

function refusal(code: ScoreErrorCode, message: string): RpcException {
  const error: ScoreError = { status: 'error', code, message };
  return new RpcException(error);
}

function idsOf(payload: unknown): { decisionId?: string; callId?: string } {
  if (typeof payload !== 'object' || payload === null) return {};
  const { decisionId, callId } = payload as Record<string, unknown>;
  return {
    ...(typeof decisionId === 'string' ? { decisionId: decisionId.slice(0, LOGGED_ID_MAX) } : {}),
    ...(typeof callId === 'string' ? { callId: callId.slice(0, LOGGED_ID_MAX) } : {}),
  };
}
