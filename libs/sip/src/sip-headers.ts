// The header table of one message. Values stay raw strings; lists are split on demand.
import type { HeaderField, SipHeaders } from './message';

/**
 * Headers whose grammar is not a comma-separated list (RFC 3261 §7.3.1: "except for
 * WWW-Authenticate, Authorization, Proxy-Authenticate and Proxy-Authorization"), plus
 * single-value headers whose values may contain commas (Date, Call-ID is a word, Identity
 * tokens are base64url with no commas but its parameters can contain quoted commas).
 */
const NOT_A_LIST = new Set([
  'www-authenticate',
  'authorization',
  'proxy-authenticate',
  'proxy-authorization',
  'date',
  'call-id',
  'cseq',
  'subject',
  'user-agent',
  'server',
  'organization',
  'timestamp',
  'content-length',
  'max-forwards',
  'identity',
  'identity-info',
]);

export class SipHeaderTable implements SipHeaders {
  constructor(readonly fields: readonly HeaderField[]) {}

  get(name: string): string | undefined {
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) {
      if (fields[i].name === name) return fields[i].value;
    }
    return undefined;
  }

  getAll(name: string): string[] {
    const out: string[] = [];
    const list = !NOT_A_LIST.has(name);
    for (const field of this.fields) {
      if (field.name !== name) continue;
      if (list) splitHeaderList(field.value, out);
      else out.push(field.value);
    }
    return out;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

/**
 * Index of the first `char` (a char code) at or after `from` that sits outside double quotes
 * (with `\` escapes) and outside `<...>`, or -1. The one scanner for list commas and header
 * parameter semicolons, so quoted display names and URIs never split a value.
 */
export function indexOfUnquoted(value: string, char: number, from = 0): number {
  let inQuote = false;
  let inAngle = false;
  for (let i = from; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuote) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inQuote = false;
    } else if (c === 0x22) inQuote = true;
    else if (c === 0x3c /* < */) inAngle = true;
    else if (c === 0x3e /* > */) inAngle = false;
    else if (c === char && !inAngle) return i;
  }
  return -1;
}

/**
 * Splits a header value on commas that sit outside double quotes (with `\` escapes) and
 * outside `<...>`; pushes the trimmed, non-empty elements onto `out` (§7.3.1).
 */
export function splitHeaderList(value: string, out: string[] = []): string[] {
  let start = 0;
  for (;;) {
    const comma = indexOfUnquoted(value, 0x2c /* , */, start);
    const part = trimLws(value, start, comma === -1 ? value.length : comma);
    if (part.length > 0) out.push(part);
    if (comma === -1) return out;
    start = comma + 1;
  }
}

/**
 * value[start, end) without surrounding SP/HT. Not String#trim: values are latin1-decoded, and
 * trim() would also strip 0x85 and 0xA0, which occur inside UTF-8 sequences (`à` ends in 0xA0).
 */
function trimLws(value: string, start: number, end: number): string {
  while (start < end && isLws(value.charCodeAt(start))) start++;
  while (end > start && isLws(value.charCodeAt(end - 1))) end--;
  return value.slice(start, end);
}

function isLws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
