// The gateway end to end over real UDP, TCP and TLS sockets, with the real rule engine.
import { SipTestClient, sleep, type ClientProtocol } from './support/sip-test-client';
import { headerLines, request, sameTransaction } from './support/sip-messages';
import { startTestGateway, type TestGateway } from './support/gateway-harness';
import { expectEventually } from './support/eventually';

const BLOCKED = '+12127363199';
const GOOD = '+12127363100';
const CALLEE = '+13125467890';
const LISTS = {
  allow: [],
  block: [
    { number: BLOCKED, source: 'staff', reason: 'Robocall campaign reported by subscribers' },
  ],
};
const PEERS = {
  peers: [
    { name: 'carrier-608', cidrs: ['127.0.0.1/32'], routeTarget: 'ss1.example.net:5060' },
    {
      name: 'carrier-603',
      cidrs: ['127.0.0.3/32'],
      routeTarget: 'ss1.example.net:5060',
      rejectForm: '603+',
    },
    {
      name: 'carrier-strict',
      cidrs: ['127.0.0.4/32'],
      routeTarget: 'ss1.example.net:5060',
      unknownRequire: 'reject',
      maxForwardsZero: 'reject',
    },
  ],
};

describe('sip-gateway (e2e)', () => {
  let gw: TestGateway;
  const clients: SipTestClient[] = [];

  beforeAll(async () => {
    gw = await startTestGateway({ peers: PEERS, lists: LISTS, tls: true });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await gw.stop();
  });

  async function client(protocol: ClientProtocol, local = '127.0.0.1'): Promise<SipTestClient> {
    const port = protocol === 'tls' ? gw.tlsPort! : gw.port;
    const c = await SipTestClient.open(protocol, { host: gw.host, port }, local);
    clients.push(c);
    return c;
  }

  describe.each<ClientProtocol>(['udp', 'tcp', 'tls'])('over %s', (protocol) => {
    it('should answer 608 with Call-Info and Reason when the caller is block-listed', async () => {
      const c = await client(protocol);
      const invite = request(c, gw, { caller: BLOCKED, callee: CALLEE });
      c.send(invite.text);
      const res = await c.waitFor(
        (r) => r.message?.kind === 'response' && r.message.status === 608,
      );
      const lines = headerLines(res.raw);
      expect(res.raw.startsWith('SIP/2.0 608 Rejected\r\n')).toBe(true);
      const callInfo = lines.filter((l) => l.startsWith('Call-Info:'));
      expect(callInfo).toHaveLength(1);
      expect(callInfo[0]).toMatch(
        /^Call-Info: <https:\/\/screen\.example\.net\/r\/[A-Za-z0-9_-]{22}>;purpose=jwscard$/,
      );
      expect(lines).toContain('Reason: Q.850;cause=21;text="Call rejected";location=RLN');
      expect(lines).toContain(`Call-ID: ${invite.callId}`);
      expect(lines).toContain('CSeq: 1 INVITE');
      expect(lines).toContain('Content-Length: 0');
      expect(lines.find((l) => l.startsWith('To:'))).toMatch(/;tag=[0-9a-f]+$/);
      expect(lines.find((l) => l.startsWith('From:'))).toContain(`;tag=${invite.fromTag}`);
      const via = lines.find((l) => l.startsWith('Via:'))!;
      expect(via).toContain(`branch=${invite.branch}`);
      expect(via).toContain(`rport=${c.localPort}`);
      expect(via).toContain('received=127.0.0.1');
      expect(lines.some((l) => l.startsWith('Server:'))).toBe(true);
    });

    it('should answer 302 to the route target keeping the user when the caller is fine', async () => {
      const c = await client(protocol);
      const invite = request(c, gw, { caller: GOOD, callee: CALLEE });
      c.send(invite.text);
      const res = await c.waitFor((r) => r.message?.kind === 'response' && r.message.status >= 200);
      expect(res.raw.startsWith('SIP/2.0 302 Moved Temporarily\r\n')).toBe(true);
      const lines = headerLines(res.raw);
      expect(lines).toContain(`Contact: <sip:${CALLEE}@ss1.example.net:5060>`);
      expect(lines).toContain('Reason: SIP;cause=302;text="no-fraud-detected"');
    });

    it('should answer OPTIONS with 200 and Allow, Accept, Supported', async () => {
      const c = await client(protocol);
      const options = request(c, gw, { method: 'OPTIONS' });
      c.send(options.text);
      const res = await c.waitForResponse(options.callId);
      expect(res.raw.startsWith('SIP/2.0 200 OK\r\n')).toBe(true);
      const lines = headerLines(res.raw);
      expect(lines).toContain('Allow: INVITE, ACK, CANCEL, OPTIONS');
      expect(lines).toContain('Accept: application/sdp');
      expect(lines.some((l) => l.startsWith('Supported:'))).toBe(true);
    });
  });

  it('should answer 603 Network Blocked with the ATIS Reason when the peer asks for 603+', async () => {
    const c = await client('udp', '127.0.0.3');
    const invite = request(c, gw, { caller: BLOCKED });
    c.send(invite.text);
    const res = await c.waitFor((r) => r.message?.kind === 'response' && r.message.status >= 300);
    expect(res.raw.startsWith('SIP/2.0 603 Network Blocked\r\n')).toBe(true);
    const reason = headerLines(res.raw).find((l) => l.startsWith('Reason:'))!;
    expect(reason).toMatch(
      /^Reason: SIP;cause=603;text="v=analytics1;url=https:\/\/screen\.example\.net\/r\/([A-Za-z0-9_-]{22});id=\1";location=RLN$/,
    );
    expect(headerLines(res.raw).some((l) => l.startsWith('Call-Info:'))).toBe(false);
  });

  it('should answer a retransmitted INVITE identically and score it once', async () => {
    const c = await client('udp');
    const before = await gw.metric('sip_scoring_requests_total');
    const invite = request(c, gw, { caller: BLOCKED });
    c.send(invite.text);
    await c.waitForResponse(invite.callId);
    c.send(invite.text);
    await expectEventually(() => c.responsesFor(invite.callId).length >= 2);
    const [first, second] = c.responsesFor(invite.callId);
    expect(second.raw).toBe(first.raw);
    expect((await gw.metric('sip_scoring_requests_total')) - before).toBe(1);
  });

  it('should absorb the ACK and stop retransmitting when the caller acknowledges', async () => {
    const c = await client('udp');
    const invite = request(c, gw, { caller: BLOCKED });
    c.send(invite.text);
    const res = await c.waitForResponse(invite.callId);
    const toTag = res.message!.to.tag!;
    c.send(sameTransaction(c, gw, invite, 'ACK', toTag));
    await sleep(700); // past the first Timer G (T1 = 500 ms)
    expect(c.responsesFor(invite.callId)).toHaveLength(1);
  });

  it('should answer 405 with Allow when the method is not supported', async () => {
    const c = await client('udp');
    const sub = request(c, gw, { method: 'SUBSCRIBE', headers: ['Event: presence'] });
    c.send(sub.text);
    const res = await c.waitForResponse(sub.callId);
    expect(res.raw.startsWith('SIP/2.0 405 Method Not Allowed\r\n')).toBe(true);
    expect(headerLines(res.raw)).toContain('Allow: INVITE, ACK, CANCEL, OPTIONS');
  });

  it('should answer 400 naming the problem and keep serving when a request is malformed', async () => {
    const c = await client('udp');
    const bad = request(c, gw).text.replace('CSeq: 1 INVITE', 'CSeq: one INVITE');
    c.send(bad);
    const res = await c.waitFor((r) => r.raw.startsWith('SIP/2.0 400 '));
    expect(res.raw.split('\r\n')[0]).toMatch(/^SIP\/2\.0 400 Bad Request - .*cseq/i);
    c.send(Buffer.from([0xff, 0x00, 0x13, 0x37]));
    const ok = request(c, gw, { caller: GOOD });
    c.send(ok.text);
    await c.waitForResponse(ok.callId, { status: 302 });
    expect(await gw.metric('sip_parse_errors_total')).toBeGreaterThanOrEqual(2);
  });

  it('should answer 403 and nothing else when the source is not a configured peer', async () => {
    const c = await client('udp', '127.0.0.9');
    const invite = request(c, gw, { caller: BLOCKED });
    c.send(invite.text);
    const res = await c.waitFor((r) => r.message?.kind === 'response');
    expect(res.raw.startsWith('SIP/2.0 403 Forbidden\r\n')).toBe(true);
    const options = request(c, gw, { method: 'OPTIONS' });
    c.send(options.text);
    const res2 = await c.waitForResponse(options.callId);
    expect(res2.raw.startsWith('SIP/2.0 403 Forbidden\r\n')).toBe(true);
    expect(await gw.metric('sip_unknown_peer_total')).toBeGreaterThanOrEqual(2);
  });

  it('should ignore unknown Require tags and process Max-Forwards 0 by default', async () => {
    const c = await client('udp');
    const invite = request(c, gw, { caller: GOOD, headers: ['Require: nonexistent-ext'] });
    c.send(invite.text.replace('Max-Forwards: 70', 'Max-Forwards: 0'));
    const res = await c.waitForResponse(invite.callId, { final: true });
    expect(res.raw.startsWith('SIP/2.0 302 ')).toBe(true);
  });

  it('should answer 420 and 483 when the peer enforces Require and Max-Forwards', async () => {
    const c = await client('udp', '127.0.0.4');
    const req420 = request(c, gw, { caller: GOOD, headers: ['Require: nonexistent-ext'] });
    c.send(req420.text);
    const r1 = await c.waitForResponse(req420.callId, { final: true });
    expect(r1.raw.startsWith('SIP/2.0 420 Bad Extension\r\n')).toBe(true);
    expect(headerLines(r1.raw)).toContain('Unsupported: nonexistent-ext');
    const req483 = request(c, gw, { caller: GOOD });
    c.send(req483.text.replace('Max-Forwards: 70', 'Max-Forwards: 0'));
    const r2 = await c.waitForResponse(req483.callId, { final: true });
    expect(r2.raw.startsWith('SIP/2.0 483 Too Many Hops\r\n')).toBe(true);
  });

  it('should answer 481 to a CANCEL that matches nothing, and 200 without effect after the final', async () => {
    const c = await client('udp');
    const stray = request(c, gw, { method: 'CANCEL' });
    c.send(stray.text);
    const r1 = await c.waitForResponse(stray.callId);
    expect(r1.raw.startsWith('SIP/2.0 481 ')).toBe(true);

    const invite = request(c, gw, { caller: BLOCKED });
    c.send(invite.text);
    await c.waitForResponse(invite.callId, { status: 608 });
    c.send(sameTransaction(c, gw, invite, 'CANCEL'));
    const r2 = await c.waitForResponse(invite.callId, { method: 'CANCEL' });
    expect(r2.message?.kind === 'response' && r2.message.status).toBe(200);
    await sleep(100);
    expect(
      c
        .responsesFor(invite.callId)
        .filter((r) => r.message?.kind === 'response' && r.message.status === 487),
    ).toHaveLength(0);
  });
});

