// Builds responses to a request (RFC 3261 §8.2.6, §18.2.1, RFC 3581 §4).
// Works from the request's raw header values so that a 400 to a partly broken request can
// still be built, and so the hot path copies strings instead of re-serializing parsed ones.
import type { SipHeaders, Via } from './message';
import { indexOfUnquoted } from './sip-headers';
import type { SipEndpoint } from './transport/transport';

export interface ResponseInput {
  readonly headers: SipHeaders;
  /** Parsed Via values, top first, when available: the top one gets received/rport. */
  readonly via?: readonly Via[];
}

export interface ResponseOptions {
  /** To tag to add when the request's To has none (§8.2.6.2); never added to a 100. */
  readonly toTag?: string;
  /** Extra header lines in order, after the copied ones. */
  readonly headers?: ReadonlyArray<readonly [name: string, value: string]>;
  /** `Server` header value (§20.35). */
  readonly server?: string;
}

const CRLF = '\r\n';

/**
 * Serializes the response to `request` received from `source`. Copies every Via (the top one
 * with `received` and `rport` filled in per §18.2.1 and RFC 3581), From, To (with a tag unless
 * 100), Call-ID and CSeq; appends the extra headers, Server and `Content-Length: 0`.
 */
export function buildResponse(
  request: ResponseInput,
  source: SipEndpoint,
  status: number,
  reason: string,
  options: ResponseOptions = {},
): Buffer {
  let out = `SIP/2.0 ${status} ${reason}${CRLF}`;
  const vias = request.headers.getAll('via');
  for (let i = 0; i < vias.length; i++) {
    const parsedTop = i === 0 ? request.via?.[0] : undefined;
    out += `Via: ${parsedTop ? topViaForResponse(parsedTop, source) : vias[i]}${CRLF}`;
  }
  const from = request.headers.get('from');
  if (from !== undefined) out += `From: ${from}${CRLF}`;
  const to = request.headers.get('to');
  if (to !== undefined) out += `To: ${withToTag(to, status, options.toTag)}${CRLF}`;
  const callId = request.headers.get('call-id');
  if (callId !== undefined) out += `Call-ID: ${callId}${CRLF}`;
  const cseq = request.headers.get('cseq');
  if (cseq !== undefined) out += `CSeq: ${cseq}${CRLF}`;
  if (options.headers) {
    for (const [name, value] of options.headers) out += `${name}: ${value}${CRLF}`;
  }
  if (options.server) out += `Server: ${options.server}${CRLF}`;
  out += `Content-Length: 0${CRLF}${CRLF}`;
  return Buffer.from(out, 'latin1');
}

function withToTag(to: string, status: number, tag: string | undefined): string {
  if (status === 100 || tag === undefined || hasTagParam(to)) return to;
  return `${to};tag=${tag}`;
}

/** True when the To value already carries a tag header parameter (outside <...> and quotes). */
function hasTagParam(value: string): boolean {
  for (let semi = indexOfUnquoted(value, 0x3b /* ; */); semi !== -1;) {
    if (/^\s*tag\s*=/i.test(value.slice(semi + 1))) return true;
    semi = indexOfUnquoted(value, 0x3b, semi + 1);
  }
  return false;
}

/**
 * §18.2.1: add `received` when the sent-by host differs from the packet's source address;
 * RFC 3581 §4: when `rport` is present without a value, fill in the source port and add
 * `received` even if the host matches.
 */
function topViaForResponse(via: Via, source: SipEndpoint): string {
  const bareHost = via.host.startsWith('[') ? via.host.slice(1, -1) : via.host;
  const needsReceived =
    via.rport === null || bareHost.toLowerCase() !== source.address.toLowerCase();
  if (!needsReceived && via.rport !== null) return via.raw;
  let out = `SIP/2.0/${via.transport} ${via.host}${via.port === undefined ? '' : `:${via.port}`}`;
  let wroteReceived = false;
  for (const [name, value] of via.params) {
    if (name === 'received') {
      out += `;received=${source.address}`;
      wroteReceived = true;
    } else if (name === 'rport' && value === null) {
      out += `;rport=${source.port}`;
    } else {
      out += value === null ? `;${name}` : `;${name}=${value}`;
    }
  }
  if (!wroteReceived && needsReceived) out += `;received=${source.address}`;
  return out;
}
