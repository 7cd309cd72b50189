// A consumer-group member in its own process, so a test can kill it with SIGKILL: it stops
// heartbeating without leaving the group, as a crashed gateway or scorer would.
// Run: fork('scripts/kafka-ts-runner.js', [this file]) with GROUP_TOPIC and GROUP_ID set; it
// reports { type: 'joined', partitions } and { type: 'message', partition, value } over IPC.
import { consumerConfig, testKafka } from './kafka-test-client';

export type GroupMemberReport =
  | { readonly type: 'joined'; readonly partitions: number[] }
  | { readonly type: 'message'; readonly partition: number; readonly value: string };

async function main(): Promise<void> {
  const topic = process.env.GROUP_TOPIC ?? '';
  const groupId = process.env.GROUP_ID ?? '';
  const report = (message: GroupMemberReport): void => {
    process.send?.(message);
  };
  const consumer = testKafka(`group-member-${process.pid}`).consumer(consumerConfig(groupId));
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    report({ type: 'joined', partitions: event.payload.memberAssignment[topic] ?? [] });
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ partition, message }) => {
      report({ type: 'message', partition, value: message.value?.toString() ?? '' });
      return Promise.resolve();
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`group-member: ${String(error)}\n`);
  process.exit(1);
});
