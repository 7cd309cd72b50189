// Typed fakes for the transaction layer's edges: the response channel (an I/O edge) and the
// transaction user. They record what happened, with the (fake) clock, for assertions.
import type { SipEndpoint } from '../../transport/transport';
import type {
  ResponseChannel,
  ServerTransactionHandle,
  ServerTransactionUser,
} from '../transaction-user';

export interface SentResponse {
  readonly destination: SipEndpoint;
  readonly wire: Buffer;
  readonly status: number;
  /** Date.now() when sent (Jest fake timers drive it). */
  readonly at: number;
}

export class RecordingChannel implements ResponseChannel {
  readonly sent: SentResponse[] = [];

  send(destination: SipEndpoint, wire: Buffer): void {
    this.sent.push({ destination, wire, status: statusOf(wire), at: Date.now() });
  }

  statuses(): number[] {
    return this.sent.map((s) => s.status);
  }

  /** Send times relative to `start`. */
  times(start: number): number[] {
    return this.sent.map((s) => s.at - start);
  }

  last(): SentResponse {
    const last = this.sent[this.sent.length - 1];
    if (last === undefined) throw new Error('nothing was sent');
    return last;
  }

  /** Value of the first header `name` (case-insensitive) in the response `index`. */
  header(index: number, name: string): string | undefined {
    const lines = this.sent[index].wire.toString('latin1').split('\r\n');
    const prefix = `${name.toLowerCase()}:`;
    const line = lines.find((l) => l.toLowerCase().startsWith(prefix));
    return line?.slice(prefix.length).trim();
  }
}

export class RecordingTransactionUser implements ServerTransactionUser {
  readonly requests: ServerTransactionHandle[] = [];
  readonly cancelled: ServerTransactionHandle[] = [];

  onRequest(tx: ServerTransactionHandle): void {
    this.requests.push(tx);
  }

  onInviteCancelled(tx: ServerTransactionHandle): void {
    this.cancelled.push(tx);
  }
}

function statusOf(wire: Buffer): number {
  const match = /^SIP\/2\.0 (\d{3}) /.exec(wire.toString('latin1', 0, 16));
  if (match === null) throw new Error('not a response');
  return Number(match[1]);
}

export const UDP_SOURCE: SipEndpoint = Object.freeze({
  protocol: 'udp',
  address: '192.0.2.10',
  port: 5060,
});

export const TCP_SOURCE: SipEndpoint = Object.freeze({
  protocol: 'tcp',
  address: '192.0.2.10',
  port: 40312,
  connectionId: 7,
});
