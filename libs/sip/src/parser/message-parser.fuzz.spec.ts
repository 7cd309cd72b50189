// Property tests for parseMessage: whatever arrives on a socket, it returns (quickly) a message
// or a SipParseError with a known code, and never throws. SIP_FUZZ_RUNS sets the runs per
// property (default 3,000 to keep `npm test` fast; CI runs 100,000 separately).
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { SipMessage } from '../message';
import { SipParseError, type ParseOutcome, type SipParseErrorCode } from '../parse-error';
import { parseMessage } from './message-parser';

const RUNS = Math.max(1, Number(process.env.SIP_FUZZ_RUNS ?? '') || 3_000);
/** Wall-clock ceiling per property so a pathological slowdown fails instead of hanging CI. */
const TIME_LIMIT_MS = 30_000 + RUNS * 5;
/** One parse of at most ~200 KB of input; generous for GC pauses on a busy CI host. */
const PARSE_BOUND_MS = 250;

// Exhaustive at compile time: adding a code to the union without listing it fails tsc.
const CODES: Record<SipParseErrorCode, true> = {
  empty: true,
  'too-large': true,
  'start-line': true,
  version: true,
  method: true,
  'request-uri': true,
  'unsupported-uri-scheme': true,
  uri: true,
  'name-addr': true,
  'header-syntax': true,
  'missing-header': true,
  'duplicate-header': true,
  via: true,
  from: true,
  to: true,
  'call-id': true,
  cseq: true,
  'cseq-method-mismatch': true,
  'max-forwards': true,
  'content-length': true,
  'body-length': true,
  encoding: true,
};
const KNOWN_CODES = new Set<string>(Object.keys(CODES));

const FIXTURES = join(__dirname, '../../../../test/fixtures/sip');
const CORPUS: Buffer[] = ['valid', 'invalid'].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir)).map((f) => readFileSync(join(FIXTURES, dir, f))),
);

/** Parses and checks the contract; returns the outcome for further checks. */
function parseChecked(data: Buffer): ParseOutcome<SipMessage> {
  const started = performance.now();
  let outcome: ParseOutcome<SipMessage>;
  try {
    outcome = parseMessage(data);
  } catch (thrown) {
    throw new Error(`parseMessage threw: ${String(thrown)}`);
  }
  const elapsed = performance.now() - started;
  if (elapsed > PARSE_BOUND_MS) throw new Error(`parseMessage took ${elapsed.toFixed(1)} ms`);
  if (outcome.ok) {
    const m = outcome.value;
    if (m.via.length === 0) throw new Error('a message without Via was accepted');
    if (m.body.length > data.length) throw new Error('body longer than the input');
    if (m.kind === 'request' && m.cseq.method !== m.method)
      throw new Error('CSeq method mismatch accepted');
  } else {
    const e = outcome.error;
    if (!(e instanceof SipParseError)) throw new Error('error is not a SipParseError');
    if (!KNOWN_CODES.has(e.code)) throw new Error(`unknown code ${e.code}`);
    if (!/^[\x20-\x7e]*$/.test(e.reasonPhrase()))
      throw new Error('reason phrase is not printable ASCII');
  }
  return outcome;
}

// ---- mutations of the torture corpus -------------------------------------------------------

