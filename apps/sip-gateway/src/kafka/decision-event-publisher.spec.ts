import type { Kafka, Producer, ProducerRecord, RecordMetadata } from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';
import { TOPICS } from '@app/contracts';
import { aRequest } from '../../../../libs/scoring/test/scoring-fixtures';
import type { DecisionRecord } from '../sip/decision-record';
import {
  DecisionEventPublisher,
  toEvent,
  type DecisionEventPublisherOptions,
} from './decision-event-publisher';
import { KafkaClientMetrics } from './kafka-client-metrics';

/** The Kafka producer is an I/O edge: a typed fake that can be told to fail. */
class FakeProducer {
  readonly sent: ProducerRecord[] = [];
  failing = false;
  connect = (): Promise<void> => Promise.resolve();
  disconnect = (): Promise<void> => Promise.resolve();
  send = (record: ProducerRecord): Promise<RecordMetadata[]> => {
    if (this.failing) return Promise.reject(new Error('broker unreachable'));
    this.sent.push(record);
    return Promise.resolve([]);
  };
}

const OPTIONS: DecisionEventPublisherOptions = {
  bufferCapacity: 5,
  maxBatch: 3,
  lingerMs: 20,
  initialBackoffMs: 100,
  maxBackoffMs: 400,
};

function record(n: number): DecisionRecord {
  const request = aRequest({
    decisionId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    peer: 'carrier',
    callId: `call-${n}`,
    caller: '+12127363199',
    callee: '+13125467890',
    verstat: 'TN-Validation-Failed',
  });

  return {
    request,
    verdict: {
      verdict: 'reject',
      score: 100,
      reasons: [{ code: 'block-list', points: 100, detail: 'x' }],
      ruleSetVersion: 'r1',
    },
    failOpenCause: undefined,
    answer: {
      status: 608,
      reason: 'Rejected',
      headers: [],
      applied: 'reject',
      override: 'none',
      token: 'AAAAAAAAAAAAAAAAAAAAAA',
    },
    scoringLatencyMs: 1.2345678,
  };
}

describe(DecisionEventPublisher.name, () => {
  let producer: FakeProducer;
  let registry: Registry;
  let publisher: DecisionEventPublisher;

  beforeEach(() => {
    jest.useFakeTimers();
    producer = new FakeProducer();
    registry = new Registry();
    const kafka = { producer: () => producer as unknown as Producer } as unknown as Kafka;
    publisher = new DecisionEventPublisher(
      kafka,
      OPTIONS,
      new KafkaClientMetrics(registry),
      pino({ level: 'silent' }),
    );
  });
  afterEach(() => jest.useRealTimers());

  const keys = () => producer.sent.flatMap((r) => r.messages.map((m) => m.key));
  const metric = async (name: string) =>
    (await registry.getSingleMetric(name)!.get()).values[0]?.value ?? 0;

  it('should send events of one linger window together, keyed by decision id, with acks -1', async () => {
    publisher.onDecision(record(1));
    publisher.onDecision(record(2));
    expect(producer.sent).toHaveLength(0); // never on the response path
    await jest.advanceTimersByTimeAsync(20);
    expect(producer.sent).toHaveLength(1);
    expect(producer.sent[0]).toMatchObject({ topic: TOPICS.decisionEvent, acks: -1 });
    expect(keys()).toEqual([record(1).request.decisionId, record(2).request.decisionId]);
    expect(await metric('sip_decision_events_sent_total')).toBe(2);
  });

  it('should keep events while the broker is away and send them in order when it is back', async () => {
    producer.failing = true;
    for (let i = 1; i <= 4; i++) publisher.onDecision(record(i));
    await jest.advanceTimersByTimeAsync(20 + 100 + 200);
    expect(producer.sent).toHaveLength(0);
    expect(publisher.buffered).toBe(4);
    producer.failing = false;
    await jest.advanceTimersByTimeAsync(400 + 50);
    expect(keys()).toEqual([1, 2, 3, 4].map((i) => record(i).request.decisionId));
    expect(publisher.buffered).toBe(0);
    expect(await metric('sip_decision_event_batches_retried_total')).toBeGreaterThanOrEqual(2);
  });

  it('should drop the oldest and count it when the buffer is full', async () => {
    producer.failing = true;
    for (let i = 1; i <= 7; i++) publisher.onDecision(record(i));
    expect(publisher.buffered).toBe(5);
    expect(await metric('sip_decision_events_dropped_total')).toBe(2);
    producer.failing = false;
    await jest.advanceTimersByTimeAsync(2000);
    expect(keys()).toEqual([3, 4, 5, 6, 7].map((i) => record(i).request.decisionId));
  });

  it('should carry every field the decision row needs', () => {
    expect(toEvent(record(9))).toEqual({
      decisionId: record(9).request.decisionId,
      receivedAt: '2026-11-23T12:00:00.000Z',
      peer: 'carrier',
      callId: 'call-9',
      caller: '+12127363199',
      callee: '+13125467890',
      attestation: 'failed-unknown',
      verdict: 'reject',
      override: 'none',
      score: 100,
      reasons: [{ code: 'block-list', points: 100, detail: 'x' }],
      ruleSetVersion: 'r1',
      sipStatus: 608,
      remediationToken: 'AAAAAAAAAAAAAAAAAAAAAA',
      scoringLatencyMs: 1.235,
    });
  });
});
