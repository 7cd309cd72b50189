// STIR/SHAKEN (DESIGN.md §5): a failed verification is strong evidence of spoofing; a passed one
// only says the originating carrier vouched for the number, not that the call is wanted, so it
// lowers the score a little at most (the rule set caps that bonus).
import type { RuleWeights } from '../rule-set';
import type { ScoreReason } from '../score-types';
import type { Attestation } from '../stir-shaken';
import { reason, type ScoringContext, type ScoringRule } from './scoring-rule';

export class StirShakenRule implements ScoringRule {
  readonly stage = 'points';

  constructor(private readonly weights: RuleWeights) {}

  evaluate({ stirShaken }: ScoringContext): readonly ScoreReason[] {
    switch (stirShaken.status) {
      case 'failed':
        return [
          reason(
            'verstat-failed',
            this.weights.verstatFailed,
            "The caller ID failed STIR/SHAKEN verification: the call's signature does not match the number shown, a sign it is spoofed.",
          ),
        ];
      case 'passed':
        return [
          reason(
            'verstat-passed',
            this.passedPoints(stirShaken.attestation),
            `The caller ID passed STIR/SHAKEN verification (attestation ${stirShaken.attestation}). This only shows the originating carrier vouched for the number, not that the call is wanted.`,
          ),
        ];
      case 'none':
        if (this.weights.verstatNone === 0) return [];
        return [
          reason(
            'verstat-none',
            this.weights.verstatNone,
            'The caller ID was not verified with STIR/SHAKEN.',
          ),
        ];
    }
  }

  private passedPoints(attestation: Attestation): number {
    switch (attestation) {
      case 'A':
        return this.weights.verstatPassedA;
      case 'B':
        return this.weights.verstatPassedB;
      case 'C':
        return this.weights.verstatPassedC;
      case 'unknown':
        return 0;
    }
  }
}
