// What the gateway scores with, and who hears about its decisions, per GATEWAY_SCORING:
// `kafka` (the scorer microservice over Kafka, decision events to Kafka) or `in-process`
// (the rule engine here; for benchmarks and tests). Built once by the module.
import type { GatewayConfig } from '@app/config';
import { TOPICS } from '@app/contracts';
import type { Logger } from '@app/observability';
import { loadRuleSet, loadScoringLists, ScoringEngine } from '@app/scoring';
import type { Admin } from 'kafkajs';
import type { Registry } from 'prom-client';
import {
  DecisionEventPublisher,
  DEFAULT_DECISION_EVENT_OPTIONS,
} from '../kafka/decision-event-publisher';
import { KafkaClientMetrics } from '../kafka/kafka-client-metrics';
import { createGatewayKafka, replyPartitionFor } from '../kafka/kafka-factory';
import { KafkaScoringClient } from '../kafka/kafka-scoring-client';
import type { DecisionListener } from '../sip/decision-record';
import { InProcessScoringAdapter } from './in-process-scoring.adapter';
import type { ScoringPort } from './scoring-port';

export interface GatewayScoring {
  readonly port: ScoringPort;
  readonly decisionListeners: readonly DecisionListener[];
  /** After the SIP side has drained: flush decision events, disconnect. */
  stop(): Promise<void>;
}

/** How long shutdown waits for buffered decision events to reach Kafka. */
const DECISION_FLUSH_TIMEOUT_MS = 5000;
/** How long start waits for the reply partition to be assigned. */
const KAFKA_START_TIMEOUT_MS = 30_000;

export async function createGatewayScoring(
  config: GatewayConfig,
  logger: Logger,
  registry: Registry,
): Promise<GatewayScoring> {
  if (config.scoring.mode === 'in-process' || !config.kafka) {
    const ruleSet = loadRuleSet(config.scoring.ruleSetFile);
    const lists = loadScoringLists(config.scoring.listsFile, ruleSet.defaultRegion);
    logger.info({ ruleSetVersion: ruleSet.version }, 'scoring in process');
    return {
      port: new InProcessScoringAdapter(new ScoringEngine(ruleSet, lists)),
      decisionListeners: [],
      stop: () => Promise.resolve(),
    };
  }
  const kafka = createGatewayKafka(config.kafka, logger);
  const admin = kafka.admin();
  await admin.connect();
  let partitions: number;
  try {
    partitions = await replyPartitionCount(admin);
  } finally {
    await admin.disconnect();
  }
  const metrics = new KafkaClientMetrics(registry);
  const client = new KafkaScoringClient(
    kafka,
    {
      instanceId: config.kafka.instanceId,
      replyPartition: replyPartitionFor(config.kafka, partitions),
      startTimeoutMs: KAFKA_START_TIMEOUT_MS,
    },
    metrics,
    logger,
  );
  const publisher = new DecisionEventPublisher(
    kafka,
    DEFAULT_DECISION_EVENT_OPTIONS,
    metrics,
    logger,
  );
  await Promise.all([client.start(), publisher.start()]);
  return {
    port: client,
    decisionListeners: [publisher],
    async stop() {
      await publisher.stop(DECISION_FLUSH_TIMEOUT_MS);
      await client.stop();
    },
  };
}

/** The reply topic's partition count; a clear error when the topics were never created. */
async function replyPartitionCount(admin: Admin): Promise<number> {
  const topics = await admin.listTopics();
  if (!topics.includes(TOPICS.scoreReply)) {
    throw new Error(
      `Kafka topic ${TOPICS.scoreReply} does not exist: create the topics first (npm run kafka:topics, or npm start)`,
    );
  }
  const [meta] = (await admin.fetchTopicMetadata({ topics: [TOPICS.scoreReply] })).topics;
  return meta.partitions.length;
}
