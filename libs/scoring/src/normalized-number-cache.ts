// A bounded memo in front of normalizeNumber. libphonenumber's parse is most of a score's CPU
// (~20 µs), and carrier traffic repeats numbers all day (the same robocaller, the same
// enterprise sender, the same hunt group), so a hit saves the parse. Results are immutable
// data; the bound keeps memory flat whatever the traffic (≈ 200 B an entry).
import type { CountryCode } from 'libphonenumber-js/max';
import { normalizeNumber, type NormalizedNumber } from './number-normalizer';

export const DEFAULT_NUMBER_CACHE_ENTRIES = 20_000;

export class NormalizedNumberCache {
  private readonly entries = new Map<string, NormalizedNumber>();

  constructor(
    private readonly region: CountryCode,
    private readonly capacity = DEFAULT_NUMBER_CACHE_ENTRIES,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  normalize(raw: string): NormalizedNumber {
    const hit = this.entries.get(raw);
    if (hit !== undefined) return hit;
    const value = normalizeNumber(raw, this.region);
    if (this.entries.size >= this.capacity) {
      // Evict the oldest insertion (Map keeps insertion order): cheap, and good enough for a
      // working set far smaller than the capacity.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(raw, value);
    return value;
  }
}