type Mutation =
  | { readonly op: 'flip'; readonly at: number; readonly byte: number }
  | { readonly op: 'truncate'; readonly at: number }
  | {
      readonly op: 'duplicate';
      readonly from: number;
      readonly length: number;
      readonly to: number;
    }
  | { readonly op: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly op: 'swap-lines'; readonly a: number; readonly b: number }
  | { readonly op: 'huge-value'; readonly size: number; readonly char: string }
  | { readonly op: 'repeat-line'; readonly line: number; readonly times: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('flip' as const),
    at: fc.nat(),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('duplicate' as const),
    from: fc.nat(),
    length: fc.integer({ min: 1, max: 400 }),
    to: fc.nat(),
  }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ maxLength: 16 }),
  }),
  fc.record({ op: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({
    op: fc.constant('huge-value' as const),
    size: fc.integer({ min: 1_000, max: 80_000 }),
    char: fc.constantFrom('a', ';', ',', '"', '<', ' ', '\\', '%', '['),
  }),
  fc.record({
    op: fc.constant('repeat-line' as const),
    line: fc.nat(),
    times: fc.integer({ min: 2, max: 1_500 }),
  }),
);

function mutate(input: Buffer, m: Mutation): Buffer {
  const n = input.length;
  switch (m.op) {
    case 'flip': {
      if (n === 0) return input;
      const out = Buffer.from(input);
      out[m.at % n] = m.byte;
      return out;
    }
    case 'truncate':
      return input.subarray(0, n === 0 ? 0 : m.at % (n + 1));
    case 'duplicate': {
      if (n === 0) return input;
      const from = m.from % n;
      const slice = input.subarray(from, from + m.length);
      const to = m.to % (n + 1);
      return Buffer.concat([input.subarray(0, to), slice, input.subarray(to)]);
    }
    case 'insert': {
      const at = m.at % (n + 1);
      return Buffer.concat([input.subarray(0, at), m.bytes, input.subarray(at)]);
    }
    case 'swap-lines': {
      const lines = input.toString('latin1').split('\r\n');
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return Buffer.from(lines.join('\r\n'), 'latin1');
    }
    case 'huge-value': {
      const at = Math.max(0, input.indexOf('\r\n'));
      return Buffer.concat([
        input.subarray(0, at),
        Buffer.from(`\r\nX-Huge: ${m.char.repeat(m.size)}`),
        input.subarray(at),
      ]);
    }
    case 'repeat-line': {
      const lines = input.toString('latin1').split('\r\n');
      const k = m.line % lines.length;
      lines.splice(k, 0, ...Array.from({ length: m.times - 1 }, () => lines[k]));
      return Buffer.from(lines.join('\r\n'), 'latin1');
    }
  }
}

// ---- structurally generated messages ------------------------------------------------------

const tokenArb = fc.stringMatching(/^[A-Za-z0-9\-.!%*_+`'~]{1,12}$/);
/** pname / pvalue: unreserved characters (no "`" or "%" outside escapes, §25.1). */
const uriParamArb = fc.stringMatching(/^[A-Za-z0-9\-_.!~*'()]{1,12}$/);
const hostArb = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\.[a-z][a-z0-9-]{0,10}){0,3}$/),
  fc.ipV4(),
  fc.ipV6().map((ip) => `[${ip}]`),
);
const portArb = fc.option(fc.integer({ min: 0, max: 65_535 }), { nil: undefined });
const hostPort = (host: string, port: number | undefined): string =>
  port === undefined ? host : `${host}:${port}`;
const sipUriArb = fc
  .record({
    scheme: fc.constantFrom('sip', 'sips', 'SIP'),
    user: fc.option(fc.stringMatching(/^\+?[A-Za-z0-9\-_.!~*'()]{1,16}$/), { nil: undefined }),
    host: hostArb,
    port: portArb,
    params: fc.array(fc.tuple(uriParamArb, fc.option(uriParamArb, { nil: undefined })), {
      maxLength: 3,
    }),
  })
  .map(({ scheme, user, host, port, params }) => {
    const p = params.map(([k, v]) => (v === undefined ? `;${k}` : `;${k}=${v}`)).join('');
    return `${scheme}:${user === undefined ? '' : `${user}@`}${hostPort(host, port)}${p}`;
  });
const displayArb = fc.oneof(
  fc.constant(''),
  tokenArb.map((t) => `${t} `),
  fc.stringMatching(/^[\x20-\x7e]{0,12}$/).map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}" `),
);
const nameAddrArb = fc
  .tuple(displayArb, sipUriArb, fc.option(tokenArb, { nil: undefined }))
  .map(([display, uri, tag]) => `${display}<${uri}>${tag === undefined ? '' : `;tag=${tag}`}`);
const viaArb = fc
  .tuple(
    fc.constantFrom('UDP', 'TCP', 'TLS', 'SCTP', 'WS'),
    hostArb,
    portArb,
    tokenArb,
    fc.boolean(),
  )
  .map(
    ([t, host, port, branch, rport]) =>
      `SIP/2.0/${t} ${hostPort(host, port)};branch=z9hG4bK${branch}${rport ? ';rport' : ''}`,
  );
const lws = fc.constantFrom(' ', '', '  ', '\r\n ', '\r\n\t');
const extraHeaderArb = fc.tuple(tokenArb, fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,30}$/));

const wellFormedArb = fc
  .record({
    method: fc.oneof(fc.constantFrom('INVITE', 'OPTIONS', 'BYE', 'CANCEL', 'ACK'), tokenArb),
    uri: sipUriArb,
    vias: fc.array(viaArb, { minLength: 1, maxLength: 4 }),
    viaOnOneLine: fc.boolean(),
    from: nameAddrArb,
    to: nameAddrArb,
    callId: fc.stringMatching(/^[\x21-\x7e]{1,40}$/),
    seq: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    maxForwards: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
    compact: fc.boolean(),
    fold: lws,
    extra: fc.array(extraHeaderArb, { maxLength: 6 }),
    body: fc.uint8Array({ maxLength: 300 }),
    withLength: fc.boolean(),
  })
  .map((g) => {
    const name = (long: string, short: string): string => (g.compact ? short : long);
    const lines = [`${g.method} ${g.uri} SIP/2.0`];
    if (g.viaOnOneLine) lines.push(`${name('Via', 'v')}:${g.fold}${g.vias.join(',')}`);
    else for (const v of g.vias) lines.push(`${name('Via', 'v')}: ${v}`);
    lines.push(`${name('From', 'f')}:${g.fold}${g.from}`, `${name('To', 't')}: ${g.to}`);
    lines.push(`${name('Call-ID', 'i')}: ${g.callId}`, `CSeq: ${g.seq}${g.fold || ' '}${g.method}`);
    if (g.maxForwards !== undefined) lines.push(`Max-Forwards: ${g.maxForwards}`);
    for (const [k, v] of g.extra) lines.push(`X-${k}: ${v}`);
    if (g.withLength) lines.push(`${name('Content-Length', 'l')}: ${g.body.length}`);
    const data = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), g.body]);
    return { g, data };
  });

