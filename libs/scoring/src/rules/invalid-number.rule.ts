// Invalid or unallocated calling numbers (DESIGN.md §5): `libphonenumber-js` metadata, plus the
// NANP rules the metadata lets through for +1. A withheld caller is not invalid.
import { nanpProblem } from '../nanp';
import type { NormalizedNumber } from '../number-normalizer';
import type { RuleWeights } from '../rule-set';
import type { ScoreReason } from '../score-types';
import { reason, type ScoringContext, type ScoringRule } from './scoring-rule';

export class InvalidNumberRule implements ScoringRule {
  readonly stage = 'points';

  constructor(private readonly weights: RuleWeights) {}

  evaluate({ caller }: ScoringContext): readonly ScoreReason[] {
    const problem = callerProblem(caller);
    if (problem === undefined) return [];
    return [reason('invalid-number', this.weights.invalidNumber, problem)];
  }
}

/** Why no real caller can have this number, or undefined. */
function callerProblem(caller: NormalizedNumber): string | undefined {
  switch (caller.kind) {
    case 'withheld':
      return undefined;
    case 'short-code':
      return `The calling number "${caller.digits}" is a ${caller.digits.length}-digit service code, which no call can come from.`;
    case 'unusable':
      return `The calling number ${JSON.stringify(caller.raw)} is not a telephone number: ${caller.problem}.`;
    case 'e164': {
      const nanp =
        caller.countryCallingCode === '1' ? nanpProblem(caller.nationalNumber) : undefined;
      if (nanp !== undefined) return `The calling number ${caller.e164} cannot exist: ${nanp}.`;
      if (!caller.possible) {
        return `The calling number ${caller.e164} has the wrong number of digits for its country.`;
      }
      if (!caller.valid) {
        return `The calling number ${caller.e164} is not in any range allocated by its country's numbering plan.`;
      }
      return undefined;
    }
  }
}
