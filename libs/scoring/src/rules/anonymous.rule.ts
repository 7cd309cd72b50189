// A withheld or private caller (DESIGN.md §5) is recorded but never blocked for that alone: the
// rule set keeps this weight below the reject threshold. With `Privacy: id` the asserted number
// is still known to us and the other rules still check it (withholding is no way past a block).
import type { RuleWeights } from '../rule-set';
import type { ScoreReason } from '../score-types';
import { reason, type ScoringContext, type ScoringRule } from './scoring-rule';

export class AnonymousRule implements ScoringRule {
  readonly stage = 'points';

  constructor(private readonly weights: RuleWeights) {}

  evaluate({ caller, request }: ScoringContext): readonly ScoreReason[] {
    if (caller.kind === 'withheld') {
      return [
        reason(
          'anonymous',
          this.weights.anonymous,
          'The caller withheld their number; that alone never blocks a call.',
        ),
      ];
    }
    if (request.privacy.includes('id')) {
      return [
        reason(
          'anonymous',
          this.weights.anonymous,
          'The caller asked for their number to be kept private (Privacy: id); that alone never blocks a call.',
        ),
      ];
    }
    return [];
  }
}
