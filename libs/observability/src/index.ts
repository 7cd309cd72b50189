export { createLogger, type Logger } from './logger';
export { createMetricsRegistry } from './metrics-registry';
