// The gateway's seam to the scorer. In-process today (unit tests, the bench's in-process
// row); the Kafka client replaces it behind this same interface (DESIGN.md §2).
import type { ScoreRequest, ScoreVerdict } from '@app/scoring';

export interface ScoringPort {
  /**
   * Scores one call. May return synchronously (in-process) or a promise (remote). The gateway
   * applies the peer's deadline itself and aborts `signal` on deadline or CANCEL; an
   * implementation stops waiting when it fires. A rejection means "no verdict": fail open.
   */
  score(request: ScoreRequest, signal: AbortSignal): ScoreVerdict | Promise<ScoreVerdict>;
}

