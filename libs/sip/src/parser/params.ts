// Parameter lists: header parameters (`;tag = x` with LWS, RFC 3261 §7.3.1 generic-param)
// and URI parameters / headers (`;lr;transport=tcp?subject=x`, §19.1.1, no whitespace).
// Names are lower-cased; values are kept exactly as sent (quotes and escapes included).
import type { SipParams } from '../message';
import {
  AMP,
  BACKSLASH,
  DQUOTE,
  EQUAL,
  QUESTION,
  SEMI,
  asciiLower,
  isGenValueChar,
  isUriParamChar,
  scanToken,
  skipWs,
} from './char-class';
import { fail } from './grammar-error';

/** The shared empty parameter map: most URIs and headers have no parameters of a kind. */
export const EMPTY_PARAMS: SipParams = new Map<string, string | null>();

/**
 * Index just past the quoted-string that opens at `i` (§25.1: quoted-pair `\` escapes any
 * octet but CR/LF, which cannot occur in an unfolded header value).
 */
export function scanQuoted(s: string, i: number, end: number): number {
  i++;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH) i += 2;
    else if (c === DQUOTE) return i + 1;
    else i++;
  }
  return fail('unterminated quoted string', end);
}

/**
 * Parses `*( SEMI generic-param )` from s[i, end) to the end, LWS allowed around ";" and
 * "=" (§7.3.1). Fails on anything else, including empty parameters (`;;`, RFC 4475 badinv01).
 */
export function parseHeaderParams(s: string, i: number, end: number): SipParams {
  let params: Map<string, string | null> | undefined;
  for (;;) {
    i = skipWs(s, i, end);
    if (i >= end) break;
    if (s.charCodeAt(i) !== SEMI) fail(`unexpected "${s[i]}"`, i);
    i = skipWs(s, i + 1, end);
    const nameEnd = scanToken(s, i, end);
    if (nameEnd === i) fail('empty parameter', i);
    const name = asciiLower(s.slice(i, nameEnd));
    i = skipWs(s, nameEnd, end);
    let value: string | null = null;
    if (i < end && s.charCodeAt(i) === EQUAL) {
      i = skipWs(s, i + 1, end);
      const valueStart = i;
      if (i < end && s.charCodeAt(i) === DQUOTE) i = scanQuoted(s, i, end);
      else while (i < end && isGenValueChar(s.charCodeAt(i))) i++;
      if (i === valueStart) fail(`parameter "${name}" has an empty value`, i);
      value = s.slice(valueStart, i);
    }
    params ??= new Map();
    // First occurrence wins; a repeated parameter is not worth a 400.
    if (!params.has(name)) params.set(name, value);
  }
  return params ?? EMPTY_PARAMS;
}

export interface UriParamsResult {
  readonly params: SipParams;
  /** Index where scanning stopped (not a ";"). */
  readonly end: number;
}

/**
 * Parses `*( ";" pname [ "=" pvalue ] )` starting at s[i] (which must be ";" for anything to
 * be read). Stops at the first character that is neither a param character nor ";". With
 * `lenient`, empty names are skipped instead of failing (the user part allows `;;`, §25.1).
 */
export function parseUriParams(
  s: string,
  i: number,
  end: number,
  lenient: boolean,
): UriParamsResult {
  let params: Map<string, string | null> | undefined;
  while (i < end && s.charCodeAt(i) === SEMI) {
    i++;
    const nameStart = i;
    while (i < end && isUriParamChar(s.charCodeAt(i))) i++;
    const nameEnd = i;
    let value: string | null = null;
    if (i < end && s.charCodeAt(i) === EQUAL) {
      i++;
      const valueStart = i;
      while (i < end && isUriParamChar(s.charCodeAt(i))) i++;
      value = s.slice(valueStart, i);
    }
    if (nameEnd === nameStart) {
      if (lenient) continue;
      fail('empty URI parameter', nameStart);
    }
    params ??= new Map();
    const name = asciiLower(s.slice(nameStart, nameEnd));
    if (!params.has(name)) params.set(name, value);
  }
  return { params: params ?? EMPTY_PARAMS, end: i };
}

/** Parses `?hname=hvalue *( "&" hname=hvalue )` where s[i] is "?"; runs to `end`. */
export function parseUriHeaders(s: string, i: number, end: number): SipParams {
  const headers = new Map<string, string | null>();
  while (i < end && (s.charCodeAt(i) === QUESTION || s.charCodeAt(i) === AMP)) {
    i++;
    const nameStart = i;
    while (i < end && isUriParamChar(s.charCodeAt(i)) && s.charCodeAt(i) !== EQUAL) i++;
    if (i === nameStart) fail('empty URI header name', i);
    const name = asciiLower(s.slice(nameStart, i));
    let value: string | null = null;
    if (i < end && s.charCodeAt(i) === EQUAL) {
      const valueStart = ++i;
      while (i < end && (isUriParamChar(s.charCodeAt(i)) || s.charCodeAt(i) === QUESTION)) i++;
      value = s.slice(valueStart, i);
    }
    if (!headers.has(name)) headers.set(name, value);
  }
  if (i < end) fail(`unexpected "${s[i]}" in URI headers`, i);
  return headers;
}
