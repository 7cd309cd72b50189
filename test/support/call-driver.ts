// Drives INVITEs at a fixed rate over real UDP and records, per call, when it was sent and the
// first final response (status, time). Every call ACKs its final like a real SBC would.
import { SipTestClient, sleep } from './sip-test-client';
import { request } from './sip-messages';

export interface CallOutcome {
  readonly callId: string;
  readonly caller: string;
  readonly sentAt: number;
  /** undefined while unanswered */
  status?: number;
  answeredAt?: number;
  raw?: string;
}

export class CallDriver {
  readonly calls = new Map<string, CallOutcome>();

  constructor(
    private readonly client: SipTestClient,
    private readonly target: { host: string; port: number },
  ) {}

  /** Sends one INVITE; returns its Call-ID. */
  send(caller: string, callee = '+13125467890'): string {
    const invite = request(this.client, this.target, { caller, callee });
    this.calls.set(invite.callId, { callId: invite.callId, caller, sentAt: Date.now() });
    this.client.send(invite.text);
    return invite.callId;
  }

  /** Sends `count` INVITEs at `perSecond`, callers chosen by `callerOf(i)`. */
  async run(count: number, perSecond: number, callerOf: (i: number) => string): Promise<void> {
    const gapMs = 1000 / perSecond;
    const start = Date.now();
    for (let i = 0; i < count; i++) {
      const due = start + i * gapMs;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      this.send(callerOf(i));
      this.collect();
    }
  }

  /** Folds the client's received finals into the outcomes. */
  collect(): void {
    for (const r of this.client.received) {
      const m = r.message;
      if (m?.kind !== 'response' || m.status < 200 || m.cseq.method !== 'INVITE') continue;
      const call = this.calls.get(m.callId);
      if (call && call.status === undefined) {
        call.status = m.status;
        call.answeredAt = r.at;
        call.raw = r.raw;
      }
    }
    this.client.received.length = 0;
  }

  /** Waits until every call has a final response (bounded); returns the unanswered ones. */
  async settle(timeoutMs: number): Promise<CallOutcome[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.collect();
      const open = [...this.calls.values()].filter((c) => c.status === undefined);
      if (open.length === 0 || Date.now() > deadline) return open;
      await sleep(20);
    }
  }

  /** Slowest answer in ms (INVITE sent → final received). */
  slowestMs(): number {
    let worst = 0;
    for (const c of this.calls.values()) {
      if (c.answeredAt !== undefined) worst = Math.max(worst, c.answeredAt - c.sentAt);
    }
    return worst;
  }

  statuses(): Map<number, number> {
    const out = new Map<number, number>();
    for (const c of this.calls.values()) {
      if (c.status !== undefined) out.set(c.status, (out.get(c.status) ?? 0) + 1);
    }
    return out;
  }
}
