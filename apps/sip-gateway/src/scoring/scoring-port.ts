// The gateway's seam to the scorer. In-process today (unit tests, the bench's in-process
// row); the Kafka client replaces it behind this same interface (DESIGN.md §2).
import type { ScoreRequest, ScoreVerdict } from '@app/scoring';

export interface ScoringPort {
  /**
   * Scores one call. May return synchronously (in-process) or a promise (remote). The gateway
   * applies the peer's deadline itself; a rejection means "no verdict": fail open.
   */
  score(request: ScoreRequest): ScoreVerdict | Promise<ScoreVerdict>;
  /**
   * The gateway stopped waiting for this request (deadline or CANCEL): a remote port forgets it
   * and rejects its promise. Only called while the promise is pending, so a synchronous port
   * needs none and the hot path allocates nothing for it.
   */
  abandon?(request: ScoreRequest): void;
}
