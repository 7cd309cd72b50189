// The scorer's Prometheus metrics (DESIGN.md §7): requests scored by verdict, invalid requests by
// the field that failed, rule-engine time, and the consumer's group membership.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Verdict } from '@app/scoring';
import type { ConsumerReadiness } from '../kafka/consumer-readiness';

type CounterChild = { inc(value?: number): void };

const VERDICTS: readonly Verdict[] = ['allow', 'label', 'reject'];

export class ScorerMetrics {
  private readonly scoredByVerdict = new Map<string, CounterChild>();
  private readonly invalidByField = new Map<string, CounterChild>();
  private readonly scored: Counter<'verdict'>;
  private readonly invalidRequests: Counter<'field'>;
  private readonly failures: Counter<string>;
  private readonly replyFailures: Counter<string>;
  private readonly skippedMessages: Counter<string>;
  private readonly duration: Histogram<string>;

  constructor(registry: Registry, readiness: ConsumerReadiness) {
    this.scored = new Counter({
      name: 'scorer_requests_total',
      help: 'Score requests answered with a verdict, by verdict',
      labelNames: ['verdict'],
      registers: [registry],
    });
    // Every verdict reads 0 from the start, so rate() and alerts see the series before traffic.
    for (const verdict of VERDICTS) child(this.scoredByVerdict, this.scored, verdict);
    this.invalidRequests = new Counter({
      name: 'scorer_invalid_requests_total',
      help: 'Score requests refused as malformed, by the first field that failed',
      labelNames: ['field'],
      registers: [registry],
    });
    this.failures = new Counter({
      name: 'scorer_failures_total',
      help: 'Score requests the rule engine failed on (answered with an error)',
      registers: [registry],
    });
    this.replyFailures = new Counter({
      name: 'scorer_reply_failures_total',
      help: 'Replies that could not be produced (bad kafka_replyTopic/kafka_replyPartition, broker errors)',
      registers: [registry],
    });
    this.skippedMessages = new Counter({
      name: 'scorer_skipped_messages_total',
      help: 'Messages whose handling failed outside a reply (e.g. an invalid request without kafka_correlationId); skipped, never retried',
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'scorer_scoring_duration_seconds',
      help: 'Rule-engine time per valid score request',
      buckets: [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
      registers: [registry],
    });
    new Gauge({
      name: 'scorer_consumer_ready',
      help: '1 when the score-request consumer has joined its group and fetched',
      registers: [registry],
      collect() {
        this.set(readiness.ready ? 1 : 0);
      },
    });
    new Gauge({
      name: 'scorer_consumer_assigned_partitions',
      help: 'Score-request partitions assigned to this instance',
      registers: [registry],
      collect() {
        this.set(readiness.status().partitions.length);
      },
    });
    new Gauge({
      name: 'scorer_consumer_group_joins',
      help: 'Group joins of the score-request consumer since start (1 + rebalances)',
      registers: [registry],
      collect() {
        this.set(readiness.status().joins);
      },
    });
  }

  /** Starts the engine timer; call the result with the verdict once scored. */
  startScoring(): (verdict: Verdict) => void {
    const end = this.duration.startTimer();
    return (verdict) => {
      end();
      child(this.scoredByVerdict, this.scored, verdict).inc();
    };
  }

  /** `problem` is a scoreRequestProblem text: `field: what is wrong`, or a root problem. */
  invalid(problem: string): void {
    const colon = problem.indexOf(':');
    const field = colon > 0 ? problem.slice(0, colon) : '(root)';
    child(this.invalidByField, this.invalidRequests, field).inc();
  }

  failed(): void {
    this.failures.inc();
  }

  replyFailed(): void {
    this.replyFailures.inc();
  }

  skipped(): void {
    this.skippedMessages.inc();
  }
}

/** Children cached per label value: one Map lookup per request, not a label hash. */
function child<L extends string>(
  cache: Map<string, CounterChild>,
  counter: Counter<L>,
  value: string,
): CounterChild {
  let found = cache.get(value);
  if (!found) {
    found = counter.labels(value);
    cache.set(value, found);
  }
  return found;
}
