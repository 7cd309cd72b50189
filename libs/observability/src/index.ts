export { createLogger, type Logger } from './logger';
export { createMetricsRegistry } from './metrics-registry';
export { kafkaLogCreator } from './kafka-log-creator';
