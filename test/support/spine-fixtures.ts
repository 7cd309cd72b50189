// What the Kafka-spine specs share: a block-listed and a fine caller, a lists file that blocks
// the first, one loopback peer with a scoring deadline, and the gateway's Kafka settings.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BLOCKED = '+12127363199';
export const GOOD = '+12127363100';
export const DEADLINE_MS = 200;

/** A lists file (in a fresh temp dir) that block-lists BLOCKED; returns its path. */
export function blockListFile(prefix: string): string {
  const file = join(mkdtempSync(join(tmpdir(), prefix)), 'lists.json');
  writeFileSync(
    file,
    JSON.stringify({
      allow: [],
      block: [{ number: BLOCKED, source: 'staff', reason: 'Robocall campaign' }],
    }),
  );
  return file;
}

/** Every loopback source is the peer `carrier`, answered within DEADLINE_MS. */
export const LOOPBACK_PEERS = {
  peers: [
    {
      name: 'carrier',
      cidrs: ['127.0.0.0/8'],
      routeTarget: 'ss1.example.net',
      deadlineMs: DEADLINE_MS,
    },
  ],
};

/** Env for a gateway that scores over Kafka with its own instance id and reply partition. */
export function kafkaGatewayEnv(
  brokers: string,
  instance: string,
  replyPartition: number,
): Record<string, string> {
  return {
    GATEWAY_SCORING: 'kafka',
    KAFKA_BROKERS: brokers,
    GATEWAY_INSTANCE_ID: instance,
    GATEWAY_REPLY_PARTITION: String(replyPartition),
  };
}
