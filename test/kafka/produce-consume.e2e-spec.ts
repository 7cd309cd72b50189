// Produce and consume with keys, headers and explicit partitions; committed offsets survive a
// reconnect. kafkajs 2.2.4 against Kafka 4 (KAFKA.md §2).
import type { Admin, Consumer, KafkaMessage, Producer } from 'kafkajs';
import { consumerConfig, eventually, testKafka, uniqueName } from './support/kafka-test-client';

interface Received {
  readonly partition: number;
  readonly message: KafkaMessage;
}

describe('Kafka produce and consume (embedded Apache Kafka 4)', () => {
  const kafka = testKafka(uniqueName('produce-consume-spec'));
  let admin: Admin;
  let producer: Producer;
  const consumers: Consumer[] = [];

  async function consume(topic: string, groupId: string, into: Received[]): Promise<Consumer> {
    const consumer = kafka.consumer(consumerConfig(groupId));
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        into.push({ partition, message });
        return Promise.resolve();
      },
    });
    return consumer;
  }

  async function createTopic(topic: string, numPartitions: number): Promise<void> {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions, replicationFactor: 1 }],
    });
  }

  beforeAll(async () => {
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  });

  it('should deliver key, value, headers and partition as produced when partitions are explicit', async () => {
    const topic = uniqueName('produce-consume-spec.explicit');
    await createTopic(topic, 3);
    await producer.send({
      topic,
      acks: 1,
      messages: [0, 1, 2].map((partition) => ({
        partition,
        key: `caller-${partition}`,
        value: JSON.stringify({ n: partition }),
        headers: {
          kafka_correlationId: `corr-${partition}`,
          kafka_replyPartition: String(partition),
        },
      })),
    });

    const received: Received[] = [];
    await consume(topic, uniqueName('produce-consume-spec.explicit-group'), received);
    await eventually('3 messages', () => received.length >= 3);

    const byPartition = [...received].sort((a, b) => a.partition - b.partition);
    expect(received).toHaveLength(3);
    byPartition.forEach(({ partition, message }, index) => {
      expect(partition).toBe(index);
      expect(message.key?.toString()).toBe(`caller-${index}`);
      expect(JSON.parse(message.value?.toString() ?? 'null')).toEqual({ n: index });
      expect(message.headers?.kafka_correlationId?.toString()).toBe(`corr-${index}`);
      expect(message.headers?.kafka_replyPartition?.toString()).toBe(String(index));
    });
  });

  it('should put every message of one key on one partition, in order, when partitions are by key', async () => {
    const topic = uniqueName('produce-consume-spec.keyed');
    await createTopic(topic, 6);
    const keys = ['+15551230001', '+15551230002', '+15551230003'];
    for (let round = 0; round < 5; round += 1) {
      await producer.send({
        topic,
        messages: keys.map((key) => ({ key, value: `${key}#${round}` })),
      });
    }

    const received: Received[] = [];
    await consume(topic, uniqueName('produce-consume-spec.keyed-group'), received);
    await eventually('15 messages', () => received.length >= 15);

    for (const key of keys) {
      const ofKey = received.filter(({ message }) => message.key?.toString() === key);
      expect(new Set(ofKey.map(({ partition }) => partition)).size).toBe(1);
      expect(ofKey.map(({ message }) => message.value?.toString())).toEqual(
        [0, 1, 2, 3, 4].map((round) => `${key}#${round}`),
      );
    }
  });

  it('should resume after the committed offsets when a group reconnects', async () => {
    const topic = uniqueName('produce-consume-spec.resume');
    const groupId = uniqueName('produce-consume-spec.resume-group');
    await createTopic(topic, 2);
    const batch = (from: number): Array<{ partition: number; value: string }> =>
      Array.from({ length: 10 }, (_, i) => ({ partition: i % 2, value: `m${from + i}` }));
    await producer.send({ topic, messages: batch(0) });

    const first: Received[] = [];
    const consumer = await consume(topic, groupId, first);
    await eventually('the first 10 messages', () => first.length >= 10);
    await consumer.disconnect(); // commits what it processed, then leaves the group

    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(
      offsets[0].partitions.map(({ partition, offset }) => [partition, offset]).sort(),
    ).toEqual([
      [0, '5'],
      [1, '5'],
    ]);

    await producer.send({ topic, messages: batch(10) });
    const second: Received[] = [];
    await consume(topic, groupId, second);
    await eventually('the next 10 messages', () => second.length >= 10);
    await new Promise((done) => setTimeout(done, 500)); // room for a wrongly replayed message
    expect(second.map(({ message }) => message.value?.toString()).sort()).toEqual(
      batch(10)
        .map(({ value }) => value)
        .sort(),
    );
  });
});
