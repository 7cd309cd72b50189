import { createHash } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { GatewayConfig } from '@app/config';
import { kafkaLogCreator, type Logger } from '@app/observability';

/** KAFKA.md §4: SIP needs a fast fallback, so retries are few and short. */
export function createGatewayKafka(
  kafka: NonNullable<GatewayConfig['kafka']>,
  logger: Logger,
): Kafka {
  return new Kafka({
    clientId: `sip-gateway-${kafka.instanceId}`,
    brokers: [...kafka.brokers],
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { initialRetryTime: 100, retries: 3 },
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
  });
}

/** The configured reply partition, else a stable one derived from the instance id. */
export function replyPartitionFor(
  kafka: NonNullable<GatewayConfig['kafka']>,
  partitions: number,
): number {
  if (kafka.replyPartition !== undefined) {
    if (kafka.replyPartition >= partitions) {
      throw new Error(
        `GATEWAY_REPLY_PARTITION ${kafka.replyPartition} is beyond the reply topic's ${partitions} partitions`,
      );
    }
    return kafka.replyPartition;
  }
  // Two instances landing on one partition still work (each ignores the other's replies);
  // they only read more than they need.
  return createHash('sha256').update(kafka.instanceId).digest().readUInt32BE(0) % partitions;
}
