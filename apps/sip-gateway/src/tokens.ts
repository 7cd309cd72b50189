export const GATEWAY_CONFIG = Symbol('GatewayConfig');
export const GATEWAY_LOGGER = Symbol('GatewayLogger');
export const GATEWAY_METRICS_REGISTRY = Symbol('GatewayMetricsRegistry');
export const GATEWAY_SCORING = Symbol('GatewayScoring');
