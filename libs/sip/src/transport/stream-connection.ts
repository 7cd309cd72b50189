// One TCP or TLS connection: a socket, its framer, its idle timer. Shared by both stream
// transports; the registry and routing live in stream-transport.ts.

import type { Socket } from 'node:net';

import { StreamFramer } from './stream-framer';
import type {
  InboundHandler,
  SipEndpoint,
  StreamCloseReason,
  TransportProtocol,
} from './transport';

/** RFC 5626 §3.5.1: the pong answering a CRLFCRLF ping. */
const PONG = Buffer.from('\r\n', 'latin1');

export interface StreamConnectionOptions {
  readonly maxHeaderBytes: number;
  readonly maxBodyBytes: number;
  readonly idleTimeoutMs: number;
  /** send() refuses a message while this much is already queued for a slow reader. */
  readonly maxWriteBufferBytes: number;
}

export interface StreamConnectionHooks {
  readonly onMessage: InboundHandler;
  /** A close we initiated, with why; counted by the transport's owner. Must not throw. */
  readonly onStreamClosed: (reason: StreamCloseReason, remote: SipEndpoint) => void;
  /** The socket is gone, whoever closed it; the transport unregisters the connection. */
  readonly onGone: (connection: StreamConnection) => void;
}

export type ConnectionDirection = 'inbound' | 'outbound';

export class StreamConnection {
  private readonly framer: StreamFramer;
  private closing = false;

  constructor(
    private readonly socket: Socket,
    readonly remote: SipEndpoint & { readonly connectionId: number },
    readonly direction: ConnectionDirection,
    private readonly options: StreamConnectionOptions,
    private readonly hooks: StreamConnectionHooks,
  ) {
    this.framer = new StreamFramer(
      {
        onMessage: (data) => this.deliver(data),
        onPing: () => this.pong(),
        onError: (reason) => this.close(reason),
      },
      options,
    );
    socket.setNoDelay(true);
    // Read and write activity both re-arm it; §18.2.2 connections we open are bounded the same way.
    socket.setTimeout(options.idleTimeoutMs);
    socket.on('data', (chunk: Buffer) => this.framer.push(chunk));
    socket.on('timeout', () => this.close('idle'));
    // An error on one connection only ends that connection; 'close' follows it.
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this.gone());
  }

  get id(): number {
    return this.remote.connectionId;
  }

  get protocol(): TransportProtocol {
    return this.remote.protocol;
  }

  /** True while messages can still be handed to the socket. */
  get writable(): boolean {
    return !this.closing && !this.socket.destroyed && this.socket.writable;
  }

  /** Queues one message; false when the connection is closing or the peer is not reading. */
  write(data: Buffer): boolean {
    if (!this.writable) return false;
    if (this.socket.writableLength + data.length > this.options.maxWriteBufferBytes) return false;
    try {
      this.socket.write(data);
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the connection now and reports why. Idempotent. */
  close(reason: StreamCloseReason): void {
    if (this.closing) return;
    this.closing = true;
    this.framer.stop();
    this.socket.destroy();
    this.hooks.onStreamClosed(reason, this.remote);
  }

  private deliver(data: Buffer): void {
    try {
      this.hooks.onMessage({ data, source: this.remote, receivedAt: process.hrtime.bigint() });
    } catch {
      // onMessage must not throw; if it does, the next message on the stream still gets framed.
    }
  }

  private pong(): void {
    if (this.writable) this.socket.write(PONG);
  }

  private gone(): void {
    this.closing = true;
    this.framer.stop();
    this.hooks.onGone(this);
  }
}
