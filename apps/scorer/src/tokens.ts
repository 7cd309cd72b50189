export const SCORER_CONFIG = Symbol('ScorerConfig');
export const SCORER_LOGGER = Symbol('ScorerLogger');
export const SCORER_METRICS_REGISTRY = Symbol('ScorerMetricsRegistry');
