// INVITE → gateway → Kafka → scorer → 608/302, over real UDP and the embedded Apache Kafka,
// with the scorer as its own process so it can be paused and killed.
import { ensureTopics, topicPlan } from '@app/embedded';
import { CallDriver } from '../support/call-driver';
import { DecisionEventTap } from '../support/decision-event-tap';
import { startTestGateway, type TestGateway } from '../support/gateway-harness';
import { ScorerProcess } from '../support/scorer-process';
import {
  BLOCKED,
  DEADLINE_MS,
  GOOD,
  LOOPBACK_PEERS,
  blockListFile,
  kafkaGatewayEnv,
} from '../support/spine-fixtures';
import { SipTestClient, sleep } from '../support/sip-test-client';
import { headerLines, request, sameTransaction } from '../support/sip-messages';
import { expectEventually } from '../support/eventually';

const BROKERS = process.env.KAFKA_TEST_BROKERS ?? '';
const LISTS_FILE = blockListFile('spine-');

describe('scoring over Kafka (e2e)', () => {
  if (process.env.KAFKA_TEST_UNAVAILABLE) {
    it('needs the embedded Kafka broker', () => {
      throw new Error(process.env.KAFKA_TEST_UNAVAILABLE);
    });
    return;
  }
  let scorer: ScorerProcess;
  let gw: TestGateway;
  let tap: DecisionEventTap;
  let client: SipTestClient;

  beforeAll(async () => {
    if (!ScorerProcess.available())
      throw new Error('dist/apps/scorer/main.js missing: run `node scripts/ensure-built.js`');
    await ensureTopics(BROKERS, topicPlan(), { replicationFactor: 1 });
    tap = new DecisionEventTap(BROKERS);
    await tap.start();
    scorer = new ScorerProcess({
      KAFKA_BROKERS: BROKERS,
      SCORING_LISTS_FILE: LISTS_FILE,
      KAFKA_CLIENT_ID: 'spine-scorer-1',
    });
    await scorer.start();
    gw = await startTestGateway({
      peers: LOOPBACK_PEERS,
      env: kafkaGatewayEnv(BROKERS, 'spine-gw-1', 0),
    });
    client = await SipTestClient.open('udp', { host: gw.host, port: gw.port });
  });

  afterAll(async () => {
    await client?.close();
    await gw?.stop();
    await scorer?.stop();
    await tap?.stop();
  });

  function finalFor(callId: string, timeoutMs = 3000) {
    return client.waitForResponse(callId, { final: true, method: 'INVITE' }, timeoutMs);
  }

  it("should answer 608 with the scorer's reasons when the caller is block-listed, and 302 otherwise", async () => {
    const blocked = request(client, gw, { caller: BLOCKED });
    const good = request(client, gw, { caller: GOOD });
    client.send(blocked.text);
    client.send(good.text);
    const r608 = await finalFor(blocked.callId);
    const r302 = await finalFor(good.callId);
    expect(r608.raw.startsWith('SIP/2.0 608 Rejected\r\n')).toBe(true);
    expect(
      headerLines(r608.raw).some((l) =>
        /^Call-Info: <.+\/r\/[A-Za-z0-9_-]{22}>;purpose=jwscard$/.test(l),
      ),
    ).toBe(true);
    expect(r302.raw.startsWith('SIP/2.0 302 ')).toBe(true);
    await expectEventually(
      () => tap.byCallId(blocked.callId).length === 1 && tap.byCallId(good.callId).length === 1,
    );
    const event = tap.byCallId(blocked.callId)[0];
    expect(event).toMatchObject({
      verdict: 'reject',
      override: 'none',
      sipStatus: 608,
      caller: BLOCKED,
    });
    expect(event.reasons.map((r) => r.code)).toContain('block-list');
    expect(event.remediationToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(r608.raw).toContain(`/r/${event.remediationToken}>`);
    expect(tap.byCallId(good.callId)[0]).toMatchObject({
      verdict: 'allow',
      sipStatus: 302,
      remediationToken: null,
    });
  });

  it('should score a retransmitted INVITE once and answer it identically', async () => {
    const before = await gw.metric('sip_scoring_requests_total');
    const invite = request(client, gw, { caller: BLOCKED });
    client.send(invite.text);
    const first = await finalFor(invite.callId);
    client.send(invite.text);
    await expectEventually(
      () => client.responsesFor(invite.callId).filter((r) => r.raw === first.raw).length >= 2,
    );
    expect((await gw.metric('sip_scoring_requests_total')) - before).toBe(1);
    await sleep(300);
    expect(tap.byCallId(invite.callId)).toHaveLength(1);
  });

  it('should answer 487 to a CANCEL during scoring and drop the late reply', async () => {
    scorer.signal('SIGSTOP'); // a stalled scorer: the score stays pending
    try {
      const lateBefore = await gw.metric('sip_score_replies_total', { outcome: 'late' });
      const invite = request(client, gw, { caller: BLOCKED });
      client.send(invite.text);
      await sleep(50);
      client.send(sameTransaction(client, gw, invite, 'CANCEL'));
      const final = await finalFor(invite.callId);
      expect(final.raw).toMatch(/^SIP\/2\.0 487 Request Terminated\r\n/);
      scorer.signal('SIGCONT');
      // The scorer wakes, answers the stale request, and the gateway counts that reply as late.
      await expectEventually(
        async () => (await gw.metric('sip_score_replies_total', { outcome: 'late' })) > lateBefore,
        15_000,
      );
      const finals = client
        .responsesFor(invite.callId)
        .filter(
          (r) =>
            r.message?.kind === 'response' &&
            r.message.cseq.method === 'INVITE' &&
            r.message.status >= 200,
        );
      expect(new Set(finals.map((r) => r.raw.slice(8, 11)))).toEqual(new Set(['487']));
    } finally {
      scorer.signal('SIGCONT');
    }
  });

  it('should fail open within the deadline while the scorer is dead, and score again once it is back', async () => {
    const driver = new CallDriver(client, gw);
    const failOpenBefore = await gw.metric('sip_fail_open_total');
    await scorer.stop('SIGKILL');
    await driver.run(40, 50, () => BLOCKED);
    expect(await driver.settle(2000)).toEqual([]);
    // Fail open: allowed, never blocked, and each within the deadline (+ 50 ms).
    expect(driver.statuses().get(302)).toBe(40);
    expect(driver.slowestMs()).toBeLessThanOrEqual(DEADLINE_MS + 50);
    expect((await gw.metric('sip_fail_open_total')) - failOpenBefore).toBe(40);

    scorer = new ScorerProcess({
      KAFKA_BROKERS: BROKERS,
      SCORING_LISTS_FILE: LISTS_FILE,
      KAFKA_CLIENT_ID: 'spine-scorer-2',
    });
    await scorer.start();
    // The new member may wait for the dead one's session to expire before it owns every partition.
    await expectEventually(async () => {
      const invite = request(client, gw, { caller: BLOCKED });
      client.send(invite.text);
      const r = await finalFor(invite.callId);
      return r.raw.startsWith('SIP/2.0 608 ');
    }, 30_000);
  });

  it('should produce exactly one decision event for every answered INVITE under load', async () => {
    const driver = new CallDriver(client, gw);
    await driver.run(300, 150, (i) => (i % 3 === 0 ? BLOCKED : GOOD));
    expect(await driver.settle(3000)).toEqual([]);
    await expectEventually(
      () => [...driver.calls.keys()].every((id) => tap.byCallId(id).length >= 1),
      15_000,
    );
    await sleep(500);
    for (const id of driver.calls.keys()) expect(tap.byCallId(id)).toHaveLength(1);
    expect(tap.invalid).toEqual([]);
    const answered = [...driver.calls.values()];
    for (const call of answered) {
      const [event] = tap.byCallId(call.callId);
      expect(event.sipStatus).toBe(call.status);
    }
  });
});
