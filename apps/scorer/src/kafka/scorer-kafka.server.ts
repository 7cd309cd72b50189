// Nest's ServerKafka with three additions; consuming, dispatching and replying stay Nest's own.
// 1. The consumer instrumentation events it does not surface (the group join with this member's
//    assignment, fetches) drive ConsumerReadiness.
// 2. No message can stall the consumer: whatever escapes handling is logged, counted and skipped.
//    ServerKafka awaits an event handler's error (a request without `kafka_correlationId` is an
//    event), and an eachMessage that throws makes kafkajs retry the same offset, crash and restart
//    the whole consumer, forever: one poison message would stop every partition.
// 3. Replies go to the score-reply topic only, and a reply that cannot be produced (unknown
//    `kafka_replyTopic`, bad `kafka_replyPartition`, broker error) is logged and counted; in Nest
//    it rejects in a nextTick callback nobody awaits and crashes the process.
import { KafkaContext, ServerKafka, type KafkaOptions } from '@nestjs/microservices';
import type {
  EachMessagePayload,
  RecordMetadata,
} from '@nestjs/microservices/external/kafka.interface';
import type { OutgoingResponse } from '@nestjs/microservices/interfaces';
import { TOPICS } from '@app/contracts';
import { batchProducerSends } from './reply-batcher';
import type { Logger } from '@app/observability';
import type { ScorerMetrics } from '../observability/scorer-metrics';
import type { ConsumerReadiness } from './consumer-readiness';

export type ServerKafkaOptions = Required<KafkaOptions>['options'];

/** Header values copied into log lines are bounded: a hostile request must not bloat the log. */
const LOGGED_HEADER_MAX = 128;
/** A Kafka partition number as Nest's ClientKafka writes it. */
const REPLY_PARTITION = /^\d{1,9}$/;

export class ScorerKafkaServer extends ServerKafka {
  constructor(
    options: ServerKafkaOptions,
    private readonly readiness: ConsumerReadiness,
    private readonly metrics: ScorerMetrics,
    private readonly log: Logger,
  ) {
    super(options);
  }

  /** The group id as the broker sees it (Nest appends `-server`). */
  get consumerGroupId(): string {
    return this.groupId;
  }

  override async handleMessage(payload: EachMessagePayload): Promise<unknown> {
    try {
      return (await super.handleMessage(payload)) as unknown;
    } catch (error) {
      this.metrics.skipped();
      this.log.warn(
        { partition: payload.partition, offset: payload.message.offset, err: error },
        'score request skipped: its handling failed outside a reply',
      );
      return undefined;
    }
  }

  override async sendMessage(
    message: OutgoingResponse,
    replyTopic: string,
    replyPartition: string | undefined | null,
    correlationId: string,
    context: KafkaContext,
  ): Promise<RecordMetadata[]> {
    // kafkajs 2.2.4 adds a produce target to the metadata topics before it learns the topic
    // does not exist, and every metadata refresh in that window fails: a single reply to an
    // unknown topic made concurrent replies to the real one fail too. Reply only where replies go.
    if (replyTopic !== TOPICS.scoreReply) {
      return this.replyFailed(`kafka_replyTopic is not ${TOPICS.scoreReply}`, context, {
        replyTopic,
        replyPartition,
        correlationId,
      });
    }
    // Nest sends to parseFloat(header); kafkajs silently drops a record whose partition the
    // topic does not have (NaN, 1.5, 999): check the header, and that the record was written.
    if (
      replyPartition !== undefined &&
      replyPartition !== null &&
      !REPLY_PARTITION.test(replyPartition)
    ) {
      return this.replyFailed('kafka_replyPartition is not a partition number', context, {
        replyTopic,
        replyPartition,
        correlationId,
      });
    }
    try {
      const written = await super.sendMessage(
        message,
        replyTopic,
        replyPartition,
        correlationId,
        context,
      );
      if (written.length > 0) return written;
      return this.replyFailed('the reply topic has no such partition', context, {
        replyTopic,
        replyPartition,
        correlationId,
      });
    } catch (error) {
      return this.replyFailed('the reply could not be produced', context, {
        replyTopic,
        replyPartition,
        correlationId,
        err: error,
      });
    }
  }

  /** Called by ServerKafka.start() right after the producer is created, before it connects. */
  protected override registerProducerEventListeners(): void {
    super.registerProducerEventListeners();
    if (this.producer) batchProducerSends(this.producer);
  }

  /** Called by ServerKafka.start() right after the consumer is created, before it connects. */
  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    const consumer = this.consumer;
    if (!consumer) return;
    const { GROUP_JOIN, FETCH, REBALANCING, CRASH, STOP } = consumer.events;
    consumer.on(GROUP_JOIN, ({ payload }) => {
      this.readiness.onGroupJoin(payload);
      const { partitions } = this.readiness.status();
      this.log.info(
        { groupId: payload.groupId, memberId: payload.memberId, partitions, ms: payload.duration },
        'kafka consumer joined its group',
      );
    });
    consumer.on(FETCH, () => this.readiness.onFetch());
    consumer.on(REBALANCING, () => {
      this.readiness.onRebalancing();
      this.log.info({ groupId: this.groupId }, 'kafka consumer group rebalancing');
    });
    consumer.on(CRASH, ({ payload }) => {
      this.readiness.onCrash();
      this.log.error(
        { groupId: this.groupId, err: payload.error, restart: payload.restart },
        'kafka consumer crashed',
      );
    });
    consumer.on(STOP, () => this.readiness.onStop());
  }

  private replyFailed(
    why: string,
    context: KafkaContext,
    fields: {
      replyTopic: string;
      replyPartition: string | undefined | null;
      correlationId: string;
      err?: unknown;
    },
  ): RecordMetadata[] {
    this.metrics.replyFailed();
    this.log.error(
      {
        replyTopic: String(fields.replyTopic).slice(0, LOGGED_HEADER_MAX),
        replyPartition: fields.replyPartition?.slice(0, LOGGED_HEADER_MAX),
        correlationId: String(fields.correlationId).slice(0, LOGGED_HEADER_MAX),
        partition: context.getPartition(),
        offset: context.getMessage().offset,
        err: fields.err,
      },
      `score reply lost: ${why}`,
    );
    return [];
  }
}
