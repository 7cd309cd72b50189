// Character classes of the RFC 3261 §25.1 grammar as lookup tables, and the small scanning
// helpers every grammar file shares. Text here is always a latin1-decoded byte string, so one
// UTF-16 code unit is one wire octet.

function table(chars: string, ranges: ReadonlyArray<readonly [number, number]> = []): Uint8Array {
  const t = new Uint8Array(256);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  for (const [lo, hi] of ranges) t.fill(1, lo, hi + 1);
  return t;
}

const ALPHANUM: ReadonlyArray<readonly [number, number]> = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x61, 0x7a],
];

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
const TOKEN = table("-.!%*_+`'~", ALPHANUM);

/** Host characters: hostname (alphanum, "-", "."), plus "_" seen in the wild. */
const HOST = table('-._', ALPHANUM);

/** IPv6 reference interior: hex digits, ":" and "." (IPv4-mapped tail). */
const IPV6 = table(':.', [
  [0x30, 0x39],
  [0x41, 0x46],
  [0x61, 0x66],
]);

/**
 * Userinfo characters accepted in sip/sips URIs: RFC 3261 unreserved / escaped /
 * user-unreserved, plus "#" which carriers send unescaped (`*67#`). Deliberately liberal:
 * rejecting a call over an unescaped "#" helps nobody; "@", ":", "<", ">", DQUOTE, SP and
 * controls stay out because they carry structure.
 */
const USERINFO = table("-_.!~*'()%&=+$,;?/#[]{}|^`", ALPHANUM);

/**
 * URI parameter and header characters: paramchar (param-unreserved / unreserved / escaped)
 * and hnv-unreserved, minus the delimiters ";", "?", "&", "=" that the caller scans for.
 */
const URI_PARAM = table("-_.!~*'()%[]/:+$", ALPHANUM);

/** Generic-param value without quotes: token / host (brackets and ":" for IPv6). */
const GEN_VALUE = table("-.!%*_+`'~[]:", ALPHANUM);

/** Call-ID: any visible ASCII (word characters and "@"), liberal on purpose (see callId). */
const VISIBLE = table('', [[0x21, 0x7e]]);

export const isToken = (c: number): boolean => c < 256 && TOKEN[c] === 1;
export const isHostChar = (c: number): boolean => c < 256 && HOST[c] === 1;
export const isIpv6Char = (c: number): boolean => c < 256 && IPV6[c] === 1;
export const isUserinfoChar = (c: number): boolean => c < 256 && USERINFO[c] === 1;
export const isUriParamChar = (c: number): boolean => c < 256 && URI_PARAM[c] === 1;
export const isGenValueChar = (c: number): boolean => c < 256 && GEN_VALUE[c] === 1;
export const isVisible = (c: number): boolean => c < 256 && VISIBLE[c] === 1;
export const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
export const isWs = (c: number): boolean => c === 0x20 || c === 0x09;
export const isAlpha = (c: number): boolean => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;

export const SP = 0x20;
export const HT = 0x09;
export const CR = 0x0d;
export const LF = 0x0a;
export const DQUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const SEMI = 0x3b;
export const COLON = 0x3a;
export const COMMA = 0x2c;
export const SLASH = 0x2f;
export const EQUAL = 0x3d;
export const AT = 0x40;
export const QUESTION = 0x3f;
export const AMP = 0x26;
export const LAQUOT = 0x3c;
export const RAQUOT = 0x3e;
export const LBRACKET = 0x5b;
export const RBRACKET = 0x5d;

/** Index of the first non-SP/HT at or after `i`, at most `end`. */
export function skipWs(s: string, i: number, end: number): number {
  while (i < end && isWs(s.charCodeAt(i))) i++;
  return i;
}

/** Index just past the last non-SP/HT before `end`, at least `start`. */
export function trimWsEnd(s: string, start: number, end: number): number {
  while (end > start && isWs(s.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * `s.slice(start, end)` without leading and trailing SP/HT. Not String#trim: that also strips
 * U+0085 and U+00A0, which here are the wire octets 0x85 and 0xA0 (inside UTF-8 sequences).
 */
export function sliceTrimmed(s: string, start: number, end: number): string {
  start = skipWs(s, start, end);
  end = trimWsEnd(s, start, end);
  return s.slice(start, end);
}

/** Index just past the run of token characters starting at `i`. */
export function scanToken(s: string, i: number, end: number): number {
  while (i < end && isToken(s.charCodeAt(i))) i++;
  return i;
}

/** True when every character of s[start, end) satisfies `pred` (and the range is not empty). */
export function allOf(
  s: string,
  start: number,
  end: number,
  pred: (c: number) => boolean,
): boolean {
  if (start >= end) return false;
  for (let i = start; i < end; i++) if (!pred(s.charCodeAt(i))) return false;
  return true;
}

/**
 * Parses s[start, end) as a decimal integer of at most `maxDigits` significant digits
 * (leading zeros allowed, RFC 4475 wsinv `0068`). Returns -1 when not all digits or too long.
 */
export function parseDigits(s: string, start: number, end: number, maxDigits: number): number {
  if (start >= end) return -1;
  while (start < end - 1 && s.charCodeAt(start) === 0x30) start++;
  if (end - start > maxDigits) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    n = n * 10 + (c - 0x30);
  }
  return n;
}

/**
 * Lower-cases ASCII letters only (String#toLowerCase would also fold latin1 letters such as
 * 0xC0, changing wire octets); returns `s` itself when it has nothing to fold.
 */
export function asciiLower(s: string): string {
  let upper = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return asciiLowerSlow(s);
    if (c >= 0x41 && c <= 0x5a) upper = true;
  }
  return upper ? s.toLowerCase() : s;
}

function asciiLowerSlow(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c | 0x20) : s[i];
  }
  return out;
}
