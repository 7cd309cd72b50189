// Jest globalSetup (e2e project): ONE embedded Apache Kafka broker per test run, on a free port,
// with its data in a temporary folder. Workers inherit KAFKA_TEST_BROKERS from this process.
// Set KAFKA_TEST_BROKERS yourself to reuse a running broker (npm run kafka:embedded).
// Relative imports that avoid @app/*: globalSetup is transpiled but not resolved through
// moduleNameMapper.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedKafka } from '../../libs/embedded/src/kafka/embedded-kafka';
import {
  EmbeddedKafkaError,
  type EmbeddedKafkaErrorCode,
} from '../../libs/embedded/src/kafka/embedded-kafka.error';
import { findFreePortPair } from '../../libs/embedded/src/kafka/preflight';

export interface KafkaTestBroker {
  readonly kafka: EmbeddedKafka;
  readonly dataDir: string;
}

/** Shared with kafka-global-teardown.ts: both run in Jest's parent process. */
export const KAFKA_TEST_BROKER = Symbol.for('call-screening.kafka-test-broker');

const MISSING_TOOLS: readonly EmbeddedKafkaErrorCode[] = [
  'java-missing',
  'java-too-old',
  'maven-missing',
  'maven-failed',
];

type GlobalWithBroker = typeof globalThis & { [KAFKA_TEST_BROKER]?: KafkaTestBroker };

export default async function kafkaGlobalSetup(): Promise<void> {
  if (process.env.KAFKA_TEST_BROKERS) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'kafka-test-'));
  const kafka = new EmbeddedKafka({ dataDir, port: await findFreePortPair() });
  const started = Date.now();
  try {
    const { brokers, version } = await kafka.start();
    (globalThis as GlobalWithBroker)[KAFKA_TEST_BROKER] = { kafka, dataDir };
    process.env.KAFKA_TEST_BROKERS = brokers;
    process.stderr.write(
      `\nkafka ${brokers} (embedded Apache Kafka ${version}) in ${Date.now() - started} ms\n`,
    );
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    if (!(error instanceof EmbeddedKafkaError) || !MISSING_TOOLS.includes(error.code)) throw error;
    // No Java or Maven: the Kafka specs fail with this message; every other suite still runs.
    process.env.KAFKA_TEST_UNAVAILABLE = error.message;
    process.stderr.write(`\nkafka: not started: ${error.message}\n`);
  }
}
