// INVITE → ScoreRequest: the identity facts the rules need, from every place the header
// reference lists (DESIGN.md §5). Only the headers read here are parsed (lazily); a broken
// identity header is skipped in favour of the next source, never a reason to fail the call.
import type { PeerProfile } from '@app/config';
import type { ScoreRequest } from '@app/scoring';
import { parseNameAddr, type NameAddr, type SipRequest, type SipUri } from '@app/sip';

type CallerSource = ScoreRequest['callerSource'];

const IDENTITY_HEADERS: ReadonlyArray<readonly [string, CallerSource]> = [
  ['p-asserted-identity', 'pai'],
  ['p-preferred-identity', 'ppi'],
  ['remote-party-id', 'rpid'],
];

export function extractScoreRequest(
  request: SipRequest,
  peer: PeerProfile,
  decisionId: string,
  receivedAt: Date,
): ScoreRequest {
  const from = request.from;
  let callerUri: SipUri = from.uri;
  let callerSource: CallerSource = 'from';
  for (const [header, source] of IDENTITY_HEADERS) {
    const uri = firstTelephoneIdentity(request, header);
    if (uri) {
      callerUri = uri;
      callerSource = source;
      break;
    }
  }
  return {
    decisionId,
    receivedAt: receivedAt.toISOString(),
    peer: peer.name,
    callId: request.callId,
    caller: callerUri.user ?? '',
    callerSource,
    fromUser: from.uri.user ?? '',
    callee: request.uri.user ?? request.to.uri.user ?? '',
    verstat: verstatOf(callerUri) ?? (callerUri === from.uri ? undefined : verstatOf(from.uri)),
    attestationHeader:
      request.headers.get('attestation-info') ?? request.headers.get('p-attestation-indicator'),
    privacy: privacyTokens(request),
    redirectingNumbers: redirectingNumbers(request),
  };
}

/**
 * The first usable URI of an identity header. PAI may carry a sip and a tel URI (RFC 3325
 * §9.1); either works, we take the first with a user part.
 */
function firstTelephoneIdentity(request: SipRequest, header: string): SipUri | undefined {
  if (!request.headers.has(header)) return undefined;
  for (const value of request.headers.getAll(header)) {
    const parsed = parseNameAddr(value);
    if (parsed.ok && parsed.value.uri.user) return parsed.value.uri;
  }
  return undefined;
}

/** `verstat` sits in the user part (`sip:+1202...;verstat=...@host`) or in the URI params. */
function verstatOf(uri: SipUri): string | undefined {
  return uri.userParams.get('verstat') ?? uri.params.get('verstat') ?? undefined;
}

function privacyTokens(request: SipRequest): string[] {
  if (!request.headers.has('privacy')) return [];
  const out: string[] = [];
  for (const value of request.headers.getAll('privacy')) {
    for (const token of value.split(';')) {
      const t = token.trim().toLowerCase();
      if (t) out.push(t);
    }
  }
  return out;
}

/**
 * Redirecting numbers, oldest first. Diversion (RFC 5806) stacks the most recent redirection
 * on top; History-Info (RFC 7044) lists targets in order, the last being the current one.
 */
function redirectingNumbers(request: SipRequest): string[] {
  const out: string[] = [];
  if (request.headers.has('diversion')) {
    const users = usersOf(request.headers.getAll('diversion'));
    for (let i = users.length - 1; i >= 0; i--) out.push(users[i]);
  }
  if (request.headers.has('history-info')) {
    const users = usersOf(request.headers.getAll('history-info'));
    out.push(...users.slice(0, -1));
  }
  return out;
}

function usersOf(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    const parsed = parseNameAddr(value);
    const user = parsed.ok ? userOf(parsed.value) : undefined;
    if (user) out.push(user);
  }
  return out;
}

function userOf(nameAddr: NameAddr): string | undefined {
  return nameAddr.uri.user;
}
