import { parseMessage } from './parser/message-parser';
import type { SipRequest } from './message';
import { buildResponse } from './response-builder';
import type { SipEndpoint } from './transport/transport';

const SOURCE: SipEndpoint = { protocol: 'udp', address: '198.51.100.7', port: 32768 };

function request(lines: string[]): SipRequest {
  const parsed = parseMessage(
    Buffer.from([...lines, 'Content-Length: 0', '', ''].join('\r\n'), 'latin1'),
  );
  if (!parsed.ok || parsed.value.kind !== 'request') throw new Error('bad test request');
  return parsed.value;
}

const INVITE = [
  'INVITE sip:+13125467890@gw.example.net SIP/2.0',
  'Via: SIP/2.0/UDP sbc.example.net:5060;branch=z9hG4bKa1;rport',
  'v: SIP/2.0/TCP core.example.net;branch=z9hG4bKb2',
  'f: "Caller, Inc" <sip:+12127363100@carrier.example.net>;tag=f1',
  't: <sip:+13125467890@gw.example.net>',
  'i: call-1@sbc',
  'CSeq: 7 INVITE',
  'Max-Forwards: 70',
];

function lines(wire: Buffer): string[] {
  return wire.toString('latin1').split('\r\n');
}

describe(buildResponse.name, () => {
  it('should copy every Via, From, To, Call-ID and CSeq and end with Content-Length 0 (§8.2.6)', () => {
    const wire = buildResponse(request(INVITE), SOURCE, 608, 'Rejected', {
      toTag: 'tt9',
      headers: [['Reason', 'Q.850;cause=21']],
      server: 'gw/1',
    });
    expect(lines(wire)).toEqual([
      'SIP/2.0 608 Rejected',
      'Via: SIP/2.0/UDP sbc.example.net:5060;branch=z9hG4bKa1;rport=32768;received=198.51.100.7',
      'Via: SIP/2.0/TCP core.example.net;branch=z9hG4bKb2',
      'From: "Caller, Inc" <sip:+12127363100@carrier.example.net>;tag=f1',
      'To: <sip:+13125467890@gw.example.net>;tag=tt9',
      'Call-ID: call-1@sbc',
      'CSeq: 7 INVITE',
      'Reason: Q.850;cause=21',
      'Server: gw/1',
      'Content-Length: 0',
      '',
      '',
    ]);
  });

  it('should add no To tag to a 100 Trying and keep an existing tag', () => {
    expect(lines(buildResponse(request(INVITE), SOURCE, 100, 'Trying', { toTag: 'x' }))).toContain(
      'To: <sip:+13125467890@gw.example.net>',
    );
    const tagged = request(
      INVITE.map((l) => (l.startsWith('t:') ? 't: <sip:b@gw>;tag=already' : l)),
    );
    expect(lines(buildResponse(tagged, SOURCE, 200, 'OK', { toTag: 'x' }))).toContain(
      'To: <sip:b@gw>;tag=already',
    );
  });

  it('should leave the top Via alone when sent-by matches the source and there is no rport (§18.2.1)', () => {
    const req = request(
      INVITE.map((l) =>
        l.startsWith('Via:') ? 'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKa1' : l,
      ),
    );
    expect(lines(buildResponse(req, SOURCE, 302, 'Moved Temporarily'))).toContain(
      'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKa1',
    );
  });

  it('should add received when the sent-by host differs from the source address (§18.2.1)', () => {
    const req = request(
      INVITE.map((l) =>
        l.startsWith('Via:') ? 'Via: SIP/2.0/UDP sbc.example.net;branch=z9hG4bKa1' : l,
      ),
    );
    expect(lines(buildResponse(req, SOURCE, 302, 'Moved Temporarily'))).toContain(
      'Via: SIP/2.0/UDP sbc.example.net;branch=z9hG4bKa1;received=198.51.100.7',
    );
  });

  it('should replace a stale received and bracket nothing new for an IPv6 sent-by', () => {
    const req = request(
      INVITE.map((l) =>
        l.startsWith('Via:')
          ? 'Via: SIP/2.0/UDP [2001:db8::1]:5070;received=192.0.2.1;branch=z9hG4bKa1'
          : l,
      ),
    );
    const v6: SipEndpoint = { protocol: 'udp', address: '2001:db8::2', port: 5070 };
    expect(lines(buildResponse(req, v6, 302, 'Moved Temporarily'))).toContain(
      'Via: SIP/2.0/UDP [2001:db8::1]:5070;received=2001:db8::2;branch=z9hG4bKa1',
    );
  });

  it('should build a 400 from raw headers when the request could not be fully parsed', () => {
    const bad = parseMessage(
      Buffer.from(
        [
          ...INVITE.map((l) => (l.startsWith('CSeq') ? 'CSeq: seven INVITE' : l)),
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n'),
        'latin1',
      ),
    );
    expect(bad.ok).toBe(false);
    if (bad.ok || !bad.error.head) throw new Error('expected a head');
    const wire = buildResponse(bad.error.head, SOURCE, 400, bad.error.reasonPhrase(), {
      toTag: 'z',
    });
    const out = lines(wire);
    expect(out[0]).toMatch(/^SIP\/2\.0 400 Bad Request - cseq/);
    expect(out).toContain('CSeq: seven INVITE');
    expect(out).toContain('Call-ID: call-1@sbc');
  });
});
