import type { ScoreRequest, ScoreVerdict, ScoringEngine } from '@app/scoring';
import type { ScoringPort } from './scoring-port';

/** Runs the rule engine in the gateway's own process: no network, answers synchronously. */
export class InProcessScoringAdapter implements ScoringPort {
  constructor(private readonly engine: ScoringEngine) {}

  score(request: ScoreRequest): ScoreVerdict {
    return this.engine.score(request);
  }
}
