// SIP, SIPS and tel URIs (RFC 3261 §19.1, §25.1; RFC 3966). Escapes are kept as sent; other
// schemes (isbn:, http:, soap.beep:, ...) parse as scheme 'other' with only `raw` filled in,
// which is what name-addr contexts need (RFC 4475 §3.3.4). Whether a scheme is acceptable
// where it appears (Request-URI → 416) is the caller's decision.
import type { SipParams, SipUri } from '../message';
import type { ParseOutcome } from '../parse-error';
import {
  COLON,
  LAQUOT,
  LBRACKET,
  QUESTION,
  RAQUOT,
  SEMI,
  asciiLower,
  isAlpha,
  isDigit,
  isHostChar,
  isIpv6Char,
  isUserinfoChar,
  isVisible,
  parseDigits,
} from './char-class';
import { fail, toParseError } from './grammar-error';
import { EMPTY_PARAMS, parseUriHeaders, parseUriParams } from './params';

/**
 * Parses a URI (`sip:`, `sips:`, `tel:`, or any other scheme as 'other'). Never throws.
 * Errors carry code 'uri' and the index into `text` as offset.
 */
export function parseUri(text: string): ParseOutcome<SipUri> {
  try {
    return { ok: true, value: parseUriAt(text, 0, text.length) };
  } catch (caught) {
    return { ok: false, error: toParseError(caught, 'uri', undefined, undefined) };
  }
}

/** Parses the URI occupying exactly s[start, end); throws GrammarError. */
export function parseUriAt(s: string, start: number, end: number): SipUri {
  let i = start;
  if (i >= end || !isAlpha(s.charCodeAt(i))) fail('missing URI scheme', i);
  while (i < end && isSchemeChar(s.charCodeAt(i))) i++;
  if (i >= end || s.charCodeAt(i) !== COLON) fail('missing URI scheme', i);
  const scheme = asciiLower(s.slice(start, i));
  const raw = s.slice(start, end);
  switch (scheme) {
    case 'sip':
    case 'sips':
      return parseSipUri(s, i + 1, end, scheme, raw);
    case 'tel':
      return parseTelUri(s, i + 1, end, raw);
    default:
      return parseOtherUri(s, i + 1, end, raw);
  }
}

function isSchemeChar(c: number): boolean {
  return isAlpha(c) || isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e;
}

function parseSipUri(
  s: string,
  i: number,
  end: number,
  scheme: 'sip' | 'sips',
  raw: string,
): SipUri {
  let user: string | undefined;
  let userParams: SipParams = EMPTY_PARAMS;
  let password: string | undefined;
  // userinfo runs to the first "@": neither user nor password may hold a raw "@" (§25.1),
  // while the user part may hold "?", "/", ";" (RFC 4475 intmeth).
  const at = s.indexOf('@', i);
  if (at !== -1 && at < end) {
    let userEnd = at;
    for (let j = i; j < at; j++) {
      const c = s.charCodeAt(j);
      if (c === COLON) {
        userEnd = j;
        break;
      }
      if (!isUserinfoChar(c)) fail(`invalid character in user part`, j);
    }
    const semi = s.indexOf(';', i);
    const userStop = semi !== -1 && semi < userEnd ? semi : userEnd;
    if (userStop === i) fail('empty user part', i);
    user = s.slice(i, userStop);
    if (userStop < userEnd) userParams = parseUserParams(s, userStop, userEnd);
    if (userEnd < at) {
      for (let j = userEnd + 1; j < at; j++) {
        if (!isUserinfoChar(s.charCodeAt(j))) fail('invalid character in password', j);
      }
      password = s.slice(userEnd + 1, at);
    }
    i = at + 1;
  }

  const hostStart = i;
  if (i < end && s.charCodeAt(i) === LBRACKET) i = scanIpv6Reference(s, i, end);
  else while (i < end && isHostChar(s.charCodeAt(i))) i++;
  if (i === hostStart) fail('missing host', i);
  const host = s.slice(hostStart, i);

  let port: number | undefined;
  if (i < end && s.charCodeAt(i) === COLON) {
    const portStart = ++i;
    while (i < end && isDigit(s.charCodeAt(i))) i++;
    port = parsePort(s, portStart, i);
  }

  const { params, end: paramsEnd } = parseUriParams(s, i, end, false);
  i = paramsEnd;
  let headers: SipParams = EMPTY_PARAMS;
  if (i < end && s.charCodeAt(i) === QUESTION) headers = parseUriHeaders(s, i, end);
  else if (i < end) fail(`unexpected "${s[i]}" in URI`, i);

  return { scheme, user, userParams, password, host, port, params, headers, raw };
}

