// Server transaction matching, RFC 3261 §17.2.3, as flat string keys for one Map look-up.
//
// RFC 3261 requests (top Via branch starts with the magic cookie): branch + sent-by + method,
// where an ACK carries the INVITE's method and a CANCEL is its own transaction. Anything else
// falls back to the RFC 2543 rule: Request-URI, To tag, From tag, Call-ID, CSeq number, top Via
// and method. Fields are joined with LF, which cannot occur in any of them (the parser unfolds
// header values), and an RFC 3261 key starts with the cookie while an RFC 2543 key starts with
// a URI scheme, so the two kinds never collide.
import type { SipRequest, Via } from '../message';

/** §8.1.1.7: "The branch ID inserted by an element compliant with this specification MUST
 * always begin with the characters "z9hG4bK"." */
export const MAGIC_COOKIE = 'z9hG4bK';

const SEP = '\n';

/** True when the branch marks an RFC 3261 client (§17.2.3 first rule applies). */
export function hasMagicCookie(branch: string | undefined): branch is string {
  return branch !== undefined && branch.startsWith(MAGIC_COOKIE);
}

/** True when the request is matched by branch (RFC 3261) rather than by the RFC 2543 rule. */
export function isRfc3261Request(request: SipRequest): boolean {
  return hasMagicCookie(request.via[0].branch);
}

/**
 * The key of the server transaction `request` belongs to. `method` overrides the request's
 * (a CANCEL looks up the INVITE it cancels with 'INVITE', §9.2); an ACK maps to 'INVITE'
 * (§17.2.3: "except for ACK, where the method of the request that created the transaction
 * is INVITE"). The request must carry a Via (the parser guarantees one).
 */
export function serverTransactionKey(request: SipRequest, method?: string): string {
  const m = method ?? (request.method === 'ACK' ? 'INVITE' : request.method);
  const top = request.via[0];
  if (hasMagicCookie(top.branch)) return rfc3261Key(top, top.branch, m);
  return rfc2543Key(request, m, request.to.tag);
}

/**
 * The key a CANCEL uses to find the transaction it cancels (§9.2: "the same as for a
 * request", with the method of the request being cancelled, always INVITE here).
 */
export function cancelTargetKey(cancel: SipRequest): string {
  return serverTransactionKey(cancel, 'INVITE');
}

/**
 * RFC 2543 ACK matching (§17.2.3): an ACK to a response that added our To tag carries that
 * tag, while the INVITE had none. `serverTransactionKey(ack)` finds an INVITE whose own To
 * tag equals the ACK's (a re-INVITE); this key finds an INVITE sent without a To tag, and
 * the caller must check that the ACK's To tag equals the one our response carried.
 */
export function rfc2543AckKeyWithoutToTag(ack: SipRequest): string {
  return rfc2543Key(ack, 'INVITE', undefined);
}

/**
 * §17.2.3 (RFC 3261 clients): "the branch parameter in the request is equal to the one in the
 * top Via header field of the request that created the transaction, and the sent-by value in
 * the top Via of the request is equal to the one in the request that created the transaction,
 * and the method of the request matches the one that created the transaction".
 * Hosts compare case-insensitively (§19.1.4); the port as sent (retransmissions copy it).
 */
function rfc3261Key(top: Via, branch: string, method: string): string {
  const port = top.port === undefined ? '' : String(top.port);
  return branch + SEP + top.host.toLowerCase() + SEP + port + SEP + method;
}

/**
 * §17.2.3 (RFC 2543 clients): "the Request-URI, To tag, From tag, Call-ID, CSeq, and top Via
 * header field match those of the INVITE request which created the transaction"; for other
 * methods the same with the CSeq method, which equals the request method.
 */
function rfc2543Key(request: SipRequest, method: string, toTag: string | undefined): string {
  return (
    request.uri.raw +
    SEP +
    (toTag ?? '') +
    SEP +
    (request.from.tag ?? '') +
    SEP +
    request.callId +
    SEP +
    String(request.cseq.seq) +
    SEP +
    request.via[0].raw +
    SEP +
    method
  );
}
