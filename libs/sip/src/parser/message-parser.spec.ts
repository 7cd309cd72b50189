import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SipMessage, SipRequest, SipResponse } from '../message';
import { SipParseError, type ParseOutcome } from '../parse-error';
import { parseMessage } from './message-parser';

const FIXTURES = join(__dirname, '../../../../test/fixtures/sip');

interface ManifestEntry {
  readonly file: string;
  readonly rfc: string;
  readonly expect: 'parse' | 'reject';
  readonly code?: string;
  readonly answer?: string;
  readonly note?: string;
}

const manifest = JSON.parse(
  readFileSync(join(FIXTURES, 'manifest.json'), 'utf8'),
) as ManifestEntry[];
const fixture = (file: string): Buffer => readFileSync(join(FIXTURES, file));

/** Builds a message from lines joined with CRLF; the body follows the empty line. */
function msg(lines: readonly string[], body = ''): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'latin1');
}

const INVITE_HEADERS = [
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport',
  'Max-Forwards: 70',
  'To: <sip:+12025550199@example.com;user=phone>',
  'From: "Alice" <sip:+12025550123@example.com;user=phone>;tag=1928301774',
  'Call-ID: a84b4c76e66710@pc33.example.com',
  'CSeq: 314159 INVITE',
  'Content-Length: 0',
];
const invite = (...extra: string[]): Buffer =>
  msg(['INVITE sip:+12025550199@gw.example.com;user=phone SIP/2.0', ...INVITE_HEADERS, ...extra]);

