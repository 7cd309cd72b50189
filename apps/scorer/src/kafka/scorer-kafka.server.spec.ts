import { Writable } from 'node:stream';
import { KafkaContext, ServerKafka } from '@nestjs/microservices';
import type { EachMessagePayload } from '@nestjs/microservices/external/kafka.interface';
import pino from 'pino';
import { Registry } from 'prom-client';
import { TOPICS } from '@app/contracts';
import { ScorerMetrics } from '../observability/scorer-metrics';
import { ConsumerReadiness } from './consumer-readiness';
import { ScorerKafkaServer } from './scorer-kafka.server';

type Send = jest.Mock<Promise<unknown[]>, [unknown]>;

function sendResolving(value: unknown[]): Send {
  return jest.fn<Promise<unknown[]>, [unknown]>().mockResolvedValue(value);
}

function aServer(send: Send) {
  const registry = new Registry();
  const readiness = new ConsumerReadiness(TOPICS.scoreRequest);
  const logLines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const server = new ScorerKafkaServer(
    { client: { brokers: ['127.0.0.1:1'] } },
    readiness,
    new ScorerMetrics(registry, readiness),
    pino({ level: 'info' }, sink),
  );
  // The producer ServerKafka.start() would create; sendMessage only calls send().
  Object.assign(server, { producer: { send } });
  const failures = async (name: string) =>
    (await registry.getSingleMetric(name)?.get())?.values[0]?.value ?? 0;
  return { server, logLines, failures };
}

const context = new KafkaContext([
  { key: null, value: null, headers: {}, offset: '7', timestamp: '0', attributes: 0 },
  3,
  TOPICS.scoreRequest,
  {} as never,
  () => Promise.resolve(),
  {} as never,
]);
const reply = { id: 'c-1', response: { verdict: 'allow' }, isDisposed: true };
const written = [{ topicName: TOPICS.scoreReply, partition: 2, errorCode: 0 }];

describe(ScorerKafkaServer.name, () => {
  it('should produce the reply to the requested partition when the headers are valid', async () => {
    const send = sendResolving(written);
    const { server, failures } = aServer(send);
    await expect(server.sendMessage(reply, TOPICS.scoreReply, '2', 'c-1', context)).resolves.toBe(
      written,
    );
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({
        topic: TOPICS.scoreReply,
        messages: [expect.objectContaining({ partition: 2 })],
      }),
    );
    expect(await failures('scorer_reply_failures_total')).toBe(0);
  });

  it.each([
    ['another topic', 'other.topic', '2', /kafka_replyTopic is not/],
    ['a partition that is not a number', TOPICS.scoreReply, 'abc', /not a partition number/],
    ['a fractional partition', TOPICS.scoreReply, '1.5', /not a partition number/],
  ])(
    'should count and log a lost reply without producing when the request names %s',
    async (_title, topic, partition, why) => {
      const send = sendResolving(written);
      const { server, failures, logLines } = aServer(send);
      await expect(server.sendMessage(reply, topic, partition, 'c-1', context)).resolves.toEqual(
        [],
      );
      expect(send).not.toHaveBeenCalled();
      expect(await failures('scorer_reply_failures_total')).toBe(1);
      expect(logLines[0]).toMatchObject({ level: 50, partition: 3, offset: '7' });
      expect(logLines[0].msg).toMatch(why);
    },
  );

  it('should count a lost reply when kafkajs wrote nothing (a partition the topic lacks)', async () => {
    const { server, failures } = aServer(sendResolving([]));
    await server.sendMessage(reply, TOPICS.scoreReply, '999', 'c-1', context);
    expect(await failures('scorer_reply_failures_total')).toBe(1);
  });

  it('should never reject when the producer fails', async () => {
    const { server, failures } = aServer(
      jest.fn<Promise<unknown[]>, [unknown]>().mockRejectedValue(new Error('broker down')),
    );
    await expect(
      server.sendMessage(reply, TOPICS.scoreReply, '0', 'c-1', context),
    ).resolves.toEqual([]);
    expect(await failures('scorer_reply_failures_total')).toBe(1);
  });

  it('should skip and count a message whose handling throws when it has no reply address', async () => {
    const spy = jest
      .spyOn(ServerKafka.prototype, 'handleMessage')
      .mockRejectedValue({ status: 'error', code: 'invalid-request', message: 'x' });
    try {
      const { server, failures } = aServer(sendResolving([]));
      const payload = { partition: 1, message: { offset: '9' } } as EachMessagePayload;
      await expect(server.handleMessage(payload)).resolves.toBeUndefined();
      expect(await failures('scorer_skipped_messages_total')).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });
});
