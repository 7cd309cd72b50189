// Parses one SIP message (RFC 3261 §7) from a datagram or one framed stream message.
//
// Eager, in this order: start line, header split (folding, compact forms), then the headers
// every request needs to be answered or matched (Via, From, To, Call-ID, CSeq, Max-Forwards,
// Content-Length). Everything else stays a raw string in `headers` for the lazy helpers.
// Errors on a request carry `head` (method, headers, Vias when they parsed) so a 400, 416 or
// 505 can still be built (§8.2.6, §21.4.1).
import type { SipMessage, SipUri } from '../message';
import { SipParseError, type ParseOutcome } from '../parse-error';
import { SipHeaderTable } from '../sip-headers';
import { CR, LAQUOT, LF } from './char-class';
import {
  EagerHeaders,
  indexEager,
  makeHead,
  parseVias,
  withHead,
  type Head,
} from './eager-headers';
import { safeDetail, toParseError } from './grammar-error';
import { splitHeaderBlock, type HeaderBlock } from './header-block';
import { StartLineError, parseStartLine, type StartLine } from './start-line';
import { parseUriAt } from './uri';

/** Largest header block accepted: a UDP datagram's worth (RFC 3261 §18.1.1 bounds it lower). */
export const MAX_HEAD_BYTES = 65_535;

const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');

/**
 * Parses one SIP message. Never throws: any input, however hostile, yields `{ ok: false }`
 * with a SipParseError whose code names the problem. The header block is decoded as latin1 so
 * every octet round-trips into responses; `body` is a view into `data` (no copy), cut to
 * Content-Length when the datagram carries more (§18.3).
 */
export function parseMessage(data: Buffer): ParseOutcome<SipMessage> {
  try {
    return { ok: true, value: parse(data) };
  } catch (caught) {
    return { ok: false, error: toParseError(caught, 'header-syntax', undefined, undefined) };
  }
}

/** Where the header block lies in the message. */
interface Frame {
  /** First octet of the start line (leading CRLFs skipped). */
  readonly start: number;
  /** End of the header block (exclusive, before the CRLFCRLF). */
  readonly end: number;
  /** First octet of the body. */
  readonly bodyStart: number;
  /** False when no empty line ends the header block. */
  readonly terminated: boolean;
}

function frame(data: Buffer): Frame {
  const length = data.length;
  let start = 0;
  // "MUST ignore any CRLF appearing before the start-line" (§7.5); also RFC 5626 keep-alives.
  while (start + 1 < length && data[start] === CR && data[start + 1] === LF) start += 2;
  if (start >= length) throw new SipParseError('empty', undefined, 0, 'empty message');
  let end = data.indexOf(CRLFCRLF, start);
  let bodyStart = end + 4;
  // Tolerated: a datagram whose last header line ends in CRLF but lacks the empty line (the
  // RFC 4475 archive's baddn is one); it has no body. Cut mid-line, it is refused later.
  if (end === -1 && length - start >= 2 && data[length - 2] === CR && data[length - 1] === LF) {
    end = length - 2;
    bodyStart = length;
  }
  const terminated = end !== -1;
  if (!terminated) end = bodyStart = length;
  if (end - start > MAX_HEAD_BYTES) {
    throw new SipParseError('too-large', undefined, start, 'header block too large');
  }
  return { start, end, bodyStart, terminated };
}

