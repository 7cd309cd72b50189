// A plain kafkajs caller that speaks Nest's request-reply on the wire, as ClientKafka (or the
// gateway's thin client) does: the request carries `kafka_correlationId`, `kafka_replyTopic` and
// `kafka_replyPartition`; the reply comes back on that partition with the correlation id, and
// with `kafka_nest-err` when the scorer refused it.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  Kafka,
  logLevel,
  Partitioners,
  type Consumer,
  type IHeaders,
  type Producer,
} from 'kafkajs';
import { KAFKA_HEADERS, TOPICS } from '@app/contracts';
import { waitUntil } from './eventually';

export interface ReceivedReply {
  readonly correlationId: string;
  readonly partition: number;
  /** The value parsed as JSON; null for an error reply (Nest sends no value then). */
  readonly value: unknown;
  /** `kafka_nest-err` parsed as JSON, when present. */
  readonly error: unknown;
  readonly headers: Readonly<Record<string, string>>;
  /** performance.now() when this consumer saw it. */
  readonly receivedAt: number;
  /** The reply record's timestamp (the scorer's producer clock, ms) and Date.now() on receipt. */
  readonly replyTimestamp: number;
  readonly receivedWallMs: number;
}

export interface SentRequest {
  readonly correlationId: string;
  /** The score-request partition the producer chose (from the key). */
  readonly partition: number;
  /** performance.now() just before the produce call, and when the broker acknowledged it. */
  readonly sentAt: number;
  readonly ackedAt: number;
}

export interface SendOptions {
  readonly key: string;
  readonly replyPartition: number;
  /** Raw bytes instead of JSON; null sends a tombstone. */
  readonly rawValue?: string | null;
  /** Header overrides; undefined removes a header (e.g. no correlation id: an event). */
  readonly headers?: Readonly<Record<string, string | undefined>>;
}

const REPLY_GROUP_PREFIX = 'scorer-e2e-replies-';

export class ScoreRequester {
  private readonly replies = new Map<string, ReceivedReply[]>();

  private constructor(
    private readonly producer: Producer,
    private readonly consumer: Consumer,
  ) {}

  /** Connects and resolves once the reply consumer has fetched (its offsets are resolved). */
  static async start(brokers: string[]): Promise<ScoreRequester> {
    const kafka = new Kafka({
      clientId: `scorer-e2e-requester-${process.pid}`,
      brokers,
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 100, retries: 3 },
    });
    const producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    // A group of its own, read from the beginning: no lazy-offset race, and the test filters
    // by its reply partition and correlation ids.
    const consumer = kafka.consumer({
      groupId: `${REPLY_GROUP_PREFIX}${randomUUID()}`,
      maxWaitTimeInMs: 100,
      minBytes: 1,
      heartbeatInterval: 1_000,
      sessionTimeout: 6_000,
      allowAutoTopicCreation: false,
    });
    const requester = new ScoreRequester(producer, consumer);
    let fetched = false;
    consumer.on(consumer.events.FETCH, () => {
      fetched = true;
    });
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [TOPICS.scoreReply], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ partition, message }) => {
        requester.record(partition, message.headers ?? {}, message.value, message.timestamp);
        return Promise.resolve();
      },
    });
    await waitUntil(() => fetched, 20_000, 'the reply consumer to fetch');
    return requester;
  }

  async send(payload: unknown, options: SendOptions): Promise<SentRequest> {
    const correlationId = randomUUID();
    const headers: Record<string, string> = {
      [KAFKA_HEADERS.correlationId]: correlationId,
      [KAFKA_HEADERS.replyTopic]: TOPICS.scoreReply,
      [KAFKA_HEADERS.replyPartition]: String(options.replyPartition),
    };
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    const value = options.rawValue === undefined ? JSON.stringify(payload) : options.rawValue;
    const sentAt = performance.now();
    const [meta] = await this.producer.send({
      topic: TOPICS.scoreRequest,
      acks: 1,
      messages: [{ key: options.key, value, headers }],
    });
    return { correlationId, partition: meta.partition, sentAt, ackedAt: performance.now() };
  }

  /** Sends and waits for the reply on `replyPartition`. */
  async request(
    payload: unknown,
    options: SendOptions,
    timeoutMs = 10_000,
  ): Promise<ReceivedReply & SentRequest> {
    const sent = await this.send(payload, options);
    const reply = await this.waitForReply(sent.correlationId, options.replyPartition, timeoutMs);
    return { ...reply, ...sent };
  }

  async waitForReply(
    correlationId: string,
    replyPartition: number,
    timeoutMs = 10_000,
  ): Promise<ReceivedReply> {
    await waitUntil(
      () => this.repliesTo(correlationId).length > 0,
      timeoutMs,
      `the reply to ${correlationId}`,
      1,
    );
    const reply = this.repliesTo(correlationId)[0];
    expect(reply.partition).toBe(replyPartition);
    return reply;
  }

  repliesTo(correlationId: string): readonly ReceivedReply[] {
    return this.replies.get(correlationId) ?? [];
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }

  private record(partition: number, raw: IHeaders, value: Buffer | null, timestamp: string): void {
    const receivedAt = performance.now();
    const receivedWallMs = Date.now();
    const headers: Record<string, string> = {};
    for (const [name, v] of Object.entries(raw)) {
      if (v !== undefined) headers[name] = Buffer.isBuffer(v) ? v.toString() : String(v);
    }
    const correlationId = headers[KAFKA_HEADERS.correlationId];
    if (correlationId === undefined) return;
    const errorText = headers[KAFKA_HEADERS.error];
    const reply: ReceivedReply = {
      correlationId,
      partition,
      value: value === null ? null : parseJson(value.toString()),
      error: errorText === undefined ? undefined : parseJson(errorText),
      headers,
      receivedAt,
      replyTimestamp: Number(timestamp),
      receivedWallMs,
    };
    this.replies.set(correlationId, [...this.repliesTo(correlationId), reply]);
  }
}

/** JSON when it parses, else the text itself (a bug must show up in an assertion, not a throw). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
