// Fault drills over real UDP and a broker of this file's own (so it can be stopped): the
// broker restarted mid-traffic, and two gateways + two scorers with one of each stopped.
// Every call must be answered within its deadline (+ 50 ms), failing open while scoring is
// impossible, and scoring must resume by itself.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedKafka, ensureTopics, findFreePortPair, topicPlan } from '@app/embedded';
import { CallDriver } from '../support/call-driver';
import { startTestGateway, type TestGateway } from '../support/gateway-harness';
import { ScorerProcess } from '../support/scorer-process';
import {
  BLOCKED,
  DEADLINE_MS,
  LOOPBACK_PEERS,
  blockListFile,
  kafkaGatewayEnv,
} from '../support/spine-fixtures';
import { SipTestClient, sleep } from '../support/sip-test-client';
import { request } from '../support/sip-messages';

const dir = mkdtempSync(join(tmpdir(), 'faults-'));
const LISTS_FILE = blockListFile('faults-lists-');

describe('fault drills (e2e)', () => {
  if (process.env.KAFKA_TEST_UNAVAILABLE) {
    it('needs Java and Maven for the embedded Kafka broker', () => {
      throw new Error(process.env.KAFKA_TEST_UNAVAILABLE);
    });
    return;
  }
  let kafka: EmbeddedKafka;
  let brokers: string;
  const scorers: ScorerProcess[] = [];
  const gateways: TestGateway[] = [];
  const clients: SipTestClient[] = [];

  beforeAll(async () => {
    kafka = new EmbeddedKafka({ dataDir: join(dir, 'kafka'), port: await findFreePortPair() });
    brokers = (await kafka.start()).brokers;
    await ensureTopics(brokers, topicPlan(), { replicationFactor: 1 });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(gateways.map((g) => g.stop().catch(() => undefined)));
    await Promise.all(scorers.map((s) => s.stop()));
    await kafka?.stop();
  });

  async function scorer(id: string): Promise<ScorerProcess> {
    const s = new ScorerProcess({
      KAFKA_BROKERS: brokers,
      SCORING_LISTS_FILE: LISTS_FILE,
      KAFKA_CLIENT_ID: id,
    });
    await s.start();
    scorers.push(s);
    return s;
  }

  async function gateway(
    id: string,
    replyPartition: number,
  ): Promise<{ gw: TestGateway; client: SipTestClient }> {
    const gw = await startTestGateway({
      peers: LOOPBACK_PEERS,
      env: kafkaGatewayEnv(brokers, id, replyPartition),
    });
    const client = await SipTestClient.open('udp', { host: gw.host, port: gw.port });
    gateways.push(gw);
    clients.push(client);
    return { gw, client };
  }

  /** True once a block-listed caller is rejected again, i.e. scoring works end to end. */
  async function scoringWorks(
    client: SipTestClient,
    gw: TestGateway,
    timeoutMs: number,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const invite = request(client, gw, { caller: BLOCKED });
      client.send(invite.text);
      const r = await client
        .waitFor(
          (m) =>
            m.message?.kind === 'response' &&
            m.message.callId === invite.callId &&
            m.message.status >= 200,
          2000,
        )
        .catch(() => undefined);
      if (r?.raw.startsWith('SIP/2.0 608 ')) return;
      if (Date.now() > deadline) throw new Error(`scoring did not resume within ${timeoutMs} ms`);
      await sleep(250);
    }
  }

  it('should keep answering within the deadline while the broker restarts, then score again', async () => {
    await scorer('faults-scorer-a');
    const { gw, client } = await gateway('faults-gw-a', 0);
    await scoringWorks(client, gw, 20_000);

    const driver = new CallDriver(client, gw);
    const traffic = driver.run(200, 40, () => BLOCKED); // 5 s of calls
    await sleep(1000);
    await kafka.stop();
    await sleep(1500);
    await kafka.start();
    await traffic;
    expect(await driver.settle(2000)).toEqual([]);
    expect(driver.slowestMs()).toBeLessThanOrEqual(DEADLINE_MS + 50);
    // While the broker was away those calls failed open (302); before and after, 608.
    expect(driver.statuses().get(302) ?? 0).toBeGreaterThan(0);
    expect((driver.statuses().get(302) ?? 0) + (driver.statuses().get(608) ?? 0)).toBe(200);
    await scoringWorks(client, gw, 60_000);
  });

  it('should answer every call of the survivors when one of two gateways and one of two scorers stop', async () => {
    await scorer('faults-scorer-b');
    const a = await gateway('faults-gw-b1', 1);
    const b = await gateway('faults-gw-b2', 2);
    await scoringWorks(a.client, a.gw, 30_000);
    await scoringWorks(b.client, b.gw, 30_000);

    const driverA = new CallDriver(a.client, a.gw);
    const trafficA = driverA.run(200, 40, () => BLOCKED);
    const driverB = new CallDriver(b.client, b.gw);
    const trafficB = driverB.run(40, 40, () => BLOCKED);
    await sleep(1000);
    await Promise.all([b.gw.stop(), scorers[0].stop('SIGKILL')]);
    await Promise.all([trafficA, trafficB.catch(() => undefined)]);
    expect(await driverA.settle(2000)).toEqual([]);
    expect(driverA.slowestMs()).toBeLessThanOrEqual(DEADLINE_MS + 50);
    expect((driverA.statuses().get(302) ?? 0) + (driverA.statuses().get(608) ?? 0)).toBe(200);
    // The surviving scorer takes over the dead one's partitions: scoring works again.
    await scoringWorks(a.client, a.gw, 30_000);
  });
});
