// Builds SipRequest objects for transaction tests without the parser: the transaction layer
// reads only the parsed Via/From/To/Call-ID/CSeq/Request-URI fields and the raw header
// table (response-builder copies from it), and this fills both consistently.
import type { NameAddr, SipParams, SipRequest, SipUri, Via } from '../../message';
import { SipHeaderTable } from '../../sip-headers';

export interface RequestSpec {
  readonly method?: string;
  readonly uri?: string;
  /** Top Via branch; `null` for a Via without one (an RFC 2543 client). */
  readonly branch?: string | null;
  readonly viaHost?: string;
  /** Top Via port; `null` for a sent-by without a port. */
  readonly viaPort?: number | null;
  readonly viaTransport?: string;
  readonly callId?: string;
  readonly cseq?: number;
  /** CSeq method; defaults to the method (an ACK or CANCEL takes the INVITE's number). */
  readonly cseqMethod?: string;
  readonly fromTag?: string;
  readonly toTag?: string;
}

const DEFAULTS = {
  method: 'INVITE',
  uri: 'sip:+12025550123@gw.example.net',
  branch: 'z9hG4bK-776asdhds',
  viaHost: 'sbc.example.com',
  viaPort: 5060,
  viaTransport: 'UDP',
  callId: 'a84b4c76e66710@sbc.example.com',
  cseq: 314159,
  fromTag: '1928301774',
} as const;

/** A request as the parser would produce it from the equivalent wire text. */
export function sipRequest(spec: RequestSpec = {}): SipRequest {
  const method = spec.method ?? DEFAULTS.method;
  const uriRaw = spec.uri ?? DEFAULTS.uri;
  const branch = spec.branch === undefined ? DEFAULTS.branch : spec.branch;
  const viaHost = spec.viaHost ?? DEFAULTS.viaHost;
  const viaPort = spec.viaPort === undefined ? DEFAULTS.viaPort : spec.viaPort;
  const transport = spec.viaTransport ?? DEFAULTS.viaTransport;
  const callId = spec.callId ?? DEFAULTS.callId;
  const seq = spec.cseq ?? DEFAULTS.cseq;
  const cseqMethod = spec.cseqMethod ?? method;
  const fromTag = spec.fromTag ?? DEFAULTS.fromTag;

  const viaRaw =
    `SIP/2.0/${transport} ${viaHost}${viaPort === null ? '' : `:${viaPort}`}` +
    (branch === null ? '' : `;branch=${branch}`);
  const fromRaw = `<sip:+12025550100@sbc.example.com;user=phone>;tag=${fromTag}`;
  const toRaw = `<${uriRaw}>${spec.toTag === undefined ? '' : `;tag=${spec.toTag}`}`;
  const headers = new SipHeaderTable([
    { name: 'via', value: viaRaw },
    { name: 'via', value: 'SIP/2.0/UDP core.example.com;branch=z9hG4bK-upstream' },
    { name: 'from', value: fromRaw },
    { name: 'to', value: toRaw },
    { name: 'call-id', value: callId },
    { name: 'cseq', value: `${seq} ${cseqMethod}` },
    { name: 'max-forwards', value: '70' },
    { name: 'content-length', value: '0' },
  ]);
  const topVia: Via = {
    transport,
    host: viaHost,
    port: viaPort ?? undefined,
    params: branch === null ? new Map() : new Map([['branch', branch]]),
    branch: branch ?? undefined,
    received: undefined,
    rport: undefined,
    maddr: undefined,
    ttl: undefined,
    raw: viaRaw,
  };
  const upstreamVia: Via = {
    ...topVia,
    host: 'core.example.com',
    port: undefined,
    branch: 'z9hG4bK-upstream',
    params: new Map([['branch', 'z9hG4bK-upstream']]),
    raw: 'SIP/2.0/UDP core.example.com;branch=z9hG4bK-upstream',
  };
  return {
    kind: 'request',
    method,
    uri: sipUri(uriRaw),
    maxForwards: 70,
    headers,
    body: Buffer.alloc(0),
    via: [topVia, upstreamVia],
    from: nameAddr(fromRaw, 'sip:+12025550100@sbc.example.com;user=phone', fromTag),
    to: nameAddr(toRaw, uriRaw, spec.toTag),
    callId,
    cseq: { seq, method: cseqMethod },
  };
}

function nameAddr(raw: string, uri: string, tag: string | undefined): NameAddr {
  const params: SipParams = tag === undefined ? new Map() : new Map([['tag', tag]]);
  return { displayName: undefined, uri: sipUri(uri), params, tag, raw };
}

/** `sip:user@host[:port][;params]` only: enough for test Request-URIs. */
function sipUri(raw: string): SipUri {
  const match = /^(sips?):(?:([^@]*)@)?([^:;]+)(?::(\d+))?(;.*)?$/.exec(raw);
  if (match === null) throw new Error(`test URI not supported: ${raw}`);
  const params = new Map<string, string | null>();
  for (const part of (match[5] ?? '').split(';').filter((p) => p.length > 0)) {
    const [name, value] = part.split('=');
    params.set(name.toLowerCase(), value ?? null);
  }
  return {
    scheme: match[1] === 'sips' ? 'sips' : 'sip',
    user: match[2],
    userParams: new Map(),
    password: undefined,
    host: match[3],
    port: match[4] === undefined ? undefined : Number(match[4]),
    params,
    headers: new Map(),
    raw,
  };
}