describe('sip-gateway timers and CANCEL during scoring (e2e)', () => {
  let gw: TestGateway;
  let c: SipTestClient;
  const scoringDelayMs = 400;

  beforeAll(async () => {
    gw = await startTestGateway({
      lists: LISTS,
      env: { SIP_T1_MS: '50', SIP_T2_MS: '400', SIP_T4_MS: '250' },
      peers: {
        peers: [
          {
            name: 'slow',
            cidrs: ['127.0.0.0/8'],
            routeTarget: 'ss1.example.net',
            deadlineMs: 2000,
          },
        ],
      },
      // Latency in front of the real engine, so a CANCEL can arrive while the score is pending.
      wrapScoring: (real) => ({
        score: (req) =>
          new Promise((resolve) => setTimeout(() => resolve(real.score(req)), scoringDelayMs)),
      }),
    });
    c = await SipTestClient.open('udp', { host: gw.host, port: gw.port });
  });
  afterAll(async () => {
    await c.close();
    await gw.stop();
  });

  it('should retransmit the final on the Timer G schedule and fall silent after Timer H when no ACK comes', async () => {
    const invite = request(c, gw, { caller: BLOCKED });
    c.send(invite.text);
    // T1 = 50 ms, T2 = 400 ms → gaps 50, 100, 200, 400, 400, ...; H = 64·T1 = 3.2 s.
    await sleep(scoringDelayMs + 3200 + 600);
    const finals = c
      .responsesFor(invite.callId)
      .filter((r) => r.message?.kind === 'response' && r.message.status === 608);
    const gaps = finals.slice(1).map((r, i) => r.at - finals[i].at);
    expect(gaps.slice(0, 4).map((g) => Math.round(g / 50) * 50)).toEqual([50, 100, 200, 400]);
    for (const g of gaps.slice(4)) expect(Math.round(g / 100) * 100).toBe(400);
    const span = finals[finals.length - 1].at - finals[0].at;
    expect(span).toBeLessThanOrEqual(3200);
    expect(finals.length).toBeGreaterThanOrEqual(9);
    const count = finals.length;
    await sleep(800);
    expect(
      c
        .responsesFor(invite.callId)
        .filter((r) => r.message?.kind === 'response' && r.message.status === 608),
    ).toHaveLength(count);
  });

  it('should answer 487 to the INVITE and 200 to the CANCEL when the score is still pending', async () => {
    const lateBefore = await gw.metric('sip_scoring_late_total');
    const invite = request(c, gw, { caller: BLOCKED });
    c.send(invite.text);
    await c.waitForResponse(invite.callId, { status: 100 });
    c.send(sameTransaction(c, gw, invite, 'CANCEL'));
    const ok = await c.waitForResponse(invite.callId, { method: 'CANCEL' });
    expect(ok.raw.startsWith('SIP/2.0 200 ')).toBe(true);
    const terminated = await c.waitForResponse(invite.callId, { status: 487 });
    expect(terminated.message?.kind === 'response' && terminated.message.cseq.method).toBe(
      'INVITE',
    );
    await sleep(scoringDelayMs + 100);
    const finals = c
      .responsesFor(invite.callId)
      .filter(
        (r) =>
          r.message?.kind === 'response' &&
          r.message.cseq.method === 'INVITE' &&
          r.message.status >= 200,
      );
    expect(
      new Set(finals.map((r) => (r.message?.kind === 'response' ? r.message.status : 0))),
    ).toEqual(new Set([487]));
    expect(await gw.metric('sip_scoring_late_total')).toBeGreaterThan(lateBefore);
  });
});
