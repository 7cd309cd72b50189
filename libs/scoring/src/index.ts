// Public API of libs/scoring: framework-free call-scoring rules (DESIGN.md §5).
export type { ScoreReason, ScoreRequest, ScoreVerdict, Verdict } from './score-types';
export { ScoringEngine } from './scoring-engine';
export { type RuleSet, type RuleWeights, loadRuleSet, parseRuleSet } from './rule-set';
export {
  type AllowListEntry,
  type AllowListSource,
  type BlockListEntry,
  type BlockListSource,
  ScoringLists,
  loadScoringLists,
  parseScoringLists,
} from './scoring-lists';
export type { NumberMatch } from './number-index';
export {
  RuleSetError,
  ScoringConfigError,
  type ScoringConfigErrorCode,
  ScoringListsError,
} from './scoring-config.exception';
export { type NormalizedNumber, normalizeNumber } from './number-normalizer';
export {
  type Attestation,
  type StirShakenResult,
  type StirShakenStatus,
  normalizeStirShaken,
} from './stir-shaken';
export type { ReasonCode } from './rules/scoring-rule';
export { EMERGENCY_SERVICE_CODES } from './rules/protected-number.rule';
