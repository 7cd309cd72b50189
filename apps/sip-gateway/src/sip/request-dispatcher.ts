// The transaction user: what the gateway does with each new request (DESIGN.md §3).
import type { PeerProfile } from '@app/config';
import type { ServerTransactionHandle, ServerTransactionUser } from '@app/sip';
import type { PeerDirectory } from '../peers/peer-directory';
import type { InviteHandler } from './invite-handler';
import type { ResponseSender } from './response-sender';

/** Methods a redirect server understands (ACK and CANCEL are the transaction layer's). */
const ALLOW = 'INVITE, ACK, CANCEL, OPTIONS';

export class RequestDispatcher implements ServerTransactionUser {
  constructor(
    private readonly peers: PeerDirectory,
    private readonly invites: InviteHandler,
    private readonly sender: ResponseSender,
  ) {}

  onRequest(tx: ServerTransactionHandle): void {
    const peer = this.peers.lookup(tx.source.address);
    if (!peer) {
      // The server refuses strangers before the transaction layer; this is a second fence.
      this.sender.respond(tx, 403, 'Forbidden');
      return;
    }
    if (this.refusedByPeerOptions(tx, peer)) return;
    switch (tx.request.method) {
      case 'INVITE':
        this.invites.handle(tx, peer);
        return;
      case 'OPTIONS':
        // §11.2: capabilities; we take no bodies and support no extensions.
        this.sender.respond(tx, 200, 'OK', [
          ['Allow', ALLOW],
          ['Accept', 'application/sdp'],
          ['Supported', ''],
        ]);
        return;
      default:
        this.sender.respond(tx, 405, 'Method Not Allowed', [['Allow', ALLOW]]);
    }
  }

  onInviteCancelled(tx: ServerTransactionHandle): void {
    this.invites.cancel(tx);
  }

  /** §8.3 lets a redirect server ignore Require and Max-Forwards: 0; some peers want them enforced. */
  private refusedByPeerOptions(tx: ServerTransactionHandle, peer: PeerProfile): boolean {
    const request = tx.request;
    if (peer.maxForwardsZero === 'reject' && request.maxForwards === 0) {
      this.sender.respond(tx, 483, 'Too Many Hops');
      return true;
    }
    if (peer.unknownRequire === 'reject' && request.headers.has('require')) {
      // We support no option tags, so every required one is unknown (§8.2.2.3).
      const tags = request.headers.getAll('require').join(', ');
      this.sender.respond(tx, 420, 'Bad Extension', [['Unsupported', tags]]);
      return true;
    }
    return false;
  }
}
