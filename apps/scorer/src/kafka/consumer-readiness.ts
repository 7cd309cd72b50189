// Is the score-request consumer serving? Fed by the kafkajs consumer's instrumentation events
// (ScorerKafkaServer) and read by /health/ready, the metrics and startScorer().
//
// Joined is not yet serving: ServerKafka resolves the assigned partitions' offsets lazily in its
// first fetch (KAFKA.md §3), so with `fromBeginning: false` a request produced between the join
// and that fetch would be skipped. Ready therefore means "joined, and one fetch has completed
// since", or joined with nothing assigned (a standby member when instances > partitions).

export type ConsumerState = 'starting' | 'joined' | 'ready' | 'rebalancing' | 'crashed' | 'stopped';

export interface ConsumerStatus {
  readonly state: ConsumerState;
  readonly memberId: string | undefined;
  /** Score-request partitions assigned to this instance in the current generation. */
  readonly partitions: readonly number[];
  /** Completed group joins (first join and every rebalance). */
  readonly joins: number;
}

export interface GroupJoin {
  readonly memberId: string;
  readonly memberAssignment: Readonly<Record<string, readonly number[] | undefined>>;
}

type Waiter = () => void;

export class ConsumerReadiness {
  private state: ConsumerState = 'starting';
  private memberId: string | undefined;
  private partitions: readonly number[] = [];
  private joins = 0;
  private waiters: Waiter[] = [];

  /** @param topic the topic whose partitions count (the score-request topic) */
  constructor(private readonly topic: string) {}

  get ready(): boolean {
    return this.state === 'ready';
  }

  status(): ConsumerStatus {
    return {
      state: this.state,
      memberId: this.memberId,
      partitions: this.partitions,
      joins: this.joins,
    };
  }

  onGroupJoin(event: GroupJoin): void {
    this.memberId = event.memberId;
    this.partitions = [...(event.memberAssignment[this.topic] ?? [])].sort((a, b) => a - b);
    this.joins += 1;
    this.moveTo(this.partitions.length === 0 ? 'ready' : 'joined');
  }

  /** A fetch completed: the offsets of every assigned partition are resolved. */
  onFetch(): void {
    if (this.state === 'joined') this.moveTo('ready');
  }

  onRebalancing(): void {
    if (this.state === 'joined' || this.state === 'ready') this.moveTo('rebalancing');
  }

  /** kafkajs may restart the consumer after a crash; the next join makes it ready again. */
  onCrash(): void {
    this.partitions = [];
    this.moveTo('crashed');
  }

  onStop(): void {
    this.partitions = [];
    this.moveTo('stopped');
  }

  /** Resolves once ready; rejects after `timeoutMs` naming the state it was stuck in. */
  whenReady(timeoutMs: number): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(
            `the Kafka consumer was not assigned within ${timeoutMs} ms (state: ${this.state})`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private moveTo(state: ConsumerState): void {
    this.state = state;
    if (state !== 'ready' || this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
