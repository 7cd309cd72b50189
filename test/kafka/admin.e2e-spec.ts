// Admin calls, ensureTopics and auto.create.topics.enable=false against the embedded broker.
import { ensureTopics } from '@app/embedded';
import type { Admin } from 'kafkajs';
import { testBrokers, testKafka, uniqueName } from './support/kafka-test-client';

describe('Kafka admin (embedded Apache Kafka 4)', () => {
  const kafka = testKafka(uniqueName('admin-spec'));
  let admin: Admin;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  it('should create, list and describe a topic when asked by the admin client', async () => {
    const topic = uniqueName('admin-spec.created');
    await expect(
      admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
      }),
    ).resolves.toBe(true);

    expect(await admin.listTopics()).toContain(topic);
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(topics).toHaveLength(1);
    expect(topics[0].partitions.map((partition) => partition.partitionId).sort()).toEqual([
      0, 1, 2,
    ]);
    expect(
      topics[0].partitions.every(
        (partition) => partition.leader === 1 && partition.replicas.length === 1,
      ),
    ).toBe(true);
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toHaveLength(1);
    expect(`${cluster.brokers[0].host}:${cluster.brokers[0].port}`).toBe(testBrokers()[0]);
  });

  it('should report false when a topic that exists is created again', async () => {
    const topic = uniqueName('admin-spec.twice');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    await expect(admin.createTopics({ topics: [{ topic, numPartitions: 1 }] })).resolves.toBe(
      false,
    );
  });

  it('should reject a produce and create nothing when the topic is unknown (auto.create.topics.enable=false)', async () => {
    const topic = uniqueName('admin-spec.unknown');
    const producer = kafka.producer({
      allowAutoTopicCreation: true,
      retry: { initialRetryTime: 100, retries: 2 },
    });
    await producer.connect();
    try {
      await expect(producer.send({ topic, messages: [{ value: 'x' }] })).rejects.toThrow(
        /does not host this topic-partition/,
      );
    } finally {
      await producer.disconnect();
    }
    expect(await admin.listTopics()).not.toContain(topic);
  });

  describe(ensureTopics.name, () => {
    it('should create missing topics, then change nothing when run again', async () => {
      const plan = [
        { topic: uniqueName('admin-spec.plan-a'), numPartitions: 4 },
        { topic: uniqueName('admin-spec.plan-b'), numPartitions: 1 },
      ];
      const first = await ensureTopics(testBrokers().join(','), plan);
      expect(first.map((topic) => topic.action)).toEqual(['created', 'created']);

      const second = await ensureTopics(testBrokers().join(','), plan);
      expect(second.map((topic) => [topic.action, topic.numPartitions])).toEqual([
        ['unchanged', 4],
        ['unchanged', 1],
      ]);
      const { topics } = await admin.fetchTopicMetadata({ topics: plan.map((spec) => spec.topic) });
      expect(topics.map((topic) => topic.partitions.length).sort()).toEqual([1, 4]);
    });

    it('should grow a topic to the planned partitions when it has fewer, and never shrink one', async () => {
      const topic = uniqueName('admin-spec.grow');
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });

      const grown = await ensureTopics(testBrokers().join(','), [{ topic, numPartitions: 5 }]);
      expect(grown).toEqual([{ topic, numPartitions: 5, action: 'grown', previousPartitions: 2 }]);
      const fewer = await ensureTopics(testBrokers().join(','), [{ topic, numPartitions: 3 }]);
      expect(fewer).toEqual([
        { topic, numPartitions: 5, action: 'unchanged', previousPartitions: 5 },
      ]);

      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(topics[0].partitions).toHaveLength(5);
    });
  });
});
