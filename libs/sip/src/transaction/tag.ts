// To tags for server transactions (§8.2.6.2, §19.3: "at least 32 bits of randomness").
// Random bytes are drawn from the CSPRNG in blocks so the hot path does not pay for one
// crypto call and one Buffer per transaction.
import { randomFillSync } from 'node:crypto';

const TAG_BYTES = 8;
const POOL_TAGS = 512;
const pool = Buffer.allocUnsafe(TAG_BYTES * POOL_TAGS);
let offset = pool.length;

/** A fresh tag: 8 random bytes as 16 lower-case hex digits. */
export function generateTag(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const tag = pool.toString('hex', offset, offset + TAG_BYTES);
  offset += TAG_BYTES;
  return tag;
}
