// Where a server transport sends a response (RFC 3261 §18.2.2, RFC 3581 §4). Pure.

import type { Via } from '../message';
import { normalizeAddress } from './socket-address';
import type { SipEndpoint, TransportProtocol } from './transport';

/** §18.2.2 "the default port for that transport": 5060 for UDP and TCP, 5061 for TLS (§26.2.1). */
export const DEFAULT_SIP_PORTS: Readonly<Record<TransportProtocol, number>> = {
  udp: 5060,
  tcp: 5060,
  tls: 5061,
};

/**
 * The destination of a response to a request that arrived from `source` with `topVia` on top.
 *
 * Reliable (TCP/TLS): the connection the request came in on, kept as `connectionId`; address and
 * port say where to open a new one if it has closed ("the IP address in the received parameter",
 * i.e. the source address, "using the port in the sent-by value, or the default port").
 *
 * Unreliable (UDP), in §18.2.2 / RFC 3581 §4 order: `maddr` → that address at the sent-by port
 * (5060 by default); `rport` → the source address and port the request came from; otherwise the
 * source address (what `received` holds or would hold) at the sent-by port. The request's own
 * protocol decides, not the Via transport token: they agree in any request we accepted.
 */
export function responseDestination(topVia: Via, source: SipEndpoint): SipEndpoint {
  const sentByPort = topVia.port ?? DEFAULT_SIP_PORTS[source.protocol];
  if (source.protocol !== 'udp') {
    return {
      protocol: source.protocol,
      address: source.address,
      port: sentByPort,
      connectionId: source.connectionId,
    };
  }
  if (topVia.maddr !== undefined) {
    // §18.2.2: "forwarded to the address listed there, using the port indicated in sent-by".
    return { protocol: 'udp', address: normalizeAddress(topVia.maddr), port: sentByPort };
  }
  if (topVia.rport !== undefined) {
    // RFC 3581 §4: "the IP address listed in the received parameter, and the port in rport".
    return { protocol: 'udp', address: source.address, port: source.port };
  }
  return { protocol: 'udp', address: source.address, port: sentByPort };
}
