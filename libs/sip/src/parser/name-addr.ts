// name-addr / addr-spec with header parameters (RFC 3261 §20.10, §25.1): From, To, Contact,
// P-Asserted-Identity, ... Display names lose their quotes and have `\` escapes resolved.
import type { NameAddr, SipParams, SipUri } from '../message';
import type { ParseOutcome } from '../parse-error';
import {
  AT,
  BACKSLASH,
  DQUOTE,
  LAQUOT,
  RAQUOT,
  SEMI,
  isToken,
  isWs,
  skipWs,
  trimWsEnd,
} from './char-class';
import { fail, toParseError } from './grammar-error';
import { parseHeaderParams, scanQuoted } from './params';
import { parseUriAt } from './uri';

/** Parses one name-addr or addr-spec value with its header parameters. Never throws. */
export function parseNameAddr(text: string): ParseOutcome<NameAddr> {
  try {
    return { ok: true, value: parseNameAddrAt(text, 0, text.length) };
  } catch (caught) {
    return { ok: false, error: toParseError(caught, 'name-addr', undefined, undefined) };
  }
}

/** Parses the value occupying s[start, end); throws GrammarError. */
export function parseNameAddrAt(s: string, start: number, end: number): NameAddr {
  const i = skipWs(s, start, end);
  end = trimWsEnd(s, i, end);
  if (i >= end) fail('empty value', i);
  const raw = s.slice(i, end);

  let displayName: string | undefined;
  let laquot: number;
  if (s.charCodeAt(i) === DQUOTE) {
    const close = scanQuoted(s, i, end);
    displayName = unquote(s, i + 1, close - 1);
    laquot = skipWs(s, close, end);
    if (laquot >= end || s.charCodeAt(laquot) !== LAQUOT)
      fail('expected "<" after display name', laquot);
  } else {
    laquot = s.indexOf('<', i);
    if (laquot === -1 || laquot >= end) return parseAddrSpec(s, i, end, raw);
    displayName = tokenDisplayName(s, i, laquot);
  }

  const uriStart = laquot + 1;
  const raquot = s.indexOf('>', uriStart);
  if (raquot === -1 || raquot >= end) fail('missing ">"', laquot);
  // LAQUOT addr-spec RAQUOT: no whitespace inside the brackets (RFC 4475 badaspec).
  for (let j = uriStart; j < raquot; j++) {
    if (isWs(s.charCodeAt(j))) fail('whitespace inside "<...>"', j);
  }
  const uri = parseUriAt(s, uriStart, raquot);
  const params = parseHeaderParams(s, raquot + 1, end);
  return make(displayName, uri, params, raw);
}

/**
 * addr-spec form: "if the URI is not enclosed in angle brackets, any semicolon-delimited
 * parameters are header-parameters, not URI parameters" (§20.10). A ";" before the "@"
 * belongs to the user part (`sip:+1202555;verstat=TN-Validation-Passed@host;tag=1`).
 */
function parseAddrSpec(s: string, i: number, end: number, raw: string): NameAddr {
  let uriEnd = i;
  let sawAt = false;
  while (uriEnd < end) {
    const c = s.charCodeAt(uriEnd);
    if (isWs(c)) break;
    if (c === SEMI && (sawAt || !atAhead(s, uriEnd, end))) break;
    if (c === AT) sawAt = true;
    uriEnd++;
  }
  const uri = parseUriAt(s, i, uriEnd);
  if (uri.headers.size > 0) fail('a URI with headers must be enclosed in "<>"', i);
  const params = parseHeaderParams(s, uriEnd, end);
  return make(undefined, uri, params, raw);
}

/** True when an "@" follows before any whitespace, quote or end (the ";" is in userinfo). */
function atAhead(s: string, i: number, end: number): boolean {
  for (let j = i + 1; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c === AT) return true;
    if (isWs(c) || c === DQUOTE || c === RAQUOT) return false;
  }
  return false;
}

/** display-name = *(token LWS): tokens separated by whitespace; octets >= 0x80 tolerated. */
function tokenDisplayName(s: string, start: number, end: number): string | undefined {
  end = trimWsEnd(s, start, end);
  if (end === start) return undefined;
  for (let j = start; j < end; j++) {
    const c = s.charCodeAt(j);
    if (!isToken(c) && !isWs(c) && c < 0x80) fail(`invalid character "${s[j]}" in display name`, j);
  }
  return s.slice(start, end);
}

/** Content of a quoted-string with quoted-pairs resolved. */
function unquote(s: string, start: number, end: number): string {
  const slash = s.indexOf('\\', start);
  if (slash === -1 || slash >= end) return s.slice(start, end);
  let out = '';
  let from = start;
  for (let j = slash; j < end; j++) {
    if (s.charCodeAt(j) === BACKSLASH) {
      out += s.slice(from, j);
      from = ++j; // keep the escaped octet itself
    }
  }
  return out + s.slice(from, end);
}

function make(
  displayName: string | undefined,
  uri: SipUri,
  params: SipParams,
  raw: string,
): NameAddr {
  const tag = params.get('tag');
  if (tag === null) fail('tag parameter without a value', 0);
  return { displayName, uri, params, tag, raw };
}
