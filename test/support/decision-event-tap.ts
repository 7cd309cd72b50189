// Reads the decision-event topic from "now" with a consumer group of its own, to check that
// every answered INVITE produced exactly one event.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { TOPICS, decisionEventProblem, type DecisionEventMessage } from '@app/contracts';

export class DecisionEventTap {
  readonly events: DecisionEventMessage[] = [];
  readonly invalid: string[] = [];
  private consumer: Consumer | undefined;

  constructor(private readonly brokers: string) {}

  async start(): Promise<void> {
    const kafka = new Kafka({
      clientId: 'decision-tap',
      brokers: this.brokers.split(','),
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({
      groupId: `decision-tap-${randomUUID()}`,
      maxWaitTimeInMs: 100,
    });
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
    );
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.decisionEvent, fromBeginning: false });
    await consumer.run({
      eachMessage: ({ message }) => {
        const value: unknown = JSON.parse(message.value?.toString() ?? 'null');
        const problem = decisionEventProblem(value);
        if (problem) this.invalid.push(problem);
        else this.events.push(value as DecisionEventMessage);
        return Promise.resolve();
      },
    });
    await joined;
    this.consumer = consumer;
  }

  byCallId(callId: string): DecisionEventMessage[] {
    return this.events.filter((e) => e.callId === callId);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
