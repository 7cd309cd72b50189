// Allow list (staff entries, approved appeals): a live match wins over everything (DESIGN.md §5).
import type { ScoringLists } from '../scoring-lists';
import type { ScoreReason } from '../score-types';
import { reason, type ScoringContext, type ScoringRule } from './scoring-rule';
import { describeMatch } from './list-wording';

export class AllowListRule implements ScoringRule {
  readonly stage = 'override';

  constructor(private readonly lists: ScoringLists) {}

  evaluate({ caller, now }: ScoringContext): readonly ScoreReason[] {
    if (caller.kind !== 'e164') return [];
    const entry = this.lists.findAllow(caller.e164, now);
    if (entry === undefined) return [];
    const why = entry.source === 'appeal' ? 'after an approved appeal' : 'by the operator';
    return [
      reason(
        'allow-list',
        0,
        `The calling number ${caller.e164} was allowed ${why}${describeMatch(entry.match)}: ${entry.reason}`,
      ),
    ];
  }
}
