// Builders of well-formed requests for end-to-end tests. Every call gets fresh branch,
// Call-ID and tag unless given, so tests never collide.
import { randomBytes } from 'node:crypto';

export interface InviteSpec {
  readonly method?: string;
  readonly callee?: string;
  readonly caller?: string;
  /** Extra header lines, e.g. 'P-Asserted-Identity: <sip:+1...@carrier>'. */
  readonly headers?: readonly string[];
  readonly branch?: string;
  readonly callId?: string;
  readonly fromTag?: string;
  readonly cseq?: number;
  readonly toTag?: string;
  readonly body?: string;
}

export interface Endpoint {
  readonly viaTransport: string;
  readonly localAddress: string;
  readonly localPort: number;
}

export function newId(): string {
  return randomBytes(8).toString('hex');
}

export interface BuiltRequest {
  readonly text: string;
  readonly branch: string;
  readonly callId: string;
  readonly fromTag: string;
  readonly caller: string;
  readonly callee: string;
}

export function request(
  client: Endpoint,
  target: { host: string; port: number },
  spec: InviteSpec = {},
): BuiltRequest {
  const method = spec.method ?? 'INVITE';
  const branch = spec.branch ?? `z9hG4bK${newId()}`;
  const callId = spec.callId ?? `${newId()}@test`;
  const fromTag = spec.fromTag ?? newId();
  const callee = spec.callee ?? '+12025550143';
  const caller = spec.caller ?? '+12125550178';
  const body = spec.body ?? '';
  const lines = [
    `${method} sip:${callee}@${target.host}:${target.port} SIP/2.0`,
    `Via: SIP/2.0/${client.viaTransport} ${client.localAddress}:${client.localPort};branch=${branch};rport`,
    `Max-Forwards: 70`,
    `From: "Test Caller" <sip:${caller}@carrier.example.net>;tag=${fromTag}`,
    `To: <sip:${callee}@${target.host}>${spec.toTag ? `;tag=${spec.toTag}` : ''}`,
    `Call-ID: ${callId}`,
    `CSeq: ${spec.cseq ?? 1} ${method}`,
    `Contact: <sip:${caller}@${client.localAddress}:${client.localPort}>`,
    ...(spec.headers ?? []),
    `Content-Length: ${Buffer.byteLength(body, 'latin1')}`,
    '',
    body,
  ];
  return { text: lines.join('\r\n'), branch, callId, fromTag, caller, callee };
}

/** The header lines (name: value) of a raw message, in order. */
export function headerLines(raw: string): string[] {
  const end = raw.indexOf('\r\n\r\n');
  return raw
    .slice(0, end < 0 ? undefined : end)
    .split('\r\n')
    .slice(1);
}

/** An OPTIONS ping with rport from `client` (the "is it still answering?" probe). */
export function optionsPing(
  client: Endpoint,
  target: { host: string; port: number },
  callId: string,
): string {
  return [
    `OPTIONS sip:ping@${target.host}:${target.port} SIP/2.0`,
    `Via: SIP/2.0/${client.viaTransport} ${client.localAddress}:${client.localPort};branch=z9hG4bK${callId};rport`,
    `From: <sip:probe@${client.localAddress}>;tag=1`,
    `To: <sip:ping@${target.host}>`,
    `Call-ID: ${callId}`,
    'CSeq: 1 OPTIONS',
    'Max-Forwards: 70',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/**
 * The CANCEL or ACK of `invite`: same branch (§9.1, §17.1.1.3), Call-ID, From tag and
 * numbers; an ACK also carries the To tag of the final response it acknowledges.
 */
export function sameTransaction(
  client: Endpoint,
  target: { host: string; port: number },
  invite: BuiltRequest,
  method: 'CANCEL' | 'ACK',
  toTag?: string,
): string {
  const { branch, callId, fromTag, caller, callee } = invite;
  return request(client, target, { method, branch, callId, fromTag, caller, callee, toTag }).text;
}
