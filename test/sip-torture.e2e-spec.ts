// RFC 4475 / RFC 5118 torture messages sent to the running gateway over real sockets.
// Every valid request is answered (UDP and TCP); every invalid one gets the answer the manifest
// records (UDP: the transport where RFC 4475 describes them), and over TCP never a 2xx/3xx.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMessage } from '@app/sip';
import { optionsPing } from './support/sip-messages';
import { SipTestClient, sleep, type Received } from './support/sip-test-client';
import { startTestGateway, type TestGateway } from './support/gateway-harness';

interface ManifestEntry {
  readonly file: string;
  readonly rfc: string;
  readonly expect: 'parse' | 'reject';
  readonly code?: string;
  readonly answer?: '400' | '416' | '505' | 'drop';
  readonly note?: string;
}

const FIXTURES = join(__dirname, 'fixtures', 'sip');
const manifest = JSON.parse(
  readFileSync(join(FIXTURES, 'manifest.json'), 'utf8'),
) as ManifestEntry[];
const valid = manifest.filter((e) => e.expect === 'parse');
const invalid = manifest.filter((e) => e.expect === 'reject');

/** How long "no answer" is given to show itself. */
const SILENCE_MS = 300;
/** A loopback address of the fixtures' own (any 127/8 address is a configured peer by default). */
const FIXTURE_SOURCE = '127.0.0.77';

function fixture(file: string): Buffer {
  return readFileSync(join(FIXTURES, file));
}

/** The top Via's sent-by port, or 5060 (§18.2.2 default) when it has none or cannot be read. */
function sentByPort(data: Buffer): number {
  const parsed = parseMessage(data);
  const via = parsed.ok ? parsed.value.via : parsed.error.head?.via;
  return via?.[0]?.port || 5060;
}

/**
 * Matches what the gateway sent in answer to `file`: same Call-ID. The fixtures' UDP answers
 * all come to one port, and Timer G keeps retransmitting earlier ones (nobody ACKs them).
 */
function answersTo(file: string): (r: Received) => boolean {
  const callId = /^(?:call-id|i)[ \t]*:[ \t]*(\S+)/im.exec(fixture(file).toString('latin1'))?.[1];
  // No Call-ID (RFC 4475 insuf): anything the fresh gateway sends is the answer.
  return (r) => callId === undefined || r.raw.includes(callId);
}

const isResponse = (file: string) => fixture(file).subarray(0, 8).toString('latin1') === 'SIP/2.0 ';

/**
 * A fresh gateway per message: the RFC's messages reuse branches (`z9hG4bKkdjuw` with one
 * sent-by in several of them), so on one gateway a later one would rightly match an earlier
 * one's transaction (§17.2.3) and get its answer.
 */
function withGateway(): { get: () => TestGateway } {
  let gw: TestGateway | undefined;
  beforeEach(async () => {
    gw = await startTestGateway();
  });
  afterEach(async () => {
    await gw?.stop();
  });
  return { get: () => gw! };
}

/** Sends one fixture; over UDP the client listens where §18.2.2 will send the answer. */
async function exchange(
  gw: TestGateway,
  file: string,
  protocol: 'udp' | 'tcp',
): Promise<SipTestClient> {
  const data = fixture(file);
  const to = { host: gw.host, port: gw.port };
  const client =
    protocol === 'tcp'
      ? await SipTestClient.open('tcp', to)
      : // Without rport the answer goes to the source address at the Via sent-by port: listen
        // on that port, on a loopback address of our own (never the gateway's).
        await SipTestClient.open('udp', to, FIXTURE_SOURCE, sentByPort(data));
  client.send(data);
  return client;
}

describe('RFC 4475 torture messages against the gateway (e2e)', () => {
  describe.each(['udp', 'tcp'] as const)('valid messages over %s', (protocol) => {
    const gw = withGateway();

    it.each(valid.map((e) => [e.file] as const))('should answer %s', async (file) => {
      const client = await exchange(gw.get(), file, protocol);
      const mine = answersTo(file);
      try {
        if (isResponse(file)) {
          // A response (RFC 4475 §3.1.1.12-13): a redirect server has no client transaction for it.
          await sleep(SILENCE_MS);
          expect(client.received.filter(mine)).toHaveLength(0);
          return;
        }
        const res = await client.waitFor((r) => mine(r) && /^SIP\/2\.0 [2-6]\d\d /.test(r.raw));
        // Valid requests are never refused as malformed.
        expect(res.raw).not.toMatch(/^SIP\/2\.0 (400|416|505) /);
      } finally {
        await client.close();
      }
    });
  });

  describe('invalid messages over udp', () => {
    const gw = withGateway();

    it.each(invalid.map((e) => [e.file, e] as const))(
      'should handle %s as the manifest says',
      async (_file, entry) => {
        const client = await exchange(gw.get(), entry.file, 'udp');
        const mine = answersTo(entry.file);
        try {
          if (entry.answer === 'drop') {
            await sleep(SILENCE_MS);
            expect(client.received.filter(mine)).toHaveLength(0);
            return;
          }
          const res = await client.waitFor((r) => mine(r) && /^SIP\/2\.0 \d{3} /.test(r.raw));
          expect(res.raw.slice(8, 11)).toBe(entry.answer);
          if (entry.answer === '400') {
            expect(res.raw.split('\r\n')[0]).toMatch(/^SIP\/2\.0 400 Bad Request - ./);
          }
        } finally {
          await client.close();
        }
      },
    );
  });

  describe('invalid messages over tcp', () => {
    const gw = withGateway();

    it.each(invalid.map((e) => [e.file] as const))(
      'should answer or close, never let through, when %s arrives',
      async (file) => {
        const client = await exchange(gw.get(), file, 'tcp');
        await sleep(SILENCE_MS);
        // Framing errors close the connection; parse errors are answered over it.
        for (const r of client.received) expect(r.raw).not.toMatch(/^SIP\/2\.0 [23]\d\d /);
        await client.close();
      },
    );
  });

  it('should still answer OPTIONS when every torture message has gone to the same gateway', async () => {
    const target = await startTestGateway();
    for (const entry of manifest) {
      const udp = await exchange(target, entry.file, 'udp');
      const tcp = await exchange(target, entry.file, 'tcp');
      await Promise.all([udp.close(), tcp.close()]);
    }
    const client = await SipTestClient.open('udp', { host: target.host, port: target.port });
    const callId = `after-torture-${Date.now()}`;
    client.send(optionsPing(client, target, callId));
    const res = await client.waitFor(
      (r) => r.message?.kind === 'response' && r.message.callId === callId,
    );
    expect(res.raw.startsWith('SIP/2.0 200 OK')).toBe(true);
    await client.close();
    await target.stop();
  });
});
