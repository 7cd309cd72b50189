// `npm run kafka:embedded`: the embedded broker alone on 127.0.0.1:9092 (KAFKA_PORT), with the
// service's topics, until SIGINT/SIGTERM. Data in DATA_DIR (default ./.data).
import { EmbeddedKafka, EmbeddedKafkaError, ensureTopics, topicPlan } from '@app/embedded';

async function main(): Promise<void> {
  const port = Number(process.env.KAFKA_PORT ?? 9092);
  if (!Number.isInteger(port) || port < 1 || port > 65_534) {
    throw new Error(`KAFKA_PORT=${process.env.KAFKA_PORT}: expected a port from 1 to 65534`);
  }
  const plan = topicPlan();
  const kafka = new EmbeddedKafka({ dataDir: process.env.DATA_DIR ?? './.data', port });
  let stopping: Promise<void> | undefined;
  const shutdown = (): void => {
    stopping ??= kafka.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  const { brokers, version } = await kafka.start();
  try {
    await ensureTopics(brokers, plan, { replicationFactor: 1 });
  } catch (error) {
    await kafka.stop();
    throw error;
  }
  process.stdout.write(`kafka ${brokers} (embedded Apache Kafka ${version})\n`);
}

main().catch((error: unknown) => {
  const message =
    error instanceof EmbeddedKafkaError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`kafka:embedded: ${message}\n`);
  process.exit(1);
});