/** User-part parameters (`+1202555;verstat=TN-Validation-Passed`): lenient, `;;` allowed. */
function parseUserParams(s: string, i: number, end: number): SipParams {
  let params: Map<string, string | null> | undefined;
  while (i < end) {
    const segStart = i + 1;
    let segEnd = s.indexOf(';', segStart);
    if (segEnd === -1 || segEnd > end) segEnd = end;
    if (segEnd > segStart) {
      const eq = s.indexOf('=', segStart);
      const hasValue = eq !== -1 && eq < segEnd;
      const name = asciiLower(s.slice(segStart, hasValue ? eq : segEnd));
      params ??= new Map();
      if (name.length > 0 && !params.has(name)) {
        params.set(name, hasValue ? s.slice(eq + 1, segEnd) : null);
      }
    }
    i = segEnd;
  }
  return params ?? EMPTY_PARAMS;
}

/**
 * Index just past the IPv6 reference "[...]" opening at `i`. Tolerates the three-colon form
 * RFC 3261's ABNF allows (RFC 5118 §4.10: "an implementation must tolerate both").
 */
export function scanIpv6Reference(s: string, i: number, end: number): number {
  const close = s.indexOf(']', i);
  if (close === -1 || close >= end) fail('unterminated IPv6 reference', i);
  let colons = 0;
  for (let j = i + 1; j < close; j++) {
    const c = s.charCodeAt(j);
    if (!isIpv6Char(c)) fail('invalid character in IPv6 reference', j);
    if (c === COLON) colons++;
  }
  if (colons < 2 || close - i - 1 > 45) fail('invalid IPv6 reference', i);
  return close + 1;
}

/** port = 1*DIGIT, 0..65535 (§25.1 leaves the range to common sense; 16 bits it is). */
export function parsePort(s: string, start: number, end: number): number {
  const port = parseDigits(s, start, end, 5);
  if (port < 0 || port > 65535) fail('invalid port', start);
  return port;
}

function parseTelUri(s: string, i: number, end: number, raw: string): SipUri {
  const numberStart = i;
  while (i < end && s.charCodeAt(i) !== SEMI) {
    const c = s.charCodeAt(i);
    if (!isUserinfoChar(c) || c === QUESTION) fail('invalid character in tel URI', i);
    i++;
  }
  if (i === numberStart) fail('empty tel URI number', i);
  const user = s.slice(numberStart, i);
  const { params, end: paramsEnd } = parseUriParams(s, i, end, false);
  if (paramsEnd < end) fail(`unexpected "${s[paramsEnd]}" in tel URI`, paramsEnd);
  return {
    scheme: 'tel',
    user,
    userParams: params,
    password: undefined,
    host: '',
    port: undefined,
    params: EMPTY_PARAMS,
    headers: EMPTY_PARAMS,
    raw,
  };
}

function parseOtherUri(s: string, i: number, end: number, raw: string): SipUri {
  if (i >= end) fail('empty URI', i);
  for (let j = i; j < end; j++) {
    const c = s.charCodeAt(j);
    if (!isVisible(c) || c === LAQUOT || c === RAQUOT) fail('invalid character in URI', j);
  }
  return {
    scheme: 'other',
    user: undefined,
    userParams: EMPTY_PARAMS,
    password: undefined,
    host: '',
    port: undefined,
    params: EMPTY_PARAMS,
    headers: EMPTY_PARAMS,
    raw,
  };
}
