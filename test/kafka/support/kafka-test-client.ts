// The kafkajs client as the apps configure it (KAFKA.md §4), against the run's broker.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type ConsumerConfig } from 'kafkajs';

export function testBrokers(): string[] {
  const brokers = process.env.KAFKA_TEST_BROKERS;
  const unavailable = process.env.KAFKA_TEST_UNAVAILABLE;
  if (!brokers && unavailable) throw new Error(`no Kafka broker for the tests: ${unavailable}`);
  if (!brokers)
    throw new Error(
      'KAFKA_TEST_BROKERS is not set: run through the e2e project (kafka-global-setup.ts)',
    );
  return brokers.split(',');
}

export function testKafka(clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: testBrokers(),
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 100, retries: 3 },
  });
}

/** KAFKA.md §4 consumer settings. */
export function consumerConfig(groupId: string): ConsumerConfig {
  return {
    groupId,
    maxWaitTimeInMs: 100,
    minBytes: 1,
    heartbeatInterval: 1000,
    sessionTimeout: 6000,
    rebalanceTimeout: 10_000,
    retry: { initialRetryTime: 100, retries: 3 },
  };
}

/** A name no other test file or run shares: `<prefix>.<8 hex>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}.${randomBytes(4).toString('hex')}`;
}

/** Polls `check` until it returns true, at most `timeoutMs`; then fails with `what`. */
export async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}
