// The scorer side of the e2e tests: a real embedded Apache Kafka broker of this file's own, the
// topics from the topic plan, and scorer instances run in process. Its own broker, not the run's
// shared one (KAFKA_TEST_BROKERS): the topic names and the `scorer-server` group are fixed, so a
// scorer of another spec file running in parallel (test/spine) would join this group, take
// partitions and answer these requests with its own lists.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadScorerConfig } from '@app/config';
import { DEFAULT_PARTITIONS } from '@app/contracts';
import { EmbeddedKafka, ensureTopics, findFreePortPair, topicPlan } from '@app/embedded';
import { startScorer, type RunningScorer } from '../../../apps/scorer/src/bootstrap';
import { waitUntil } from './eventually';

const CONFIG_DIR = resolve(__dirname, '../../../config');
export const REQUEST_PARTITIONS = DEFAULT_PARTITIONS.scoreRequest;

export interface OwnBroker {
  readonly brokers: string[];
  stop(): Promise<void>;
}

/** Starts a one-node Kafka with the topics created (the broker never auto-creates). */
export async function startOwnBroker(): Promise<OwnBroker> {
  const unavailable = process.env.KAFKA_TEST_UNAVAILABLE;
  if (unavailable) throw new Error(`the embedded Kafka cannot start: ${unavailable}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'scorer-e2e-kafka-'));
  const kafka = new EmbeddedKafka({ dataDir, port: await findFreePortPair() });
  const { brokers } = await kafka.start();
  await ensureTopics(brokers, topicPlan(), { replicationFactor: 1 });
  return {
    brokers: brokers.split(','),
    stop: async () => {
      await kafka.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One scorer instance in this process, in the shared `scorer-server` group. */
export function startTestScorer(brokers: string[], name: string): Promise<RunningScorer> {
  const config = loadScorerConfig({
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_CLIENT_ID: `scorer-e2e-${name}`,
    SCORER_HTTP_PORT: '0',
    SCORING_RULESET_FILE: resolve(CONFIG_DIR, 'ruleset.json'),
    SCORING_LISTS_FILE: resolve(CONFIG_DIR, 'lists.json'),
    LOG_LEVEL: process.env.SCORER_E2E_LOG_LEVEL ?? 'silent',
  });
  return startScorer(config, { shutdownHooks: false });
}

/**
 * True when every instance is serving and their assignments split all request partitions with
 * no overlap: one generation, seen by every member (a member that has not noticed a rebalance
 * yet still reports its old partitions, which then overlap the new owner's).
 */
export function assignmentSettled(scorers: readonly RunningScorer[]): boolean {
  if (!scorers.every((s) => s.readiness.ready)) return false;
  const owned = scorers.flatMap((s) => s.readiness.status().partitions);
  return owned.length === REQUEST_PARTITIONS && new Set(owned).size === REQUEST_PARTITIONS;
}

export async function waitForSettledGroup(
  scorers: readonly RunningScorer[],
  timeoutMs = 30_000,
): Promise<void> {
  await waitUntil(
    () => assignmentSettled(scorers),
    timeoutMs,
    `${scorers.length} scorers to split the partitions`,
  );
}

/** Sum of a Prometheus metric's samples on a scorer's /metrics that carry `labels`. */
export async function metricOf(
  scorer: RunningScorer,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(`${scorer.httpUrl}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(\{[^}]*\})? ([^ ]+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labelText = match[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) {
      sum += Number(match[3]);
    }
  }
  return sum;
}
