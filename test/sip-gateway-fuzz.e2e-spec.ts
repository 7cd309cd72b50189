// The whole gateway under fuzzed input over real UDP and TCP: mutated RFC 4475 messages and
// random bytes. After every batch an OPTIONS must still be answered (no crash, no hang), and
// memory must stay bounded. SIP_GATEWAY_FUZZ_MESSAGES sets the count (default 3,000 for
// `npm test`; `npm run fuzz:sip` sends 100,000).
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionsPing } from './support/sip-messages';
import { SipTestClient, sleep } from './support/sip-test-client';
import { startTestGateway, type TestGateway } from './support/gateway-harness';

const MESSAGES = Math.max(100, Number(process.env.SIP_GATEWAY_FUZZ_MESSAGES ?? '') || 3_000);
const BATCH = 250;
const FIXTURES = join(__dirname, 'fixtures', 'sip');
const CORPUS = ['valid', 'invalid'].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir)).map((f) => readFileSync(join(FIXTURES, dir, f))),
);

/** One fuzzed message: a mutated fixture, or raw random bytes. */
const fuzzedMessage: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 4, arbitrary: mutatedFixture() },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ minLength: 0, maxLength: 2048 }).map((a) => Buffer.from(a)),
  },
);

function mutatedFixture(): fc.Arbitrary<Buffer> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: CORPUS.length - 1 }),
      fc.array(
        fc.tuple(fc.constantFrom('flip', 'cut', 'dup', 'crlf', 'junk'), fc.nat(), fc.nat(255)),
        { minLength: 1, maxLength: 4 },
      ),
    )
    .map(([index, edits]) => {
      let data = Buffer.from(CORPUS[index]);
      for (const [kind, at, value] of edits) {
        const i = data.length === 0 ? 0 : at % data.length;
        if (kind === 'flip' && data.length > 0) data[i] = value;
        else if (kind === 'cut') data = data.subarray(0, i);
        else if (kind === 'dup') data = Buffer.concat([data.subarray(0, i), data.subarray(i)]);
        else if (kind === 'crlf')
          data = Buffer.concat([data.subarray(0, i), Buffer.from('\r\n'), data.subarray(i)]);
        else
          data = Buffer.concat([data.subarray(0, i), Buffer.alloc(value, 0x41), data.subarray(i)]);
      }
      return data;
    });
}

describe('sip-gateway under fuzzed input (e2e)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.stop();
  });

  async function stillAnswers(client: SipTestClient, n: number): Promise<void> {
    const callId = `fuzz-probe-${n}-${Date.now()}`;
    client.send(optionsPing(client, gw, callId));
    await client.waitFor(
      (r) => r.message?.kind === 'response' && r.message.callId === callId,
      2000,
    );
  }

  it(`should keep answering and stay bounded in memory when ${MESSAGES} fuzzed messages arrive`, async () => {
    const probe = await SipTestClient.open('udp', { host: gw.host, port: gw.port });
    const sender = await SipTestClient.open('udp', { host: gw.host, port: gw.port }, '127.0.0.1');
    const samples = fc.sample(fuzzedMessage, { numRuns: MESSAGES, seed: 4475 });
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let start = 0, batch = 0; start < samples.length; start += BATCH, batch++) {
      const slice = samples.slice(start, start + BATCH);
      for (const data of slice) sender.send(data);
      // A tenth of each batch also goes over TCP, one connection for the lot.
      const tcp = await SipTestClient.open('tcp', { host: gw.host, port: gw.port });
      for (const data of slice.slice(0, BATCH / 10)) tcp.send(data);
      await sleep(5);
      await tcp.close();
      await stillAnswers(probe, batch);
      sender.received.length = 0; // the answers themselves are not under test here
      probe.received.length = 0;
    }
    global.gc?.();
    const growthMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    // Transactions created by well-formed mutants live until Timer H/J (≤ 32 s) and are capped;
    // anything beyond a few tens of MB would be a leak.
    expect(growthMb).toBeLessThan(64);
    expect(await gw.metric('sip_parse_errors_total')).toBeGreaterThan(0);
    expect(await gw.metric('sip_messages_dropped_total', { cause: 'internal-error' })).toBe(0);
    await Promise.all([probe.close(), sender.close()]);
  });
});
