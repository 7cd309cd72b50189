// The rule engine (DESIGN.md §5): pure and synchronous, so the gateway can run it in process
// on the hot path and the scorer behind Kafka. Normalises the call's identity once, runs the
// override rules (allow list, protected numbers), else sums the points rules into a verdict.
import { NormalizedNumberCache } from './normalized-number-cache';
import type { RuleSet } from './rule-set';
import { AllowListRule } from './rules/allow-list.rule';
import { AnonymousRule } from './rules/anonymous.rule';
import { BlockListRule } from './rules/block-list.rule';
import { InvalidNumberRule } from './rules/invalid-number.rule';
import { ProtectedNumberRule } from './rules/protected-number.rule';
import type { ScoringContext, ScoringRule } from './rules/scoring-rule';
import type { ScoringLists } from './scoring-lists';
import type { ScoreReason, ScoreRequest, ScoreVerdict, Verdict } from './score-types';
import { normalizeStirShaken } from './stir-shaken';
import { StirShakenRule } from './rules/stir-shaken.rule';

const MIN_SCORE = 0;
const MAX_SCORE = 100;

export class ScoringEngine {
  private readonly overrideRules: readonly ScoringRule[];
  private readonly pointsRules: readonly ScoringRule[];
  private readonly numbers: NormalizedNumberCache;

  /**
   * @param ruleSet validated rule set (`loadRuleSet` / `parseRuleSet`)
   * @param lists allow/block lists (`loadScoringLists` / `parseScoringLists`)
   * @param clock epoch milliseconds, for list expiry; `Date.now` by default
   */
  constructor(
    private readonly ruleSet: RuleSet,
    private readonly lists: ScoringLists,
    private readonly clock: () => number = Date.now,
    numbers?: NormalizedNumberCache,
  ) {
    this.numbers = numbers ?? new NormalizedNumberCache(ruleSet.defaultRegion);
    // Adding a rule: one file under rules/, one line here, one weight in the rule set.
    const rules: readonly ScoringRule[] = [
      new AllowListRule(lists),
      new ProtectedNumberRule(ruleSet),
      new BlockListRule(lists, ruleSet.weights),
      new InvalidNumberRule(ruleSet.weights),
      new StirShakenRule(ruleSet.weights),
      new AnonymousRule(ruleSet.weights),
    ];
    this.overrideRules = rules.filter((rule) => rule.stage === 'override');
    this.pointsRules = rules.filter((rule) => rule.stage === 'points');
  }

  /** The same rule set with new lists (a list change arrived); this engine is unchanged. */
  withLists(lists: ScoringLists): ScoringEngine {
    return new ScoringEngine(this.ruleSet, lists, this.clock, this.numbers);
  }

  /** Scores one call. Never throws on odd input: every raw value has a normalised meaning. */
  score(request: ScoreRequest): ScoreVerdict {
    const context = this.contextOf(request);
    const overrides = this.overrideRules.flatMap((rule) => rule.evaluate(context));
    // An override decides the verdict; the points rules would only add noise to its reasons.
    if (overrides.length > 0) return this.verdict('allow', MIN_SCORE, overrides);

    const reasons = this.pointsRules.flatMap((rule) => rule.evaluate(context));
    const total = reasons.reduce((sum, { points }) => sum + points, 0);
    const score = Math.min(MAX_SCORE, Math.max(MIN_SCORE, total));
    return this.verdict(this.verdictFor(score), score, reasons);
  }

  private contextOf(request: ScoreRequest): ScoringContext {
    return {
      request,
      caller: this.numbers.normalize(request.caller),
      callee: this.numbers.normalize(request.callee),
      stirShaken: normalizeStirShaken(request.verstat, request.attestationHeader),
      now: this.clock(),
    };
  }

  private verdictFor(score: number): Verdict {
    const { label, reject } = this.ruleSet.thresholds;
    if (score >= reject) return 'reject';
    if (score >= label) return 'label';
    return 'allow';
  }

  private verdict(verdict: Verdict, score: number, reasons: readonly ScoreReason[]): ScoreVerdict {
    return { verdict, score, reasons, ruleSetVersion: this.ruleSet.version };
  }
}
