// Address helpers shared by the transports. Node reports IPv4 peers of a dual-stack socket as
// IPv4-mapped IPv6 (`::ffff:192.0.2.1`); SIP (Via received, §18.2.1) wants the IPv4 text.

import { isIPv6 } from 'node:net';

const IPV4_MAPPED_PREFIX = '::ffff:';

/** `::ffff:192.0.2.1` → `192.0.2.1`; brackets removed from an IPv6 reference; others unchanged. */
export function normalizeAddress(address: string): string {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (
    bare.length > IPV4_MAPPED_PREFIX.length &&
    bare.toLowerCase().startsWith(IPV4_MAPPED_PREFIX)
  ) {
    const rest = bare.slice(IPV4_MAPPED_PREFIX.length);
    if (rest.includes('.')) return rest;
  }
  return bare;
}

export function isIPv6Host(host: string): boolean {
  return isIPv6(normalizeAddress(host));
}

export function isValidPort(port: number): boolean {
  return Number.isInteger(port) && port > 0 && port <= 65535;
}
