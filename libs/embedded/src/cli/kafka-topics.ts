// `npm run kafka:topics`: create or grow the service's topics on KAFKA_BROKERS
// (default 127.0.0.1:9092); KAFKA_REPLICATION_FACTOR (default 1), KAFKA_PARTITIONS_<KEY>.
import { ensureTopics, topicPlan } from '@app/embedded';

async function main(): Promise<void> {
  const brokers = process.env.KAFKA_BROKERS || '127.0.0.1:9092';
  const replicationFactor = Number(process.env.KAFKA_REPLICATION_FACTOR ?? 1);
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1) {
    throw new Error(
      `KAFKA_REPLICATION_FACTOR=${process.env.KAFKA_REPLICATION_FACTOR}: expected a whole number ≥ 1`,
    );
  }
  const ensured = await ensureTopics(brokers, topicPlan(), { replicationFactor });
  for (const topic of ensured) {
    const was = topic.action === 'grown' ? ` from ${topic.previousPartitions}` : '';
    process.stdout.write(
      `topic ${topic.topic} partitions=${topic.numPartitions} ${topic.action}${was}\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`kafka:topics: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
