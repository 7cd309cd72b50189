// Where a server transport sends a response (RFC 3261 §18.2.2, RFC 3581 §4). Pure.

import type { Via } from '../message';
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
 * Unreliable (UDP), RFC 3581 §4 then §18.2.2: `rport` → the source address and port the request
 * came from; otherwise the source address (what `received` holds or would hold) at the sent-by
 * port. The request's own protocol decides, not the Via transport token.
 *
 * `maddr` is deliberately NOT honoured (a departure from §18.2.2, recorded in DESIGN.md §3): it
 * would let whoever writes the Via aim our responses at a third party (reflection), and a
 * hostname there would put a DNS lookup on the hot path. Responses only ever go back to the
 * address the request came from.
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
  if (topVia.rport !== undefined) {
    // RFC 3581 §4: "the IP address listed in the received parameter, and the port in rport".
    return { protocol: 'udp', address: source.address, port: source.port };
  }
  return { protocol: 'udp', address: source.address, port: sentByPort };
}
