// Jest globalTeardown (e2e project): stops the broker kafka-global-setup.ts started, if any.
import { rmSync } from 'node:fs';
import { KAFKA_TEST_BROKER, type KafkaTestBroker } from './kafka-global-setup';

type GlobalWithBroker = typeof globalThis & { [KAFKA_TEST_BROKER]?: KafkaTestBroker };

export default async function kafkaGlobalTeardown(): Promise<void> {
  const state = globalThis as GlobalWithBroker;
  const broker = state[KAFKA_TEST_BROKER];
  if (!broker) return;
  delete state[KAFKA_TEST_BROKER];
  await broker.kafka.stop();
  delete process.env.KAFKA_TEST_BROKERS;
  rmSync(broker.dataDir, { recursive: true, force: true });
}
