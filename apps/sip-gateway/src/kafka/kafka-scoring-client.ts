// The gateway's ScoringPort over Kafka (DESIGN.md §2, KAFKA.md §3-4): a thin kafkajs client
// that speaks ServerKafka's request-reply headers. Requests are keyed by the calling number
// (one caller → one partition → one scorer, so per-caller state stays right under scale-out).
// Replies come back on this instance's own partition of the reply topic, read by a consumer
// group of its own, so a rebalance of other gateways never moves them. Deadlines and fail-open
// are the InviteHandler's: this client only answers or rejects, and never hangs.
import {
  Partitioners,
  type Consumer,
  type EachMessagePayload,
  type Kafka,
  type Producer,
} from 'kafkajs';
import type { Logger } from '@app/observability';
import { KAFKA_HEADERS, scoreReplyProblem, TOPICS, type ScoreReplyMessage } from '@app/contracts';
import type { ScoreRequest, ScoreVerdict } from '@app/scoring';
import type { ScoringPort } from '../scoring/scoring-port';
import { ownPartitionAssigner } from './own-partition.assigner';
import type { KafkaClientMetrics } from './kafka-client-metrics';

export interface KafkaScoringClientOptions {
  /** Unique per gateway process; names its reply consumer group. */
  readonly instanceId: string;
  /** This instance's partition of the reply topic. */
  readonly replyPartition: number;
  /** Bound on how long start() waits for the reply consumer to be assigned. */
  readonly startTimeoutMs: number;
}

interface PendingReply {
  resolve(verdict: ScoreVerdict): void;
  reject(error: Error): void;
}

export class ScoringUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`scoring unavailable: ${reason}`);
    this.name = 'ScoringUnavailableError';
  }
}

export class KafkaScoringClient implements ScoringPort {
  private readonly producer: Producer;
  private readonly consumer: Consumer;
  private readonly pending = new Map<string, PendingReply>();
  private readonly replyPartitionHeader: string;
  /** Requests of one event-loop turn go out in one Produce request (kafkajs has no linger). */
  private queue: Array<{ key: string; value: string; headers: Record<string, string> }> = [];
  private flushScheduled = false;

  constructor(
    kafka: Kafka,
    private readonly options: KafkaScoringClientOptions,
    private readonly metrics: KafkaClientMetrics,
    private readonly logger: Logger,
  ) {
    this.replyPartitionHeader = String(options.replyPartition);
    // The default (murmur2, Java-compatible) partitioner, named so every gateway and any Java
    // client map a calling number to the same partition.
    this.producer = kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.consumer = kafka.consumer({
      groupId: `sip-gateway-replies-${options.instanceId}`,
      partitionAssigners: [ownPartitionAssigner(TOPICS.scoreReply, options.replyPartition)],
      maxWaitTimeInMs: 100,
      minBytes: 1,
      heartbeatInterval: 1000,
      sessionTimeout: 6000,
      rebalanceTimeout: 10000,
      allowAutoTopicCreation: false,
    });
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Connects and waits (bounded) until the reply partition is assigned to us. */
  async start(): Promise<void> {
    const assigned = new Promise<void>((resolve) => {
      const off = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        off();
        resolve();
      });
    });
    await this.producer.connect();
    await this.consumer.connect();
    // Reply offsets are worthless: never commit, start at the end on every (re)start.
    await this.consumer.subscribe({ topic: TOPICS.scoreReply, fromBeginning: false });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: (payload) => Promise.resolve(this.onReply(payload)),
    });
    await withTimeout(assigned, this.options.startTimeoutMs, 'the reply consumer was not assigned');
    this.logger.info(
      { replyTopic: TOPICS.scoreReply, replyPartition: this.options.replyPartition },
      'kafka scoring client ready',
    );
  }

  async stop(): Promise<void> {
    for (const [id, waiter] of this.pending) {
      this.pending.delete(id);
      waiter.reject(new ScoringUnavailableError('shutting down'));
    }
    await Promise.allSettled([this.consumer.disconnect(), this.producer.disconnect()]);
  }

  score(request: ScoreRequest): Promise<ScoreVerdict> {
    const correlationId = request.decisionId;
    return new Promise<ScoreVerdict>((resolve, reject) => {
      this.pending.set(correlationId, { resolve, reject });
      this.queue.push({
        key: request.caller,
        value: JSON.stringify(request),
        headers: {
          [KAFKA_HEADERS.correlationId]: correlationId,
          [KAFKA_HEADERS.replyTopic]: TOPICS.scoreReply,
          [KAFKA_HEADERS.replyPartition]: this.replyPartitionHeader,
        },
      });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Deadline or CANCEL: forget it; a reply arriving later is counted as late. */
  abandon(request: ScoreRequest): void {
    const waiter = this.pending.get(request.decisionId);
    if (waiter && this.pending.delete(request.decisionId)) {
      waiter.reject(new ScoringUnavailableError('abandoned'));
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const messages = this.queue;
    this.queue = [];
    if (messages.length === 0) return;
    this.metrics.requestBatch(messages.length);
    this.producer.send({ topic: TOPICS.scoreRequest, acks: 1, messages }).catch((err: unknown) => {
      // Broker down or unreachable: every caller in this batch fails open now, not at the deadline.
      this.metrics.produceFailed(messages.length);
      if (this.logger.isLevelEnabled('warn')) {
        this.logger.warn(
          { err: errorText(err), count: messages.length },
          'score requests not sent',
        );
      }
      for (const m of messages) {
        const id = m.headers[KAFKA_HEADERS.correlationId];
        const waiter = this.pending.get(id);
        if (waiter && this.pending.delete(id))
          waiter.reject(new ScoringUnavailableError('produce failed'));
      }
    });
  }

  private onReply({ message, partition }: EachMessagePayload): void {
    const id = message.headers?.[KAFKA_HEADERS.correlationId]?.toString();
    if (!id) {
      this.metrics.reply('foreign');
      return;
    }
    const waiter = this.pending.get(id);
    if (!waiter) {
      // Late (after the deadline or a CANCEL), or another instance's reply sharing the partition.
      this.metrics.reply('late');
      return;
    }
    this.pending.delete(id);
    const error = message.headers?.[KAFKA_HEADERS.error];
    if (error !== undefined) {
      this.metrics.reply('error');
      waiter.reject(new ScoringUnavailableError(`scorer error: ${error.toString()}`));
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(message.value?.toString() ?? '');
    } catch {
      body = undefined;
    }
    const problem = scoreReplyProblem(body);
    if (problem !== undefined) {
      this.metrics.reply('invalid');
      this.logger.warn({ correlationId: id, partition, problem }, 'invalid score reply');
      waiter.reject(new ScoringUnavailableError(`invalid reply: ${problem}`));
      return;
    }
    this.metrics.reply('ok');
    const { verdict, score, reasons, ruleSetVersion } = body as ScoreReplyMessage;
    waiter.resolve({ verdict, score, reasons, ruleSetVersion });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
