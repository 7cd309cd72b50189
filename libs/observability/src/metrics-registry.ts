import { collectDefaultMetrics, Registry } from 'prom-client';

/** A registry with the process metrics (heap, RSS, event-loop lag) already registered. */
export function createMetricsRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}
