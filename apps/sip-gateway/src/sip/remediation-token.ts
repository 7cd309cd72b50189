import { randomFillSync } from 'node:crypto';

const TOKEN_BYTES = 16;
/** One CSPRNG call fills tokens for 256 decisions; the hot path then only slices. */
const POOL_BYTES = TOKEN_BYTES * 256;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/**
 * A remediation token: 128 random bits as 22 base64url characters, so it is unguessable
 * (DESIGN.md §4 asks ≥ 96 bits), unique per decision with overwhelming probability, and fits
 * ATIS-1000099's `id` rule (≤ 64 chars of [A-Za-z0-9_-]).
 */
export function newRemediationToken(): string {
  if (offset === POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const token = pool.toString('base64url', offset, offset + TOKEN_BYTES);
  offset += TOKEN_BYTES;
  return token;
}
