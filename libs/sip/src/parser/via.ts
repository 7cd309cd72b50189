// One Via value (RFC 3261 §20.42, §25.1; RFC 3581 rport; RFC 5118 IPv6).
//   via-parm = sent-protocol LWS sent-by *( SEMI via-params )
//   sent-protocol = protocol-name SLASH protocol-version SLASH transport   (SLASH = SWS "/" SWS)
import type { SipParams, Via } from '../message';
import type { ParseOutcome } from '../parse-error';
import {
  COLON,
  LBRACKET,
  SLASH,
  asciiLower,
  isDigit,
  isHostChar,
  parseDigits,
  scanToken,
  skipWs,
  trimWsEnd,
} from './char-class';
import { fail, toParseError } from './grammar-error';
import { parseHeaderParams } from './params';
import { parsePort, scanIpv6Reference } from './uri';

/** Parses one Via value (one element of a comma-separated list). Never throws. */
export function parseVia(text: string): ParseOutcome<Via> {
  try {
    return { ok: true, value: parseViaAt(text, 0, text.length) };
  } catch (caught) {
    return { ok: false, error: toParseError(caught, 'via', 'via', undefined) };
  }
}

/** Parses the Via value occupying s[start, end); throws GrammarError. */
export function parseViaAt(s: string, start: number, end: number): Via {
  let i = skipWs(s, start, end);
  end = trimWsEnd(s, i, end);
  const raw = s.slice(i, end);

  const nameEnd = scanToken(s, i, end);
  if (asciiLower(s.slice(i, nameEnd)) !== 'sip') fail('protocol name is not SIP', i);
  i = expectSlash(s, nameEnd, end);
  const versionEnd = scanToken(s, i, end);
  if (s.slice(i, versionEnd) !== '2.0') fail('protocol version is not 2.0', i);
  i = expectSlash(s, versionEnd, end);
  const transportEnd = scanToken(s, i, end);
  if (transportEnd === i) fail('missing transport', i);
  const transport = s.slice(i, transportEnd).toUpperCase();
  i = skipWs(s, transportEnd, end);
  if (i === transportEnd) fail('expected whitespace before sent-by', i);

  const hostStart = i;
  if (i < end && s.charCodeAt(i) === LBRACKET) i = scanIpv6Reference(s, i, end);
  else while (i < end && isHostChar(s.charCodeAt(i))) i++;
  if (i === hostStart) fail('missing sent-by host', i);
  const host = s.slice(hostStart, i);

  let port: number | undefined;
  let j = skipWs(s, i, end);
  if (j < end && s.charCodeAt(j) === COLON) {
    j = skipWs(s, j + 1, end);
    const portStart = j;
    while (j < end && isDigit(s.charCodeAt(j))) j++;
    port = parsePort(s, portStart, j);
    i = j;
  }

  const params = parseHeaderParams(s, i, end);
  return {
    transport,
    host,
    port,
    params,
    branch: stringParam(params, 'branch'),
    received: stringParam(params, 'received'),
    rport: rportParam(params),
    maddr: stringParam(params, 'maddr'),
    ttl: ttlParam(params),
    raw,
  };
}

function expectSlash(s: string, i: number, end: number): number {
  i = skipWs(s, i, end);
  if (i >= end || s.charCodeAt(i) !== SLASH) fail('expected "/" in sent-protocol', i);
  return skipWs(s, i + 1, end);
}

function stringParam(params: SipParams, name: string): string | undefined {
  const value = params.get(name);
  if (value === null) fail(`${name} parameter without a value`, 0);
  return value;
}

/** RFC 3581: `;rport` (null, to be filled in by the server) or `;rport=5060`. */
function rportParam(params: SipParams): number | null | undefined {
  const value = params.get('rport');
  if (value === undefined || value === null) return value;
  const port = parseDigits(value, 0, value.length, 5);
  if (port < 0 || port > 65535) fail('invalid rport', 0);
  return port;
}

/** ttl = 1*3DIGIT ; 0 to 255 */
function ttlParam(params: SipParams): number | undefined {
  const value = params.get('ttl');
  if (value === undefined) return undefined;
  const ttl = value === null ? -1 : parseDigits(value, 0, value.length, 3);
  if (ttl < 0 || ttl > 255) fail('invalid ttl', 0);
  return ttl;
}
