// The scorer's Nest Kafka transport options: latency settings from KAFKA.md §4, one name each.
import type { ScorerConfig } from '@app/config';
import { Partitioners } from 'kafkajs';
import type { logCreator as LogCreator } from '@nestjs/microservices/external/kafka.interface';
import type { ServerKafkaOptions } from './scorer-kafka.server';

/** Scorers share one consumer group; Nest appends `-server`, so the broker sees `scorer-server`. */
export const SCORER_GROUP = 'scorer';
export const SCORER_POSTFIX = '-server';
export const SCORER_GROUP_ID = `${SCORER_GROUP}${SCORER_POSTFIX}`;

/** Bound on an idle fetch; the broker answers at once when a record is appended. */
const MAX_WAIT_TIME_MS = 100;
/** Return a fetch on its first record. */
const MIN_BYTES = 1;
/** Fast failure detection: a third of the session timeout, which is Kafka's floor. */
const HEARTBEAT_INTERVAL_MS = 1_000;
const SESSION_TIMEOUT_MS = 6_000;
/** Bounds how long a join waits for members that died. */
const REBALANCE_TIMEOUT_MS = 10_000;
/** SIP needs a fast fallback decision: few, short retries (the gateway fails open). */
const RETRY = { initialRetryTime: 100, retries: 3 } as const;
/** A lost reply fails open at the gateway; leader-only acks save a replication round trip. */
const REPLY_ACKS = 1;

export function scorerKafkaOptions(
  config: ScorerConfig,
  logCreator: LogCreator,
): ServerKafkaOptions {
  return {
    postfixId: SCORER_POSTFIX,
    client: {
      clientId: config.kafka.clientId,
      brokers: [...config.kafka.brokers],
      retry: { ...RETRY },
      logCreator,
    },
    consumer: {
      groupId: SCORER_GROUP,
      maxWaitTimeInMs: MAX_WAIT_TIME_MS,
      minBytes: MIN_BYTES,
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
      sessionTimeout: SESSION_TIMEOUT_MS,
      rebalanceTimeout: REBALANCE_TIMEOUT_MS,
      retry: { ...RETRY },
      // Topics are created by ensureTopics; a typo must fail, not create a topic.
      allowAutoTopicCreation: false,
    },
    // ServerKafka handles one message at a time per partition (nestjs/nest#12703).
    run: { partitionsConsumedConcurrently: config.kafka.concurrency },
    subscribe: { fromBeginning: false },
    producer: {
      allowAutoTopicCreation: false,
      idempotent: false,
      retry: { ...RETRY },
      // Replies carry an explicit partition, so the partitioner never runs; naming it silences
      // kafkajs's v2 partitioner notice.
      createPartitioner: Partitioners.DefaultPartitioner,
    },
    send: { acks: REPLY_ACKS },
  };
}