function parse(data: Buffer): SipMessage {
  const f = frame(data);
  const s = data.toString('latin1', f.start, f.end);
  const crlf = s.indexOf('\r\n');
  const line = checkedStartLine(s, crlf === -1 ? s.length : crlf);
  let block: HeaderBlock | SipParseError;
  try {
    block = splitHeaderBlock(s, crlf === -1 ? s.length : crlf + 2, s.length);
  } catch (caught) {
    block = toParseError(caught, 'header-syntax', undefined, undefined, f.start);
  }
  if (line instanceof StartLineError) throw startLineError(line, block, f.start);
  if (block instanceof SipParseError) throw block;

  const { fields, offsets } = block;
  const headers = new SipHeaderTable(fields);
  const index = indexEager(fields);
  const offsetOf = (k: number): number => f.start + offsets[k];
  const via = parseVias(fields, index.via, offsetOf);
  const method = line.kind === 'request' ? line.method : undefined;
  const head = method === undefined ? undefined : makeHead(method, headers, via);
  const eager = new EagerHeaders(fields, index, offsetOf, head);

  if (!f.terminated) {
    const detail = 'header block not terminated by an empty line';
    throw new SipParseError('header-syntax', undefined, f.end, detail, head);
  }
  eager.checkDuplicates();
  const uri = line.kind === 'request' ? requestUri(s, line, f.start, head) : undefined;
  if (via instanceof SipParseError) throw withHead(via, head);
  if (via.length === 0)
    throw new SipParseError('missing-header', 'via', undefined, 'missing via', head);
  const from = eager.from();
  const to = eager.to();
  const callId = eager.callId();
  const cseq = eager.cseq(method);
  const maxForwards = method === undefined ? undefined : eager.maxForwards();
  const body = data.subarray(
    f.bodyStart,
    f.bodyStart + eager.bodyLength(data.length - f.bodyStart),
  );

  if (line.kind === 'response') {
    const { status, reason } = line;
    return { kind: 'response', status, reason, headers, body, via, from, to, callId, cseq };
  }
  if (uri === undefined)
    throw new SipParseError('request-uri', undefined, f.start, 'missing Request-URI', head);
  return {
    kind: 'request',
    method: line.method,
    uri,
    maxForwards,
    headers,
    body,
    via,
    from,
    to,
    callId,
    cseq,
  };
}

/** The start line, refusing a bare CR or LF in it before the grammar sees it. */
function checkedStartLine(s: string, lineEnd: number): StartLine | StartLineError {
  const lf = s.indexOf('\n');
  if (lf !== -1 && lf < lineEnd)
    return new StartLineError('start-line', 'bare LF in start line', lf, undefined);
  const cr = s.indexOf('\r');
  if (cr !== -1 && cr < lineEnd)
    return new StartLineError('start-line', 'bare CR in start line', cr, undefined);
  return parseStartLine(s, lineEnd);
}

/** A bad start line; answerable (400, or 505 for 'version') when it is a readable request line. */
function startLineError(
  line: StartLineError,
  block: HeaderBlock | SipParseError,
  start: number,
): SipParseError {
  let head: Head | undefined;
  if (line.method !== undefined && !(block instanceof SipParseError)) {
    const vias = parseVias(block.fields, indexEager(block.fields).via, () => undefined);
    head = makeHead(line.method, new SipHeaderTable(block.fields), vias);
  }
  return new SipParseError(line.code, undefined, start + line.at, safeDetail(line.detail), head);
}

function requestUri(
  s: string,
  line: { readonly uriStart: number; readonly uriEnd: number },
  start: number,
  head: Head | undefined,
): SipUri {
  const offset = start + line.uriStart;
  if (s.charCodeAt(line.uriStart) === LAQUOT) {
    // RFC 4475 ltgtruri: "reasonable always to reject ... with a 400".
    throw new SipParseError('request-uri', undefined, offset, 'Request-URI enclosed in "<>"', head);
  }
  let uri: SipUri;
  try {
    uri = parseUriAt(s, line.uriStart, line.uriEnd);
  } catch (caught) {
    throw withHead(toParseError(caught, 'request-uri', undefined, undefined, start), head);
  }
  if (uri.scheme === 'other') {
    // §8.2.2.1: an unsupported Request-URI scheme is answered 416 (RFC 4475 unkscm, novelsc).
    const detail = safeDetail(`unsupported URI scheme ${uri.raw.slice(0, uri.raw.indexOf(':'))}`);
    throw new SipParseError('unsupported-uri-scheme', undefined, offset, detail, head);
  }
  if (uri.headers.size > 0) {
    // §19.1.1 table: headers are not allowed in a Request-URI (RFC 4475 escruri).
    throw new SipParseError('request-uri', undefined, offset, 'headers in Request-URI', head);
  }
  return uri;
}
