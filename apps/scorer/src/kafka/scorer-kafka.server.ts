// Nest's ServerKafka, plus the consumer instrumentation events it does not surface: the group
// join (with this member's assignment) and fetches, which drive ConsumerReadiness. Everything
// about consuming, dispatching and replying stays Nest's own, except that a reply that cannot be
// produced is logged and counted instead of becoming an unhandled rejection.
import { KafkaContext, ServerKafka, type KafkaOptions } from '@nestjs/microservices';
import type { OutgoingResponse } from '@nestjs/microservices/interfaces';
import type { RecordMetadata } from '@nestjs/microservices/external/kafka.interface';
import type { Logger } from '@app/observability';
import type { ConsumerReadiness } from './consumer-readiness';

export type ServerKafkaOptions = Required<KafkaOptions>['options'];

export class ScorerKafkaServer extends ServerKafka {
  constructor(
    options: ServerKafkaOptions,
    private readonly readiness: ConsumerReadiness,
    private readonly log: Logger,
    private readonly onReplyFailed: () => void,
  ) {
    super(options);
  }

  /** The group id as the broker sees it (Nest appends `-server`). */
  get consumerGroupId(): string {
    return this.groupId;
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

  /**
   * Nest produces the reply from a nextTick callback nobody awaits: a request whose
   * `kafka_replyTopic` does not exist or whose `kafka_replyPartition` is not a partition of it
   * would reject there and crash the process. The gateway fails open at its deadline instead.
   */
  override async sendMessage(
    message: OutgoingResponse,
    replyTopic: string,
    replyPartition: string | undefined | null,
    correlationId: string,
    context: KafkaContext,
  ): Promise<RecordMetadata[]> {
    try {
      return await super.sendMessage(message, replyTopic, replyPartition, correlationId, context);
    } catch (error) {
      this.onReplyFailed();
      this.log.error(
        {
          replyTopic: replyTopic.slice(0, LOGGED_HEADER_MAX),
          replyPartition: replyPartition?.slice(0, LOGGED_HEADER_MAX),
          correlationId: correlationId.slice(0, LOGGED_HEADER_MAX),
          partition: context.getPartition(),
          offset: context.getMessage().offset,
          err: error,
        },
        'score reply could not be produced',
      );
      return [];
    }
  }
}

/** Header values copied into log lines are bounded: a hostile request must not bloat the log. */
const LOGGED_HEADER_MAX = 128;
