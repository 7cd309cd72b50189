import { readContentLength, StreamFramer, StreamFramerOptions } from './stream-framer';
import type { FramingError } from './transport';

const INVITE =
  'INVITE sip:+12025550123@gw.example.net SIP/2.0\r\n' +
  'Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK776asdhds\r\n' +
  'Call-ID: a84b4c76e66710@pc33.example.com\r\n' +
  'CSeq: 314159 INVITE\r\n' +
  'Content-Type: application/sdp\r\n' +
  'Content-Length: 12\r\n' +
  '\r\n' +
  'v=0\r\no=- 1\r\n';
const OPTIONS =
  'OPTIONS sip:gw.example.net SIP/2.0\r\n' +
  'Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK1\r\n' +
  'Content-Length: 0\r\n' +
  '\r\n';
const RESPONSE =
  'SIP/2.0 200 OK\r\n' +
  'Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK1\r\n' +
  'l :  5\r\n' +
  '\r\n' +
  'hello';

interface Recorded {
  readonly framer: StreamFramer;
  readonly messages: string[];
  readonly errors: FramingError[];
  pings: number;
}

function record(options?: StreamFramerOptions): Recorded {
  const recorded: Recorded = {
    messages: [],
    errors: [],
    pings: 0,
    framer: undefined as unknown as StreamFramer,
  };
  const framer = new StreamFramer(
    {
      onMessage: (data) => recorded.messages.push(data.toString('latin1')),
      onPing: () => {
        recorded.pings += 1;
      },
      onError: (reason) => recorded.errors.push(reason),
    },
    options,
  );
  return Object.assign(recorded, { framer });
}

function feed(recorded: Recorded, ...chunks: string[]): Recorded {
  for (const c of chunks) recorded.framer.push(Buffer.from(c, 'latin1'));
  return recorded;
}

/** Every way to cut `text` into two or three pieces. */
function* splits(text: string): Generator<string[]> {
  for (let a = 0; a <= text.length; a += 1) {
    yield [text.slice(0, a), text.slice(a)];
  }
  for (let a = 1; a < text.length; a += 29) {
    for (let b = a; b <= text.length; b += 1) {
      yield [text.slice(0, a), text.slice(a, b), text.slice(b)];
    }
  }
}

