// The gateway's Prometheus metrics (issue: requests and responses by method and code, parse
// errors by kind, live transactions, scoring latency, fail-opens). Children are cached per
// label value so the hot path does one Map lookup and an add, not a label hash.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { SipParseErrorCode, StreamCloseReason, TransactionEvent } from '@app/sip';

type CounterChild = { inc(value?: number): void };

class LabelledCounter {
  private readonly children = new Map<string, CounterChild>();
  constructor(private readonly counter: Counter<string>) {}
  inc(label: string): void {
    let child = this.children.get(label);
    if (!child) {
      child = this.counter.labels(label);
      this.children.set(label, child);
    }
    child.inc();
  }
}

export type FailOpenCause = 'deadline' | 'scoring-error';
export type DroppedCause = 'no-usable-via' | 'response' | 'unparseable' | 'internal-error';

export class GatewayMetrics {
  readonly requests: LabelledCounter;
  readonly responses: LabelledCounter;
  readonly parseErrors: LabelledCounter;
  readonly dropped: LabelledCounter;
  readonly transactionEvents: LabelledCounter;
  readonly streamClosed: LabelledCounter;
  readonly failOpens: LabelledCounter;
  readonly verdicts: LabelledCounter;
  readonly unknownPeers: Counter<string>;
  readonly scoringRequests: Counter<string>;
  readonly lateScores: Counter<string>;
  readonly scoringLatency: Histogram<string>;

  constructor(registry: Registry, liveTransactions: () => number, pendingScores: () => number) {
    const counter = (name: string, help: string, labelNames: string[] = []) =>
      new Counter({ name, help, labelNames, registers: [registry] });
    this.requests = new LabelledCounter(
      counter('sip_requests_total', 'SIP requests received, by method', ['method']),
    );
    this.responses = new LabelledCounter(
      counter('sip_responses_total', 'SIP responses sent (first transmission), by status code', [
        'code',
      ]),
    );
    this.parseErrors = new LabelledCounter(
      counter('sip_parse_errors_total', 'Messages that failed to parse, by kind', ['kind']),
    );
    this.dropped = new LabelledCounter(
      counter('sip_messages_dropped_total', 'Messages dropped without an answer, by cause', [
        'cause',
      ]),
    );
    this.transactionEvents = new LabelledCounter(
      counter('sip_transaction_events_total', 'Transaction-layer events', ['event']),
    );
    this.streamClosed = new LabelledCounter(
      counter('sip_stream_connections_closed_total', 'TCP/TLS connections we closed, by reason', [
        'reason',
      ]),
    );
    this.failOpens = new LabelledCounter(
      counter(
        'sip_fail_open_total',
        'Calls allowed because scoring missed its deadline or failed',
        ['cause'],
      ),
    );
    this.verdicts = new LabelledCounter(
      counter('sip_decisions_total', 'INVITE decisions by applied verdict', ['verdict']),
    );
    this.unknownPeers = counter(
      'sip_unknown_peer_total',
      'Requests from sources that are not configured peers (403)',
    );
    this.scoringRequests = counter(
      'sip_scoring_requests_total',
      'Score requests sent to the scoring port',
    );
    this.lateScores = counter(
      'sip_scoring_late_total',
      'Scores that arrived after the deadline or a CANCEL and were dropped',
    );
    this.scoringLatency = new Histogram({
      name: 'sip_scoring_latency_seconds',
      help: 'Time from INVITE received to verdict available (or deadline)',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1],
      registers: [registry],
    });
    new Gauge({
      name: 'sip_transactions_live',
      help: 'Server transactions alive now',
      registers: [registry],
      collect() {
        this.set(liveTransactions());
      },
    });
    new Gauge({
      name: 'sip_scores_pending',
      help: 'INVITEs waiting for a verdict now',
      registers: [registry],
      collect() {
        this.set(pendingScores());
      },
    });
  }

  parseError(code: SipParseErrorCode): void {
    this.parseErrors.inc(code);
  }
  transactionEvent(event: TransactionEvent): void {
    this.transactionEvents.inc(event);
  }
  streamClose(reason: StreamCloseReason): void {
    this.streamClosed.inc(reason);
  }
}
