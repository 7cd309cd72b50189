// Exact-number and prefix look-up for list entries, sized for the hot path (thousands of calls
// per second, in process): one Map for whole numbers, one Map per prefix length, probed from
// the longest prefix down, so a look-up costs at most (1 + distinct prefix lengths) Map gets.

/** Where an entry applies: one E.164 number, or every number starting with an E.164 prefix. */
export type NumberMatch =
  | { readonly kind: 'number'; readonly e164: string }
  | { readonly kind: 'prefix'; readonly prefix: string };

export interface IndexedEntry {
  readonly match: NumberMatch;
  /** Epoch milliseconds after which the entry no longer applies; undefined = never expires. */
  readonly expiresAt: number | undefined;
}

export class NumberIndex<E extends IndexedEntry> {
  private readonly exact = new Map<string, E[]>();
  private readonly byPrefixLength = new Map<number, Map<string, E[]>>();
  /** Distinct prefix lengths, longest first. */
  private readonly prefixLengths: readonly number[];

  constructor(entries: readonly E[]) {
    for (const entry of entries) {
      if (entry.match.kind === 'number') {
        push(this.exact, entry.match.e164, entry);
      } else {
        const { prefix } = entry.match;
        let bucket = this.byPrefixLength.get(prefix.length);
        if (bucket === undefined) {
          bucket = new Map();
          this.byPrefixLength.set(prefix.length, bucket);
        }
        push(bucket, prefix, entry);
      }
    }
    this.prefixLengths = [...this.byPrefixLength.keys()].sort((a, b) => b - a);
  }

  /** The most specific live entry: an exact match, else the longest matching prefix. */
  first(e164: string, now: number): E | undefined {
    const exact = firstLive(this.exact.get(e164), now);
    if (exact !== undefined) return exact;
    for (const length of this.prefixLengths) {
      if (length > e164.length) continue;
      const entry = firstLive(this.byPrefixLength.get(length)?.get(e164.slice(0, length)), now);
      if (entry !== undefined) return entry;
    }
    return undefined;
  }

  /** Every live entry that matches, most specific first. */
  all(e164: string, now: number): E[] {
    const found = live(this.exact.get(e164), now);
    for (const length of this.prefixLengths) {
      if (length > e164.length) continue;
      found.push(...live(this.byPrefixLength.get(length)?.get(e164.slice(0, length)), now));
    }
    return found;
  }
}

function push<E>(map: Map<string, E[]>, key: string, entry: E): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [entry]);
  else list.push(entry);
}

function isLive(entry: IndexedEntry, now: number): boolean {
  return entry.expiresAt === undefined || now < entry.expiresAt;
}

function firstLive<E extends IndexedEntry>(entries: readonly E[] | undefined, now: number) {
  return entries?.find((entry) => isLive(entry, now));
}

function live<E extends IndexedEntry>(entries: readonly E[] | undefined, now: number): E[] {
  return entries === undefined ? [] : entries.filter((entry) => isLive(entry, now));
}
