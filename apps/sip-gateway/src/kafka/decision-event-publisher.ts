// Decision events (DESIGN.md §6) to Kafka, after the response left: keyed by decision id,
// acks = -1, idempotent producer. onDecision only appends to a bounded buffer, so emitting
// never delays or fails a SIP response; a background loop sends batches and, when the broker
// is away, keeps them and retries with backoff. A full buffer drops the oldest, counted.
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import { TOPICS, type DecisionEventMessage } from '@app/contracts';
import type { Logger } from '@app/observability';
import { normalizeStirShaken } from '@app/scoring';
import type { DecisionListener, DecisionRecord } from '../sip/decision-record';
import type { KafkaClientMetrics } from './kafka-client-metrics';

export interface DecisionEventPublisherOptions {
  /** Events held while Kafka is unreachable; beyond it the oldest are dropped (counted). */
  readonly bufferCapacity: number;
  /** Events per Produce request at most. */
  readonly maxBatch: number;
  /**
   * How long an event may wait for others to share its Produce request. Decision events are
   * not on the call's latency path, and at 1,000 calls/s one request per event would be a
   * thousand acks=-1 requests a second for the broker.
   */
  readonly lingerMs: number;
  /** Wait before sending again after a failure; doubles up to maxBackoffMs. */
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_DECISION_EVENT_OPTIONS: DecisionEventPublisherOptions = Object.freeze({
  bufferCapacity: 200_000,
  maxBatch: 500,
  lingerMs: 20,
  initialBackoffMs: 100,
  maxBackoffMs: 2000,
});

export class DecisionEventPublisher implements DecisionListener {
  private readonly producer: Producer;
  private buffer: Message[] = [];
  private sending = false;
  private scheduled = false;
  private stopped = false;
  private backoffMs: number;
  private idle: Array<() => void> = [];

  constructor(
    kafka: Kafka,
    private readonly options: DecisionEventPublisherOptions,
    private readonly metrics: KafkaClientMetrics,
    private readonly logger: Logger,
  ) {
    // Idempotent: a retried batch is written once by the broker (the recorder dedups anyway).
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.backoffMs = options.initialBackoffMs;
  }

  get buffered(): number {
    return this.buffer.length;
  }

  async start(): Promise<void> {
    await this.producer.connect();
  }

  onDecision(record: DecisionRecord): void {
    if (this.stopped) return;
    const event = toEvent(record);
    if (this.buffer.length >= this.options.bufferCapacity) {
      this.buffer.shift();
      this.metrics.decisionEventsDropped.inc();
    }
    this.buffer.push({ key: event.decisionId, value: JSON.stringify(event) });
    this.schedule(this.buffer.length >= this.options.maxBatch ? 0 : this.options.lingerMs);
  }

  /** Sends what is buffered (bounded by `timeoutMs`), then disconnects. */
  async stop(timeoutMs: number): Promise<void> {
    const drained = new Promise<void>((resolve) => {
      if (this.buffer.length === 0 && !this.sending) resolve();
      else this.idle.push(resolve);
    });
    this.schedule(0);
    await Promise.race([drained, new Promise((r) => setTimeout(r, timeoutMs))]);
    this.stopped = true;
    if (this.buffer.length > 0) {
      this.logger.warn({ unsent: this.buffer.length }, 'decision events left unsent at shutdown');
    }
    await this.producer.disconnect().catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.scheduled || this.sending || this.stopped) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      void this.sendBatch();
    };
    if (delayMs === 0) setImmediate(run);
    else setTimeout(run, delayMs).unref();
  }

  private async sendBatch(): Promise<void> {
    if (this.sending || this.buffer.length === 0) return this.notifyIdle();
    this.sending = true;
    const batch = this.buffer.slice(0, this.options.maxBatch);
    try {
      await this.producer.send({ topic: TOPICS.decisionEvent, acks: -1, messages: batch });
      // Only now remove them: a failure keeps them for the next try (same order).
      this.buffer.splice(0, batch.length);
      this.metrics.decisionEventsSent.inc(batch.length);
      this.backoffMs = this.options.initialBackoffMs;
      this.sending = false;
      if (this.buffer.length > 0) {
        this.schedule(this.buffer.length >= this.options.maxBatch ? 0 : this.options.lingerMs);
      } else this.notifyIdle();
    } catch (err) {
      this.sending = false;
      this.metrics.decisionEventsRetried.inc();
      this.logger.warn(
        { err: err instanceof Error ? err.message : String(err), buffered: this.buffer.length },
        'decision events not sent yet; retrying',
      );
      const delay = this.backoffMs;
      this.backoffMs = Math.min(this.options.maxBackoffMs, this.backoffMs * 2);
      this.schedule(delay);
    }
  }

  private notifyIdle(): void {
    if (this.buffer.length > 0 || this.sending) return;
    const waiters = this.idle;
    this.idle = [];
    for (const resolve of waiters) resolve();
  }
}

/** DecisionRecord → the wire event the recorder stores as one `call_decision` row. */
export function toEvent(record: DecisionRecord): DecisionEventMessage {
  const { request, verdict, answer } = record;
  const stir = normalizeStirShaken(request.verstat, request.attestationHeader);
  return {
    decisionId: request.decisionId,
    receivedAt: request.receivedAt,
    peer: request.peer,
    callId: request.callId,
    caller: request.caller,
    callee: request.callee,
    attestation: `${stir.status}-${stir.attestation}`,
    verdict: answer.applied,
    override: answer.override,
    score: verdict?.score ?? 0,
    reasons: verdict?.reasons ?? [
      {
        code: 'scoring-unavailable',
        points: 0,
        detail: `allowed without a score (${record.failOpenCause ?? 'unknown'})`,
      },
    ],
    ruleSetVersion: verdict?.ruleSetVersion ?? 'none',
    sipStatus: answer.status,
    remediationToken: answer.token ?? null,
    scoringLatencyMs: Math.round(record.scoringLatencyMs * 1000) / 1000,
  };
}
