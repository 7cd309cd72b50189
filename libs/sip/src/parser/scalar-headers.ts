// The eager single-value headers that are not addresses: Call-ID (§20.8), CSeq (§20.16),
// Max-Forwards (§20.22), Content-Length (§20.14). Each takes the unfolded, trimmed value.
import type { CSeq } from '../message';
import { isToken, isVisible, isWs, parseDigits, skipWs } from './char-class';
import { fail } from './grammar-error';

/** CSeq numbers and Content-Length "MUST be less than 2**31" (§8.1.1.5); same bound for both. */
const MAX_INT31 = 0x7fffffff;

/**
 * callid = word [ "@" word ]. Checked liberally on purpose: visible ASCII, no whitespace.
 * Peers in the wild send "=" and other non-word octets; the Call-ID is only ever compared
 * and copied, so refusing them would drop calls for no protocol gain.
 */
export function parseCallId(value: string): string {
  if (value.length === 0) fail('empty Call-ID', 0);
  for (let i = 0; i < value.length; i++) {
    if (!isVisible(value.charCodeAt(i))) fail('invalid character in Call-ID', i);
  }
  return value;
}

/** CSeq = 1*DIGIT LWS Method; the number below 2**31 (RFC 4475 scalar02, scalarlg). */
export function parseCSeq(value: string): CSeq {
  let i = 0;
  while (i < value.length && !isWs(value.charCodeAt(i))) i++;
  const seq = parseDigits(value, 0, i, 10);
  if (seq < 0 || seq > MAX_INT31) fail('sequence number is not an integer below 2**31', 0);
  const methodStart = skipWs(value, i, value.length);
  if (methodStart === i || methodStart === value.length) fail('missing method', i);
  for (let j = methodStart; j < value.length; j++) {
    if (!isToken(value.charCodeAt(j))) fail('method is not a token', j);
  }
  return { seq, method: value.slice(methodStart) };
}

/** Max-Forwards = 1*DIGIT, 0..255 (§20.22; leading zeros allowed, RFC 4475 wsinv "0068"). */
export function parseMaxForwards(value: string): number {
  const n = parseDigits(value, 0, value.length, 3);
  if (n < 0 || n > 255) fail('not an integer 0..255', 0);
  return n;
}

/** Content-Length = 1*DIGIT (RFC 4475 ncl: "-999" and "five" are errors). */
export function parseContentLength(value: string): number {
  const n = parseDigits(value, 0, value.length, 10);
  if (n < 0 || n > MAX_INT31) fail('not a non-negative integer below 2**31', 0);
  return n;
}