describe(StreamFramer.name, () => {
  it('should emit one message when a chunk holds exactly one message', () => {
    const r = feed(record(), INVITE);
    expect(r.messages).toEqual([INVITE]);
    expect(r.errors).toEqual([]);
    expect(r.framer.bufferedBytes).toBe(0);
  });

  it('should emit zero-copy slices when one chunk holds several whole messages', () => {
    const chunk = Buffer.from(INVITE + OPTIONS + RESPONSE, 'latin1');
    const slices: Buffer[] = [];
    const framer = new StreamFramer({
      onMessage: (data) => slices.push(data),
      onPing: () => undefined,
      onError: () => undefined,
    });
    framer.push(chunk);
    expect(slices.map((s) => s.toString('latin1'))).toEqual([INVITE, OPTIONS, RESPONSE]);
    for (const s of slices) expect(s.buffer).toBe(chunk.buffer);
  });

  it('should frame the same messages when the stream is split at every byte offset', () => {
    const stream = INVITE + OPTIONS + '\r\n' + RESPONSE;
    for (const pieces of splits(stream)) {
      const r = feed(record(), ...pieces);
      expect({ pieces, messages: r.messages }).toEqual({
        pieces,
        messages: [INVITE, OPTIONS, RESPONSE],
      });
      expect(r.errors).toEqual([]);
    }
  });

  it('should frame the same messages when the stream arrives one byte at a time', () => {
    const stream = INVITE + OPTIONS + RESPONSE + INVITE;
    const r = feed(record(), ...stream.split(''));
    expect(r.messages).toEqual([INVITE, OPTIONS, RESPONSE, INVITE]);
    expect(r.framer.bufferedBytes).toBe(0);
  });

  it('should frame a large body when it trickles in one byte per chunk', () => {
    const body = 'b'.repeat(5000);
    const message = `MESSAGE sip:a@b SIP/2.0\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const r = feed(record(), ...message.split(''), OPTIONS);
    expect(r.messages).toEqual([message, OPTIONS]);
  });

  it('should hold a partial message until the rest arrives when the body is incomplete', () => {
    const r = feed(record(), INVITE.slice(0, -3));
    expect(r.messages).toEqual([]);
    expect(r.framer.bufferedBytes).toBe(INVITE.length - 3);
    feed(r, INVITE.slice(-3));
    expect(r.messages).toEqual([INVITE]);
  });

  it('should answer a ping when a double CRLF arrives between messages', () => {
    const r = feed(record(), '\r\n\r\n');
    expect(r.pings).toBe(1);
    expect(r.messages).toEqual([]);
  });

  it('should answer a ping when the double CRLF is split across chunks', () => {
    const r = feed(record(), OPTIONS, '\r', '\n', '\r', '\n', OPTIONS);
    expect(r.pings).toBe(1);
    expect(r.messages).toEqual([OPTIONS, OPTIONS]);
  });

  it('should skip a single CRLF without a ping when it precedes a message', () => {
    const r = feed(record(), '\r\n' + OPTIONS + '\r\n' + OPTIONS);
    expect(r.pings).toBe(0);
    expect(r.messages).toEqual([OPTIONS, OPTIONS]);
  });

  it('should count one ping per double CRLF when several arrive in a row', () => {
    const r = feed(record(), '\r\n\r\n\r\n\r\n\r\n');
    expect(r.pings).toBe(2);
  });

  it('should stop emitting when the ping handler stops the framer', () => {
    const messages: string[] = [];
    const framer: StreamFramer = new StreamFramer({
      onMessage: (d) => messages.push(d.toString('latin1')),
      onPing: () => framer.stop(),
      onError: () => undefined,
    });
    framer.push(Buffer.from('\r\n\r\n' + OPTIONS, 'latin1'));
    expect(messages).toEqual([]);
    expect(framer.failed).toBe(true);
  });

  it('should stop emitting when the message handler stops the framer', () => {
    const messages: string[] = [];
    const framer: StreamFramer = new StreamFramer({
      onMessage: (d) => {
        messages.push(d.toString('latin1'));
        framer.stop();
      },
      onPing: () => undefined,
      onError: () => undefined,
    });
    framer.push(Buffer.from(OPTIONS + OPTIONS, 'latin1'));
    expect(messages).toEqual([OPTIONS]);
  });

  it('should treat Content-Length as 0 when it is absent', () => {
    const noLength = 'BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n\r\n';
    const r = feed(record(), noLength + OPTIONS);
    expect(r.messages).toEqual([noLength, OPTIONS]);
  });

  it.each([
    ['Content-Length: 5', 5],
    ['content-length:5', 5],
    ['CONTENT-LENGTH   :   5   ', 5],
    ['l: 5', 5],
    ['L:5', 5],
    ['Content-Length:\r\n  5', 5],
    ['Content-Length:\t0005', 5],
  ])('should read the body length when the header is %j', (field, expected) => {
    const message = `MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n${field}\r\n\r\nhello`;
    expect(readContentLength(message.slice(0, -5))).toBe(expected);
    const r = feed(record(), message + OPTIONS);
    expect(r.messages).toEqual([message, OPTIONS]);
  });

  it.each([
    ['Content-Length: -1'],
    ['Content-Length: abc'],
    ['Content-Length: 1.5'],
    ['Content-Length: 12 13'],
    ['Content-Length:'],
    ['Content-Length: 99999999999999999999'],
    ['l: 0x10'],
    ['Content-Length: 5\r\nl: 6'],
  ])('should report garbage when the Content-Length field is %j', (field) => {
    const r = feed(record(), `MESSAGE sip:a@b SIP/2.0\r\n${field}\r\n\r\nhello` + OPTIONS);
    expect(r.errors).toEqual(['garbage']);
    expect(r.messages).toEqual([]);
  });

  it('should accept repeated Content-Length fields when they agree', () => {
    expect(readContentLength('X a SIP/2.0\r\nContent-Length: 5\r\nl: 5\r\n\r\n')).toBe(5);
  });

  it('should not mistake other fields for Content-Length when names only share a prefix', () => {
    expect(readContentLength('X a SIP/2.0\r\nl-x: 7\r\nContent-Length-Y: 9\r\n\r\n')).toBe(0);
  });

  it.each([
    ['binary junk', '\x00\xff\x16\x03\x01'],
    ['a TLS ClientHello on a TCP port', '\x16\x03\x01\x02\x00\x01'],
    ['leading whitespace', ' INVITE sip:a@b SIP/2.0\r\n\r\n'],
    ['a start line without SP', 'INVITE\r\nVia: x\r\n\r\n'],
    ['an HTTP-looking line', '{"json": true}\r\n\r\n'],
    ['a broken version prefix', 'S/2.0 200 OK\r\n\r\n'],
  ])('should report garbage when the stream starts with %s', (_name, junk) => {
    const r = feed(record(), junk + OPTIONS);
    expect(r.errors).toEqual(['garbage']);
    expect(r.messages).toEqual([]);
  });

  it('should report garbage when junk follows a valid message', () => {
    const r = feed(record(), OPTIONS + '\x00\x01\x02');
    expect(r.messages).toEqual([OPTIONS]);
    expect(r.errors).toEqual(['garbage']);
  });

  it('should decide garbage on the first bad byte when junk arrives byte by byte', () => {
    const r = feed(record(), 'I', 'N', '\x00');
    expect(r.errors).toEqual(['garbage']);
  });

  it('should ignore further chunks when it has failed', () => {
    const r = feed(record(), '\x00', OPTIONS, OPTIONS);
    expect(r.errors).toEqual(['garbage']);
    expect(r.messages).toEqual([]);
    expect(r.framer.failed).toBe(true);
  });

  it('should accept a header block of exactly maxHeaderBytes when it is at the limit', () => {
    const r = feed(record({ maxHeaderBytes: OPTIONS.length }), OPTIONS);
    expect(r.messages).toEqual([OPTIONS]);
  });

  it('should report header-too-large when the header block is one byte over the limit', () => {
    const r = feed(record({ maxHeaderBytes: OPTIONS.length - 1 }), OPTIONS);
    expect(r.errors).toEqual(['header-too-large']);
    expect(r.messages).toEqual([]);
  });

  it('should report header-too-large when a header never ends whatever the split', () => {
    const flood = 'INVITE sip:a@b SIP/2.0\r\n' + 'X-Flood: aaaaaaaaaaaaaaaaaaaa\r\n'.repeat(40);
    for (const pieces of splits(flood.slice(0, 200))) {
      const r = feed(record({ maxHeaderBytes: 128 }), ...pieces, flood.slice(200));
      expect(r.errors).toEqual(['header-too-large']);
      expect(r.framer.bufferedBytes).toBe(0);
    }
  });

  it('should report header-too-large when the method token floods the stream', () => {
    const r = feed(record({ maxHeaderBytes: 64 }), 'A'.repeat(100));
    expect(r.errors).toEqual(['header-too-large']);
  });

  it('should report header-too-large with the default limit of 16 KiB', () => {
    const big = 'INVITE sip:a@b SIP/2.0\r\nX: ' + 'a'.repeat(16 * 1024) + '\r\n\r\n';
    const r = feed(record(), big);
    expect(r.errors).toEqual(['header-too-large']);
  });

  it('should report body-too-large before buffering the body when Content-Length is over', () => {
    const head = 'MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 65537\r\n\r\n';
    const r = feed(record(), head);
    expect(r.errors).toEqual(['body-too-large']);
    expect(r.framer.bufferedBytes).toBe(0);
  });

  it('should accept a body of exactly maxBodyBytes when it is at the limit', () => {
    const body = 'x'.repeat(100);
    const message = `MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 100\r\n\r\n${body}`;
    const r = feed(record({ maxBodyBytes: 100 }), message);
    expect(r.messages).toEqual([message]);
    const over = feed(record({ maxBodyBytes: 99 }), message);
    expect(over.errors).toEqual(['body-too-large']);
  });

  it('should keep binary bodies intact when they contain CRLFCRLF', () => {
    const body = '\r\n\r\n\x00\xffSIP/2.0 200 OK\r\n\r\n';
    const message = `MESSAGE sip:a@b SIP/2.0\r\nl: ${body.length}\r\n\r\n${body}`;
    for (const pieces of splits(message + OPTIONS)) {
      const r = feed(record(), ...pieces);
      expect(r.messages).toEqual([message, OPTIONS]);
    }
  });
});
