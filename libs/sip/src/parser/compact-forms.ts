// Header names: case-insensitive (RFC 3261 §7.3.1) with compact forms (§7.3.3, §20; RFC 3265
// o, RFC 3515 r, RFC 3892 b, RFC 4028 x, RFC 6665 u, RFC 8224 y, RFC 3841 a j d, RFC 4474 n).
import { asciiLower } from './char-class';

const COMPACT: Readonly<Record<string, string>> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
  o: 'event',
  r: 'refer-to',
  b: 'referred-by',
  x: 'session-expires',
  u: 'allow-events',
  y: 'identity',
  a: 'accept-contact',
  j: 'reject-contact',
  d: 'request-disposition',
  n: 'identity-info',
};

/**
 * Canonical name as stored in SipHeaders: lower-case long form (`v` → `via`, `Call-ID` →
 * `call-id`). Names as sent are cached (bounded) because the same few spellings recur in every
 * message.
 */
export function canonicalHeaderName(name: string): string {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const lower = asciiLower(name);
  const canonical = lower.length === 1 ? (COMPACT[lower] ?? lower) : lower;
  if (name.length <= CACHED_NAME_MAX) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(name, canonical);
  }
  return canonical;
}

/** Enough for every spelling real peers use; cleared when full so hostile input cannot grow it. */
const CACHE_LIMIT = 2048;
const CACHED_NAME_MAX = 64;
const cache = new Map<string, string>();
