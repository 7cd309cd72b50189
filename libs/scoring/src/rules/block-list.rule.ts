// Block lists (DESIGN.md §5): staff entries (`block-list`) and do-not-originate numbers
// (`do-not-originate`: numbers that only ever receive calls, so a call from one is spoofed).
// One reason per source, from its most specific live entry.
import type { RuleWeights } from '../rule-set';
import type { BlockListEntry, ScoringLists } from '../scoring-lists';
import type { ScoreReason } from '../score-types';
import { describeMatch } from './list-wording';
import { reason, type ScoringContext, type ScoringRule } from './scoring-rule';

export class BlockListRule implements ScoringRule {
  readonly stage = 'points';

  constructor(
    private readonly lists: ScoringLists,
    private readonly weights: RuleWeights,
  ) {}

  evaluate({ caller, now }: ScoringContext): readonly ScoreReason[] {
    if (caller.kind !== 'e164') return [];
    const entries = this.lists.findBlocks(caller.e164, now);
    if (entries.length === 0) return [];
    const reasons: ScoreReason[] = [];
    const staff = entries.find((entry) => entry.source === 'staff');
    const dno = entries.find((entry) => entry.source === 'dno');
    if (staff !== undefined) reasons.push(this.staffReason(caller.e164, staff));
    if (dno !== undefined) reasons.push(this.dnoReason(caller.e164, dno));
    return reasons;
  }

  private staffReason(e164: string, entry: BlockListEntry): ScoreReason {
    const detail = `The calling number ${e164} is on the operator's block list${describeMatch(entry.match)}: ${entry.reason}`;
    return reason('block-list', this.weights.blockList, detail);
  }

  private dnoReason(e164: string, entry: BlockListEntry): ScoreReason {
    const detail =
      `The calling number ${e164} is on the do-not-originate list${describeMatch(entry.match)}: ` +
      `it is only used to receive calls, so a call showing it is spoofed. ${entry.reason}`;
    return reason('do-not-originate', this.weights.doNotOriginate, detail);
  }
}