function withTimeLimit<T>(arb: fc.Arbitrary<T>, predicate: (value: T) => void): void {
  fc.assert(fc.property(arb, predicate), {
    numRuns: RUNS,
    interruptAfterTimeLimit: TIME_LIMIT_MS,
    markInterruptAsFailure: true,
  });
}

describe(`${parseMessage.name} (fuzz)`, () => {
  const testTimeout = TIME_LIMIT_MS + 10_000;

  it(
    'should return ok or a known SipParseError when the torture corpus is mutated',
    () => {
      withTimeLimit(
        fc.tuple(
          fc.nat({ max: CORPUS.length - 1 }),
          fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
        ),
        ([index, mutations]) => {
          parseChecked(mutations.reduce(mutate, CORPUS[index]));
        },
      );
    },
    testTimeout,
  );

  it(
    'should return ok or a known SipParseError when the input is random bytes',
    () => {
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 2_000 }),
        fc
          .string({
            unit: fc.constantFrom(
              '\r',
              '\n',
              ' ',
              ':',
              ';',
              ',',
              '"',
              '<',
              '>',
              'SIP/2.0',
              'a',
              '\\',
              '[',
              ']',
            ),
          })
          .map((s) => Buffer.from(s, 'latin1')),
      );
      withTimeLimit(bytes, (data) => {
        parseChecked(Buffer.from(data));
      });
    },
    testTimeout,
  );

  it(
    'should parse every structurally well-formed request when it is generated from the grammar',
    () => {
      withTimeLimit(wellFormedArb, ({ g, data }) => {
        const outcome = parseChecked(data);
        if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
        const m = outcome.value;
        expect(m.kind).toBe('request');
        expect(m.via).toHaveLength(g.vias.length);
        expect(m.callId).toBe(g.callId);
        expect(m.cseq.seq).toBe(g.seq);
        expect(Buffer.compare(m.body, Buffer.from(g.body))).toBe(0);
      });
    },
    testTimeout,
  );

  it(
    'should return ok or a known SipParseError when well-formed requests are then mutated',
    () => {
      withTimeLimit(
        fc.tuple(wellFormedArb, fc.array(mutationArb, { minLength: 1, maxLength: 3 })),
        ([{ data }, mutations]) => {
          parseChecked(mutations.reduce(mutate, data));
        },
      );
    },
    testTimeout,
  );

  it('should keep heap growth bounded when it parses many hostile inputs', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const inputs = fc
      .sample(
        fc.tuple(
          fc.nat({ max: CORPUS.length - 1 }),
          fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        ),
        { numRuns: 200, seed: 4475 },
      )
      .map(([index, mutations]) => mutations.reduce(mutate, CORPUS[index]));
    const rounds = Math.max(5, Math.ceil(RUNS / 200));
    let last: ParseOutcome<SipMessage> | undefined;
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let r = 0; r < rounds; r++) {
      for (const data of inputs) last = parseMessage(data);
    }
    gc();
    const growth = process.memoryUsage().heapUsed - before;
    expect(last).toBeDefined();
    expect(growth).toBeLessThan(16 * 1024 * 1024);
  });
});
