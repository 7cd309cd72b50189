import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { ScorerConfig } from '@app/config';
import { TOPICS } from '@app/contracts';
import {
  createLogger,
  createMetricsRegistry,
  kafkaLogCreator,
  type Logger,
} from '@app/observability';
import { loadRuleSet, loadScoringLists, ScoringEngine } from '@app/scoring';
import { ConsumerReadiness } from './kafka/consumer-readiness';
import { SCORER_GROUP_ID, scorerKafkaOptions } from './kafka/kafka-options';
import { ScorerKafkaServer } from './kafka/scorer-kafka.server';
import { ScorerMetrics } from './observability/scorer-metrics';
import { ScorerModule } from './scorer.module';

export interface StartScorerOptions {
  /** SIGINT/SIGTERM close the app, then exit 0. Off when a host process owns the signals. */
  readonly shutdownHooks?: boolean;
  /** Bound on joining the group and being assigned; past it startScorer rejects. */
  readonly readyTimeoutMs?: number;
}

export interface RunningScorer {
  readonly app: INestApplication;
  /** Where /metrics and /health answer. */
  readonly httpUrl: string;
  /** `scorer-server`: the consumer group as the broker sees it. */
  readonly groupId: string;
  readonly readiness: ConsumerReadiness;
  /** Leaves the group (its partitions move at once), then stops HTTP. */
  close(): Promise<void>;
}

/** A join waits for every member to rejoin (≤ heartbeat interval) plus broker round trips. */
const DEFAULT_READY_TIMEOUT_MS = 30_000;

/**
 * Boots the scorer (the Kafka consumer and its HTTP side) and resolves once the consumer is
 * assigned and serving; main.ts, the e2e tests and the `npm start` orchestrator share this.
 */
export async function startScorer(
  config: ScorerConfig,
  options: StartScorerOptions = {},
): Promise<RunningScorer> {
  const logger = createLogger('scorer', config.logLevel);
  // Load the rule set and lists before any connection: a bad file fails at once, clearly.
  const ruleSet = loadRuleSet(config.scoring.ruleSetFile);
  const lists = loadScoringLists(config.scoring.listsFile, ruleSet.defaultRegion);
  const engine = new ScoringEngine(ruleSet, lists);
  const readiness = new ConsumerReadiness(TOPICS.scoreRequest);
  const registry = createMetricsRegistry('scorer');
  const metrics = new ScorerMetrics(registry, readiness);

  const app = await NestFactory.create(
    ScorerModule.forConfig(config, { engine, logger, readiness, registry, metrics }),
    {
      logger: ['error', 'warn'],
    },
  );
  if (options.shutdownHooks ?? true) app.enableShutdownHooks(undefined, { useProcessExit: true });
  const server = new ScorerKafkaServer(
    scorerKafkaOptions(config, kafkaLogCreator(logger)),
    readiness,
    metrics,
    logger,
  );
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  try {
    // HTTP first, so /health/live answers and /health/ready says why while the group forms.
    await app.listen(config.http.port, config.http.host);
    await app.startAllMicroservices();
    await readiness.whenReady(options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw explainStartError(error, config);
  }
  const address = (app.getHttpServer() as Server).address() as AddressInfo;
  logger.info(
    { brokers: config.kafka.brokers, groupId: server.consumerGroupId, ruleSet: ruleSet.version },
    'scorer ready',
  );
  return {
    app,
    httpUrl: `http://${config.http.host}:${address.port}`,
    groupId: server.consumerGroupId,
    readiness,
    close: () => closeScorer(app, logger),
  };
}

async function closeScorer(app: INestApplication, logger: Logger): Promise<void> {
  await app.close();
  logger.info('scorer stopped');
}

/** kafkajs errors name the symptom; say what to do about it. */
function explainStartError(error: unknown, config: ScorerConfig): Error {
  const text = describeError(error);
  const brokers = config.kafka.brokers.join(',');
  if (/does not host this topic-partition|UNKNOWN_TOPIC/i.test(text)) {
    return new Error(
      `topic ${TOPICS.scoreRequest} does not exist on ${brokers}; the scorer never creates topics ` +
        `(create them with ensureTopics, as npm start does): ${text}`,
      { cause: error },
    );
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|Connection timeout|connect E/i.test(text)) {
    return new Error(`cannot reach Kafka at ${brokers} (KAFKA_BROKERS): ${text}`, { cause: error });
  }
  return new Error(
    `scorer failed to start against Kafka at ${brokers} (group ${SCORER_GROUP_ID}): ${text}`,
    {
      cause: error,
    },
  );
}

/** The message chain of an error and its causes (kafkajs wraps the root cause). */
function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    parts.push(current instanceof Error ? current.message : JSON.stringify(current));
    current = current instanceof Error ? (current as Error & { cause?: unknown }).cause : undefined;
  }
  return [...new Set(parts)].join(': ');
}
