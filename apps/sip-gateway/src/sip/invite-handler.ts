// Suspend → score → continue (Kamailio tm t_suspend/t_continue): the INVITE transaction stays
// alive (and answers retransmissions) while the score is pending; a CANCEL aborts it; the
// peer's deadline applies the fail-open answer. Plain TypeScript: this runs per INVITE.
import { randomUUID } from 'node:crypto';
import type { PeerProfile } from '@app/config';
import type { ScoreRequest, ScoreVerdict } from '@app/scoring';
import type { ServerTransactionHandle } from '@app/sip';
import { decide } from '../policy/decision-policy';
import type { FailOpenCause, GatewayMetrics } from '../observability/gateway-metrics';
import { extractScoreRequest } from '../scoring/identity-extractor';
import type { ScoringPort } from '../scoring/scoring-port';
import type { DecisionListener } from './decision-record';
import type { EmergencyNumbers } from './emergency-numbers';
import { newRemediationToken } from './remediation-token';
import type { ResponseSender } from './response-sender';

interface PendingScore {
  readonly tx: ServerTransactionHandle;
  readonly peer: PeerProfile;
  readonly request: ScoreRequest;
  readonly startedAt: bigint;
  timer: NodeJS.Timeout | undefined;
  settled: boolean;
}

export interface InviteHandlerOptions {
  readonly publicBaseUrl: string;
}

export class InviteHandler {
  private readonly pending = new Map<ServerTransactionHandle, PendingScore>();

  constructor(
    private readonly options: InviteHandlerOptions,
    private readonly port: ScoringPort,
    private readonly sender: ResponseSender,
    private readonly emergency: EmergencyNumbers,
    private readonly metrics: GatewayMetrics,
    private readonly listener: DecisionListener,
  ) {}

  get pendingCount(): number {
    return this.pending.size;
  }

  handle(tx: ServerTransactionHandle, peer: PeerProfile): void {
    const startedAt = process.hrtime.bigint();
    const request = extractScoreRequest(tx.request, peer, randomUUID(), new Date());
    const state: PendingScore = {
      tx,
      peer,
      request,
      startedAt,
      timer: undefined,
      settled: false,
    };
    this.metrics.scoringRequests.inc();
    let result: ScoreVerdict | Promise<ScoreVerdict>;
    try {
      result = this.port.score(request);
    } catch {
      this.settle(state, undefined, 'scoring-error');
      return;
    }
    if (!(result instanceof Promise)) {
      this.settle(state, result, undefined);
      return;
    }
    this.pending.set(tx, state);
    state.timer = setTimeout(() => this.onDeadline(state), peer.deadlineMs);
    result.then(
      (verdict) => this.settle(state, verdict, undefined),
      () => this.settle(state, undefined, 'scoring-error'),
    );
  }

  /** §9.2: the layer already answered 487; stop waiting and drop whatever arrives later. */
  cancel(tx: ServerTransactionHandle): void {
    const state = this.pending.get(tx);
    if (!state || state.settled) return;
    state.settled = true;
    this.release(state);
    this.port.abandon?.(state.request);
  }

  /** Shutdown: answer every pending INVITE now (fail open) so no caller is left hanging. */
  drain(): void {
    for (const state of [...this.pending.values()]) this.onDeadline(state);
  }

  private onDeadline(state: PendingScore): void {
    state.timer = undefined;
    this.settle(state, undefined, 'deadline');
    this.port.abandon?.(state.request);
  }

  private settle(
    state: PendingScore,
    verdict: ScoreVerdict | undefined,
    failOpenCause: FailOpenCause | undefined,
  ): void {
    if (state.settled) {
      // A verdict after the deadline or a CANCEL; the rejection an abandoned request gets is not one.
      if (verdict) this.metrics.lateScores.inc();
      return;
    }
    state.settled = true;
    this.release(state);
    const { tx, peer, request } = state;
    if (tx.hasFinalResponse || tx.terminated) return;
    const latencyNs = Number(process.hrtime.bigint() - state.startedAt);
    const answer = decide({
      peer,
      verdict,
      calledUser: tx.request.uri.user,
      emergency: this.emergency.includes(request.callee),
      supports608: supports608(tx),
      token: newRemediationToken(),
      publicBaseUrl: this.options.publicBaseUrl,
    });
    this.sender.respond(tx, answer.status, answer.reason, answer.headers);
    this.metrics.scoringLatency.observe(latencyNs / 1e9);
    this.metrics.verdicts.inc(answer.applied);
    if (failOpenCause) this.metrics.failOpens.inc(failOpenCause);
    this.listener.onDecision({
      request,
      verdict,
      failOpenCause,
      answer,
      scoringLatencyMs: latencyNs / 1e6,
    });
  }

  private release(state: PendingScore): void {
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    this.pending.delete(state.tx);
  }
}

/** RFC 8688 §3.4 / RFC 6809: `Feature-Caps: *;+sip.608`. */
function supports608(tx: ServerTransactionHandle): boolean {
  const headers = tx.request.headers;
  if (!headers.has('feature-caps')) return false;
  for (const value of headers.getAll('feature-caps')) {
    if (/(^|;)\s*\+sip\.608(\s*[;=]|\s*$)/i.test(value)) return true;
  }
  return false;
}