function ok(outcome: ParseOutcome<SipMessage>): SipMessage {
  if (!outcome.ok)
    throw new Error(`expected a message, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.value;
}
function request(outcome: ParseOutcome<SipMessage>): SipRequest {
  const message = ok(outcome);
  if (message.kind !== 'request') throw new Error('expected a request');
  return message;
}
function response(outcome: ParseOutcome<SipMessage>): SipResponse {
  const message = ok(outcome);
  if (message.kind !== 'response') throw new Error('expected a response');
  return message;
}
function rejected(outcome: ParseOutcome<SipMessage>): SipParseError {
  if (outcome.ok) throw new Error('expected a parse error');
  return outcome.error;
}

describe(parseMessage.name, () => {
  describe('RFC 4475 / RFC 5118 manifest', () => {
    it('should list every fixture file exactly once when the manifest is read', () => {
      const files = ['valid', 'invalid'].flatMap((dir) =>
        readdirSync(join(FIXTURES, dir)).map((f) => `${dir}/${f}`),
      );
      expect(manifest.map((e) => e.file).sort()).toEqual(files.sort());
    });

    it.each(manifest.filter((e) => e.expect === 'parse'))(
      'should parse $file when it is $rfc',
      ({ file }) => {
        const outcome = parseMessage(fixture(file));
        expect(outcome.ok ? 'ok' : `${outcome.error.code}: ${outcome.error.message}`).toBe('ok');
      },
    );

    it.each(manifest.filter((e) => e.expect === 'reject'))(
      'should reject $file with $code when it is $rfc',
      ({ file, code, answer }) => {
        const error = rejected(parseMessage(fixture(file)));
        expect(error).toBeInstanceOf(SipParseError);
        expect(error.code).toBe(code);
        // Anything RFC 4475 says must be answered needs head to build the answer from.
        if (answer !== 'drop' && !fixture(file).toString('latin1').startsWith('SIP/')) {
          expect(error.head).toBeDefined();
        }
        expect(error.reasonPhrase()).toMatch(/^[\x20-\x7e]+$/);
      },
    );

    it('should read the tortuous INVITE field by field when parsing wsinv', () => {
      const m = request(parseMessage(fixture('valid/wsinv.sip')));
      expect(m.method).toBe('INVITE');
      expect(m.uri.host).toBe('chair-dnrc.example.com');
      expect(m.uri.params.get('unknownparam')).toBeNull();
      expect(m.to.tag).toBe('1918181833n');
      expect(m.to.uri.user).toBe('vivekg');
      expect(m.from.displayName).toBe('J Rosenberg \\"');
      expect(m.from.tag).toBe('98asjd8');
      expect(m.maxForwards).toBe(68);
      expect(m.cseq).toEqual({ seq: 9, method: 'INVITE' });
      expect(m.via.map((v) => [v.transport, v.host, v.branch])).toEqual([
        ['UDP', '192.0.2.2', '390skdjuw'],
        ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
        ['UDP', '192.168.255.111', 'z9hG4bK30239'],
      ]);
      expect(m.headers.get('subject')).toBe('');
      expect(m.headers.get('newfangledheader')).toBe('newfangled value continued newfangled value');
      expect(m.headers.get('unknownheaderwithunusualvalue')).toBe(';;,,;;,;');
      expect(m.headers.get('contact')).toBe(
        '"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam = newvalue ; secondparam ; q = 0.33',
      );
      expect(m.body.length).toBe(150);
    });

    it('should keep every octet of odd characters when parsing intmeth', () => {
      const m = request(parseMessage(fixture('valid/intmeth.sip')));
      expect(m.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
      expect(m.uri.user).toBe("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/");
      expect(m.uri.password).toBe("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
      expect(m.to.displayName).toBe('BEL:\x07 NUL:\x00 DEL:\x7f');
      expect(m.from.displayName).toBe("token1~` token2'+_ token3*%!.-");
      expect(m.from.tag).toBe("_token~1'+`*%!-.");
      expect(m.callId).toBe('intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{');
      const utf8 = Buffer.from(m.headers.get("extensionheader-!.%*+_`'~") ?? '', 'latin1').toString(
        'utf8',
      );
      expect(utf8).toBe('\ufeff大停電');
    });

    it('should cut the body to Content-Length when the datagram carries more (dblreq)', () => {
      const m = request(parseMessage(fixture('valid/dblreq.sip')));
      expect(m.body.length).toBe(0);
      expect(m.headers.get('contact')).toBe('sip:j.user@host.example.com');
    });

    it('should take the rest of the datagram as body when Content-Length is absent (inv2543)', () => {
      const data = fixture('valid/inv2543.sip');
      const m = request(parseMessage(data));
      expect(m.body.toString('latin1')).toBe(data.toString('latin1').split('\r\n\r\n')[1]);
      expect(m.maxForwards).toBeUndefined();
      expect(m.via[0].branch).toBeUndefined();
    });

    it('should give the 505 a head when the version is unknown (badvers)', () => {
      const error = rejected(parseMessage(fixture('invalid/badvers.sip')));
      expect(error.head?.method).toBe('OPTIONS');
      expect(error.head?.headers.get('call-id')).toBe('badvers.31417@c.example.com');
    });

    it('should expose IPv6 references with brackets when parsing RFC 5118 messages', () => {
      const good = request(parseMessage(fixture('valid/ipv6-good.sip')));
      expect(good.uri.host).toBe('[2001:db8::10]');
      expect(good.via[0].host).toBe('[2001:db8::9:1]');
      const ambiguous = request(parseMessage(fixture('valid/port-ambiguous.sip')));
      expect([ambiguous.uri.host, ambiguous.uri.port]).toEqual(['[2001:db8::10:5070]', undefined]);
      const unambiguous = request(parseMessage(fixture('valid/port-unambiguous.sip')));
      expect([unambiguous.uri.host, unambiguous.uri.port]).toEqual(['[2001:db8::10]', 5070]);
      const multi = request(parseMessage(fixture('valid/mult-ip-in-header.sip')));
      expect(multi.via.map((v) => [v.host, v.port, v.received])).toEqual([
        ['[2001:db8::9:1]', 6050, undefined],
        ['192.0.2.1', undefined, undefined],
        ['[2001:db8::9:255]', undefined, '192.0.2.200'],
      ]);
      const noDelim = request(parseMessage(fixture('valid/via-received-param-no-delim.sip')));
      expect(noDelim.via[0].received).toBe('2001:db8::9:255');
    });
  });

  describe('focused cases', () => {
    it('should parse a typical INVITE when every eager header is well-formed', () => {
      const m = request(
        parseMessage(invite('P-Asserted-Identity: <sip:+12025550123@example.com>')),
      );
      expect(m.uri).toMatchObject({ scheme: 'sip', user: '+12025550199', host: 'gw.example.com' });
      expect(m.uri.params.get('user')).toBe('phone');
      expect(m.via[0]).toMatchObject({
        transport: 'UDP',
        host: '192.0.2.10',
        port: 5060,
        rport: null,
      });
      expect(m.from).toMatchObject({ displayName: 'Alice', tag: '1928301774' });
      expect(m.to.tag).toBeUndefined();
      expect(m.callId).toBe('a84b4c76e66710@pc33.example.com');
      expect(m.headers.get('p-asserted-identity')).toBe('<sip:+12025550123@example.com>');
    });

    it('should unfold a header when continuation lines start with SP or HT', () => {
      const m = request(parseMessage(invite('Subject: first  \r\n\t second\r\n   third')));
      expect(m.headers.get('subject')).toBe('first second third');
    });

    it('should expand compact forms and ignore name case when headers use them', () => {
      const data = msg([
        'OPTIONS sip:a@example.com SIP/2.0',
        'v: SIP/2.0/TCP h.example.com;branch=z9hG4bK1',
        'f: <sip:b@example.com>;tag=1',
        't: sip:a@example.com',
        'i: x@y',
        'CSEQ: 1 OPTIONS',
        'l: 0',
        'k: timer',
        'm: <sip:b@h.example.com>',
      ]);
      const m = request(parseMessage(data));
      expect(m.headers.fields.map((f) => f.name)).toEqual([
        'via',
        'from',
        'to',
        'call-id',
        'cseq',
        'content-length',
        'supported',
        'contact',
      ]);
    });

    it('should read Vias across lines and commas in order when they are mixed', () => {
      const data = msg([
        'OPTIONS sip:a@example.com SIP/2.0',
        'Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/TCP b.example.com:5070;branch=z9hG4bK2',
        'Via: SIP/2.0/TLS [2001:db8::1]:5061;branch=z9hG4bK3;received=192.0.2.1;rport=4000;ttl=16;maddr=224.2.0.1',
        'From: <sip:b@example.com>;tag=1',
        'To: <sip:a@example.com>',
        'Call-ID: x',
        'CSeq: 1 OPTIONS',
      ]);
      const m = request(parseMessage(data));
      expect(m.via.map((v) => v.host)).toEqual(['a.example.com', 'b.example.com', '[2001:db8::1]']);
      expect(m.via[2]).toMatchObject({
        port: 5061,
        received: '192.0.2.1',
        rport: 4000,
        ttl: 16,
        maddr: '224.2.0.1',
      });
      expect(m.headers.getAll('via')).toHaveLength(3);
    });

    it('should not split on a comma inside quotes when a display name contains one', () => {
      const text = invite().toString('latin1').replace('"Alice"', '"Doe, Alice"');
      const m = request(parseMessage(Buffer.from(text, 'latin1')));
      expect(m.from.displayName).toBe('Doe, Alice');
    });

    it('should put user-part parameters in userParams when the From carries verstat', () => {
      const data = msg([
        'INVITE sip:+12025550199@gw.example.com SIP/2.0',
        ...INVITE_HEADERS.filter((h) => !h.startsWith('From')),
        'From: <sip:+12025550123;verstat=TN-Validation-Passed@example.com;user=phone>;tag=a1',
      ]);
      const m = request(parseMessage(data));
      expect(m.from.uri.user).toBe('+12025550123');
      expect(m.from.uri.userParams.get('verstat')).toBe('TN-Validation-Passed');
      expect(m.from.uri.params.get('user')).toBe('phone');
    });

    it('should keep escapes as sent when URIs use them', () => {
      const m = request(parseMessage(fixture('valid/esc01.sip')));
      expect(m.uri.user).toBe('sips%3Auser%40example.com');
      expect(m.to.uri.user).toBe('%75se%72');
      expect(m.from.uri.user).toBe('I%20have%20spaces');
    });

    it('should keep URI headers when a From name-addr carries them', () => {
      const data = msg([
        'INVITE sip:a@example.com SIP/2.0',
        ...INVITE_HEADERS.filter((h) => !h.startsWith('From')),
        'From: <sip:b@example.com?Subject=hello%20there&Priority=urgent>;tag=7',
      ]);
      const m = request(parseMessage(data));
      expect([...m.from.uri.headers]).toEqual([
        ['subject', 'hello%20there'],
        ['priority', 'urgent'],
      ]);
      expect(m.from.tag).toBe('7');
    });

    it('should point the error at the header line when a value is bad', () => {
      const data = invite('Max-Forwards: 70', 'X-Ok: 1')
        .toString('latin1')
        .replace('CSeq: 314159', 'CSeq: x');
      const error = rejected(parseMessage(Buffer.from(data, 'latin1')));
      expect([error.code, error.header, error.offset]).toEqual([
        'cseq',
        'cseq',
        data.indexOf('CSeq: x'),
      ]);
      expect(error.reasonPhrase()).toBe(
        'Bad Request - cseq: sequence number is not an integer below 2**31',
      );
    });

    it('should accept a tel Request-URI when the request targets a number', () => {
      const data = msg([
        'INVITE tel:+12025550199;phone-context=example.com SIP/2.0',
        ...INVITE_HEADERS,
      ]);
      const m = request(parseMessage(data));
      expect(m.uri).toMatchObject({ scheme: 'tel', user: '+12025550199', host: '' });
      expect(m.uri.userParams.get('phone-context')).toBe('example.com');
    });

    it('should parse status lines with their reason when the message is a response', () => {
      const data = msg([
        'SIP/2.0 180 Ringing',
        'Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1',
        'From: <sip:b@example.com>;tag=1',
        'To: <sip:a@example.com>;tag=2',
        'Call-ID: x',
        'CSeq: 1 INVITE',
      ]);
      const m = response(parseMessage(data));
      expect([m.status, m.reason, m.cseq.method]).toEqual([180, 'Ringing', 'INVITE']);
    });

    it.each([
      ['SIP/2.0 99 Too Low', 'start-line'],
      ['SIP/2.0 700 Too High', 'start-line'],
      ['SIP/3.0 200 OK', 'version'],
      ['SIP/2.0 2000 OK', 'start-line'],
    ])('should reject the status line %s with %s when it is out of grammar', (line, code) => {
      expect(rejected(parseMessage(msg([line, 'Call-ID: x']))).code).toBe(code);
    });

    it.each([
      ['Content-Length: 10', 'body-length'],
      ['Content-Length: five', 'content-length'],
      ['Content-Length: -1', 'content-length'],
      ['Content-Length: 99999999999', 'content-length'],
    ])('should reject %s with %s when the body is 4 octets', (header, code) => {
      const data = msg(
        [
          'INVITE sip:a@example.com SIP/2.0',
          ...INVITE_HEADERS.filter((h) => !h.startsWith('Content-Length')),
          header,
        ],
        'abcd',
      );
      const error = rejected(parseMessage(data));
      expect(error.code).toBe(code);
      expect(error.head?.method).toBe('INVITE');
    });

    it.each([
      ['Call-ID: other@host', 'duplicate-header'],
      ['CSeq: 2 INVITE', 'duplicate-header'],
      ['Max-Forwards: 300', 'duplicate-header'],
    ])('should reject a second %s with %s when the values differ', (header, code) => {
      const error = rejected(parseMessage(invite(header)));
      expect([error.code, error.header]).toEqual([code, header.split(':')[0].toLowerCase()]);
    });

    it('should accept a repeated single-value header when the values are equal', () => {
      expect(request(parseMessage(invite('Call-ID: a84b4c76e66710@pc33.example.com'))).callId).toBe(
        'a84b4c76e66710@pc33.example.com',
      );
    });

    it.each([
      ['Max-Forwards: 256', 'max-forwards'],
      ['CSeq: 2147483648 INVITE', 'cseq'],
      ['CSeq: 1 BYE', 'cseq-method-mismatch'],
      ['Via: SIP/2.0/UDP host:70000', 'via'],
      ['Via: SIP/1.0/UDP host', 'via'],
      ['From: <sip:a@example.com>;tag', 'from'],
      ['To: "unterminated <sip:a@example.com>', 'to'],
      ['Call-ID: has space', 'call-id'],
    ])('should reject %s with %s when it replaces the good header', (header, code) => {
      const name = header.split(':')[0];
      const data = msg([
        'INVITE sip:a@example.com SIP/2.0',
        ...INVITE_HEADERS.filter((h) => !h.startsWith(`${name}:`)),
        header,
      ]);
      expect(rejected(parseMessage(data)).code).toBe(code);
    });

    it('should accept CSeq 2**31-1 and Max-Forwards 0 when they are at the bounds', () => {
      const data = msg([
        'INVITE sip:a@example.com SIP/2.0',
        ...INVITE_HEADERS.filter((h) => !/^(CSeq|Max-Forwards):/.test(h)),
        'CSeq: 2147483647 INVITE',
        'Max-Forwards: 0',
      ]);
      const m = request(parseMessage(data));
      expect([m.cseq.seq, m.maxForwards]).toEqual([2147483647, 0]);
    });

    it.each(['via', 'from', 'to', 'call-id', 'cseq'])(
      'should report missing-header %s with head when the request lacks it',
      (name) => {
        const data = msg([
          'INVITE sip:a@example.com SIP/2.0',
          ...INVITE_HEADERS.filter((h) => h.split(':')[0].toLowerCase() !== name),
        ]);
        const error = rejected(parseMessage(data));
        expect([error.code, error.header, error.head?.method]).toEqual([
          'missing-header',
          name,
          'INVITE',
        ]);
      },
    );

    it('should answer 416 material when the Request-URI scheme is unknown', () => {
      const data = msg(['INVITE mailto:a@example.com SIP/2.0', ...INVITE_HEADERS]);
      const error = rejected(parseMessage(data));
      expect(error.code).toBe('unsupported-uri-scheme');
      expect(error.head?.via?.[0].host).toBe('192.0.2.10');
    });

    it('should accept other schemes in To when RFC 4475 says they are valid', () => {
      const m = request(parseMessage(fixture('valid/unksm2.sip')));
      expect([m.to.uri.scheme, m.to.uri.raw]).toEqual(['other', 'isbn:2983792873']);
      expect([m.from.uri.scheme, m.from.tag]).toEqual(['other', '3234233']);
    });

    it('should skip leading CRLFs and refuse keep-alives when nothing follows', () => {
      expect(request(parseMessage(Buffer.concat([Buffer.from('\r\n\r\n'), invite()]))).method).toBe(
        'INVITE',
      );
      expect(rejected(parseMessage(Buffer.from('\r\n\r\n'))).code).toBe('empty');
      expect(rejected(parseMessage(Buffer.alloc(0))).code).toBe('empty');
    });

    it('should refuse a bare LF inside a header when it could inject a header into a response', () => {
      const error = rejected(parseMessage(invite('X-Evil: a\nVia: SIP/2.0/UDP evil')));
      expect(error.code).toBe('header-syntax');
    });

    it('should round-trip every octet when header values hold non-ASCII bytes', () => {
      const value = Buffer.from([0x61, 0xc3, 0xa0, 0xc2, 0x85, 0xff]);
      const data = Buffer.concat([
        invite().subarray(0, -2),
        Buffer.from('X-Bin: '),
        value,
        Buffer.from('\r\n\r\n'),
      ]);
      const m = request(parseMessage(data));
      expect(Buffer.from(m.headers.get('x-bin') ?? '', 'latin1')).toEqual(value);
    });

    it('should refuse a header block larger than 64 KiB when a peer floods', () => {
      const error = rejected(parseMessage(invite(`X-Big: ${'a'.repeat(70_000)}`)));
      expect(error.code).toBe('too-large');
    });
  });
});
