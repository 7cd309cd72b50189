// Idempotent topic creation with the kafkajs admin client: create what is missing, grow what has
// fewer partitions than planned (Kafka cannot shrink a topic), leave the rest alone.
import { Kafka, logLevel } from 'kafkajs';
import type { TopicSpec } from './topic-plan';

export interface EnsureTopicsOptions {
  /** 1 for the embedded broker; 3 for a production cluster. */
  readonly replicationFactor?: number;
  readonly clientId?: string;
}

export interface EnsuredTopic extends TopicSpec {
  readonly action: 'created' | 'grown' | 'unchanged';
  /** Partitions before this call (0 when created). */
  readonly previousPartitions: number;
}

/** Makes every topic of `plan` exist with at least its planned partitions on `brokers` (comma list). */
export async function ensureTopics(
  brokers: string,
  plan: readonly TopicSpec[],
  options: EnsureTopicsOptions = {},
): Promise<EnsuredTopic[]> {
  const kafka = new Kafka({
    clientId: options.clientId ?? 'ensure-topics',
    brokers: brokers
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean),
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 100, retries: 5 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = plan.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      // Returns false (no throw) when another process created one meanwhile: fine.
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.numPartitions,
          replicationFactor: options.replicationFactor ?? 1,
        })),
      });
    }
    const present = plan.filter((spec) => existing.has(spec.topic));
    const metadata =
      present.length > 0
        ? await admin.fetchTopicMetadata({ topics: present.map((spec) => spec.topic) })
        : { topics: [] };
    const counts = new Map(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
    const grow = present.filter((spec) => (counts.get(spec.topic) ?? 0) < spec.numPartitions);
    if (grow.length > 0) {
      await admin.createPartitions({
        topicPartitions: grow.map((spec) => ({ topic: spec.topic, count: spec.numPartitions })),
      });
    }
    return plan.map((spec): EnsuredTopic => {
      const previousPartitions = counts.get(spec.topic) ?? 0;
      if (!existing.has(spec.topic)) return { ...spec, action: 'created', previousPartitions: 0 };
      if (previousPartitions < spec.numPartitions)
        return { ...spec, action: 'grown', previousPartitions };
      return {
        ...spec,
        numPartitions: previousPartitions,
        action: 'unchanged',
        previousPartitions,
      };
    });
  } finally {
    await admin.disconnect();
  }
}
