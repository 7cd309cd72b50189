import { Registry } from 'prom-client';
import { peerProfileSchema } from '@app/config';
import type { ScoreRequest, ScoreVerdict } from '@app/scoring';
import {
  parseMessage,
  type ServerTransactionHandle,
  type SipEndpoint,
  type SipRequest,
} from '@app/sip';
import { GatewayMetrics } from '../observability/gateway-metrics';
import type { ScoringPort } from '../scoring/scoring-port';
import type { DecisionRecord } from './decision-record';
import { EmergencyNumbers } from './emergency-numbers';
import { InviteHandler } from './invite-handler';
import { ResponseSender } from './response-sender';

const SOURCE: SipEndpoint = { protocol: 'udp', address: '192.0.2.10', port: 5060 };
const REJECT: ScoreVerdict = {
  verdict: 'reject',
  score: 100,
  reasons: [{ code: 'block-list', points: 100, detail: 'staff block' }],
  ruleSetVersion: 'test.1',
};

function invite(callee = '+13125467890', extra = ''): SipRequest {
  const text = [
    `INVITE sip:${callee}@gw.example.net SIP/2.0`,
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKtest1',
    'From: <sip:+12127363199@carrier.example.net>;tag=a1',
    `To: <sip:${callee}@gw.example.net>`,
    'Call-ID: handler-test@192.0.2.10',
    'CSeq: 1 INVITE',
    'Max-Forwards: 70',
    ...(extra ? [extra] : []),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const parsed = parseMessage(Buffer.from(text, 'latin1'));
  if (!parsed.ok || parsed.value.kind !== 'request') throw new Error('bad test message');
  return parsed.value;
}

/** A server transaction as the TU sees it, recording what was sent through it. */
class RecordingTransaction implements ServerTransactionHandle {
  readonly sent: Array<{ status: number; wire: string }> = [];
  readonly toTag = 'tt1';
  hasFinalResponse = false;
  terminated = false;
  constructor(
    readonly request: SipRequest,
    readonly source: SipEndpoint = SOURCE,
  ) {}
  respond(status: number, wire: Buffer): boolean {
    if (this.hasFinalResponse) return false;
    this.sent.push({ status, wire: wire.toString('latin1') });
    if (status >= 200) this.hasFinalResponse = true;
    return true;
  }
}

/** A scorer whose answers the test releases by hand. */
class ControlledScorer implements ScoringPort {
  readonly calls: Array<{
    request: ScoreRequest;
    resolve: (v: ScoreVerdict) => void;
    reject: (e: Error) => void;
  }> = [];
  readonly abandoned: ScoreRequest[] = [];
  score(request: ScoreRequest): Promise<ScoreVerdict> {
    return new Promise((resolve, reject) => this.calls.push({ request, resolve, reject }));
  }
  abandon(request: ScoreRequest): void {
    this.abandoned.push(request);
  }
}

function setup(port: ScoringPort, deadlineMs = 200) {
  const registry = new Registry();
  const metrics = new GatewayMetrics(
    registry,
    () => 0,
    () => 0,
  );
  const decisions: DecisionRecord[] = [];
  const handler = new InviteHandler(
    { publicBaseUrl: 'https://screen.example.net' },
    port,
    new ResponseSender('test-gw', metrics),
    new EmergencyNumbers(['911']),
    metrics,
    { onDecision: (d) => decisions.push(d) },
  );
  const peer = peerProfileSchema.parse({
    name: 'p',
    cidrs: ['192.0.2.0/24'],
    routeTarget: 'ss1.example.net',
    deadlineMs,
  });
  const metric = async (name: string) => {
    const m = await registry.getSingleMetric(name)?.get();
    return m?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;
  };
  return { handler, peer, decisions, metric };
}

describe(InviteHandler.name, () => {
  afterEach(() => jest.useRealTimers());

  it('should answer at once when the scoring port answers synchronously', () => {
    const { handler, peer, decisions } = setup({ score: () => REJECT });
    const tx = new RecordingTransaction(invite());
    handler.handle(tx, peer);
    expect(tx.sent.map((s) => s.status)).toEqual([608]);
    expect(tx.sent[0].wire).toMatch(
      /Call-Info: <https:\/\/screen\.example\.net\/r\/[A-Za-z0-9_-]{22}>;purpose=jwscard/,
    );
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ verdict: REJECT, failOpenCause: undefined });
    expect(decisions[0].answer.token).toHaveLength(22);
    expect(handler.pendingCount).toBe(0);
  });

  it('should fail open with 302 and count it when the deadline passes', async () => {
    jest.useFakeTimers();
    const scorer = new ControlledScorer();
    const { handler, peer, decisions, metric } = setup(scorer, 150);
    const tx = new RecordingTransaction(invite());
    handler.handle(tx, peer);
    jest.advanceTimersByTime(149);
    expect(tx.sent).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(tx.sent.map((s) => s.status)).toEqual([302]);
    expect(scorer.abandoned).toEqual([scorer.calls[0].request]);
    expect(decisions[0]).toMatchObject({ verdict: undefined, failOpenCause: 'deadline' });
    expect(decisions[0].answer.override).toBe('fail-open');
    scorer.calls[0].resolve(REJECT); // the late verdict is dropped and counted
    await Promise.resolve();
    expect(tx.sent).toHaveLength(1);
    expect(await metric('sip_scoring_late_total')).toBe(1);
    expect(await metric('sip_fail_open_total')).toBe(1);
  });

  it('should answer with the verdict when it arrives before the deadline', async () => {
    jest.useFakeTimers();
    const scorer = new ControlledScorer();
    const { handler, peer } = setup(scorer);
    const tx = new RecordingTransaction(invite());
    handler.handle(tx, peer);
    expect(handler.pendingCount).toBe(1);
    scorer.calls[0].resolve(REJECT);
    await Promise.resolve();
    expect(tx.sent.map((s) => s.status)).toEqual([608]);
    expect(handler.pendingCount).toBe(0);
    jest.advanceTimersByTime(1000); // the deadline timer was cleared: nothing more is sent
    expect(tx.sent).toHaveLength(1);
  });

  it('should fail open when the scoring port rejects', async () => {
    const scorer = new ControlledScorer();
    const { handler, peer, decisions } = setup(scorer);
    const tx = new RecordingTransaction(invite());
    handler.handle(tx, peer);
    scorer.calls[0].reject(new Error('scorer down'));
    await Promise.resolve();
    await Promise.resolve();
    expect(tx.sent.map((s) => s.status)).toEqual([302]);
    expect(decisions[0].failOpenCause).toBe('scoring-error');
  });

  it('should fail open when the scoring port throws synchronously', () => {
    const { handler, peer, decisions } = setup({
      score: () => {
        throw new Error('bug');
      },
    });
    const tx = new RecordingTransaction(invite());
    handler.handle(tx, peer);
    expect(tx.sent.map((s) => s.status)).toEqual([302]);
    expect(decisions[0].failOpenCause).toBe('scoring-error');
  });

  it('should abort the score and send nothing when a CANCEL arrives first', async () => {
    jest.useFakeTimers();
    const scorer = new ControlledScorer();
    const { handler, peer, decisions, metric } = setup(scorer);
    const tx = new RecordingTransaction(invite());
    handler.handle(tx, peer);
    // The layer has sent 487 through the transaction before telling the TU.
    tx.respond(487, Buffer.from('SIP/2.0 487 Request Terminated\r\n\r\n'));
    handler.cancel(tx);
    expect(scorer.abandoned).toEqual([scorer.calls[0].request]);
    expect(handler.pendingCount).toBe(0);
    scorer.calls[0].resolve(REJECT);
    await Promise.resolve();
    jest.advanceTimersByTime(1000);
    expect(tx.sent.map((s) => s.status)).toEqual([487]);
    expect(decisions).toHaveLength(0);
    expect(await metric('sip_scoring_late_total')).toBe(1);
  });

  it('should never reject a call to an emergency number', () => {
    const { handler, peer, decisions } = setup({ score: () => REJECT });
    const tx = new RecordingTransaction(invite('911'));
    handler.handle(tx, peer);
    expect(tx.sent.map((s) => s.status)).toEqual([302]);
    expect(decisions[0].answer.override).toBe('emergency');
  });

  it('should answer every pending INVITE (fail open) when drained at shutdown', () => {
    const scorer = new ControlledScorer();
    const { handler, peer } = setup(scorer, 5000);
    const txs = [new RecordingTransaction(invite()), new RecordingTransaction(invite())];
    for (const tx of txs) handler.handle(tx, peer);
    handler.drain();
    expect(txs.map((tx) => tx.sent.map((s) => s.status))).toEqual([[302], [302]]);
    expect(handler.pendingCount).toBe(0);
  });

  it('should use the 603+ fallback only when the peer asks and Feature-Caps lacks +sip.608', () => {
    const { handler, decisions } = setup({ score: () => REJECT });
    const peer = peerProfileSchema.parse({
      name: 'p',
      cidrs: ['192.0.2.0/24'],
      routeTarget: 'ss1.example.net',
      fallbackTo603WithoutFeatureCaps: true,
    });
    handler.handle(new RecordingTransaction(invite()), peer);
    handler.handle(
      new RecordingTransaction(invite('+13125467890', 'Feature-Caps: *;+sip.608')),
      peer,
    );
    expect(decisions.map((d) => d.answer.status)).toEqual([603, 608]);
  });
});
