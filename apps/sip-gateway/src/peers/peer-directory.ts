// Source address → peer profile (DESIGN.md §3: only configured CIDRs are served).
import ipaddr from 'ipaddr.js';
import type { PeerProfile } from '@app/config';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Bound on the per-address cache so a spray of spoofed sources cannot grow it forever. */
const CACHE_LIMIT = 4096;

export class PeerDirectory {
  private readonly ranges: ReadonlyArray<{ readonly range: Range; readonly peer: PeerProfile }>;
  // Hot path: one Map lookup per request for the addresses we see again and again.
  private readonly cache = new Map<string, PeerProfile | null>();

  constructor(peers: readonly PeerProfile[]) {
    this.ranges = peers.flatMap((peer) =>
      peer.cidrs.map((cidr) => ({ range: parseRange(cidr), peer })),
    );
  }

  /** The profile serving `address` (first match in file order), or undefined for strangers. */
  lookup(address: string): PeerProfile | undefined {
    const cached = this.cache.get(address);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.match(address);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(address, found ?? null);
    return found;
  }

  private match(address: string): PeerProfile | undefined {
    let parsed: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      // process() turns ::ffff:a.b.c.d into the IPv4 address it carries.
      parsed = ipaddr.process(address);
    } catch {
      return undefined;
    }
    for (const { range, peer } of this.ranges) {
      if (range[0].kind() === parsed.kind() && parsed.match(range)) return peer;
    }
    return undefined;
  }
}

function parseRange(cidr: string): Range {
  if (cidr.includes('/')) return ipaddr.parseCIDR(cidr);
  const addr = ipaddr.parse(cidr);
  return [addr, addr.kind() === 'ipv4' ? 32 : 128];
}
