import { Counter, Histogram, type Registry } from 'prom-client';

export type ReplyOutcome = 'ok' | 'error' | 'invalid' | 'late' | 'foreign';

/** Metrics of the gateway's Kafka clients (score requests, replies, decision events). */
export class KafkaClientMetrics {
  private readonly replies: Counter<string>;
  private readonly replyChildren = new Map<ReplyOutcome, { inc(): void }>();
  private readonly batchSizes: Histogram<string>;
  private readonly produceFailures: Counter<string>;
  readonly decisionEventsSent: Counter<string>;
  readonly decisionEventsDropped: Counter<string>;
  readonly decisionEventsRetried: Counter<string>;

  constructor(registry: Registry) {
    this.replies = new Counter({
      name: 'sip_score_replies_total',
      help: 'Score replies read from Kafka, by outcome (late = after deadline or CANCEL)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.batchSizes = new Histogram({
      name: 'sip_score_request_batch_size',
      help: 'Score requests per Produce request',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [registry],
    });
    this.produceFailures = new Counter({
      name: 'sip_score_requests_failed_total',
      help: 'Score requests the broker did not take (the calls failed open)',
      registers: [registry],
    });
    this.decisionEventsSent = new Counter({
      name: 'sip_decision_events_sent_total',
      help: 'Decision events acknowledged by Kafka (acks=-1)',
      registers: [registry],
    });
    this.decisionEventsDropped = new Counter({
      name: 'sip_decision_events_dropped_total',
      help: 'Decision events dropped because the buffer was full while Kafka was unreachable',
      registers: [registry],
    });
    this.decisionEventsRetried = new Counter({
      name: 'sip_decision_event_batches_retried_total',
      help: 'Decision event batches sent again after a failure',
      registers: [registry],
    });
  }

  reply(outcome: ReplyOutcome): void {
    let child = this.replyChildren.get(outcome);
    if (!child) {
      child = this.replies.labels(outcome);
      this.replyChildren.set(outcome, child);
    }
    child.inc();
  }

  requestBatch(size: number): void {
    this.batchSizes.observe(size);
  }

  produceFailed(count: number): void {
    this.produceFailures.inc(count);
  }
}
