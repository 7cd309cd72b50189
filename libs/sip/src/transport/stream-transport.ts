// What TCP and TLS share (RFC 3261 §18): accepting, connection limits, the connection registry,
// and §18.2.2 response routing over the connection a request came in on. The two transports
// differ only in how a server and an outgoing socket are made (StreamSocketFactory).

import type { AddressInfo, Server, Socket } from 'node:net';

import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_HEADER_BYTES } from './stream-framer';
import { StreamConnection, StreamConnectionOptions } from './stream-connection';
import { isValidPort, normalizeAddress } from './socket-address';
import type { SipEndpoint, SipTransport, StreamCloseReason, TransportEvents } from './transport';

/** A quiet connection is closed after this long (a registration refresh is usually shorter). */
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
/** Accepted connections at once; bounds descriptors and buffered bytes (≤ 80 KiB each). */
export const DEFAULT_MAX_CONNECTIONS = 4096;
/** Accepted connections from one address; a peer SBC needs a handful, not hundreds. */
export const DEFAULT_MAX_CONNECTIONS_PER_SOURCE = 64;
/** Bytes queued for a peer that does not read before send() starts refusing messages. */
export const DEFAULT_MAX_WRITE_BUFFER_BYTES = 1024 * 1024;

export interface StreamTransportOptions {
  readonly host: string;
  readonly port: number;
  readonly maxHeaderBytes?: number;
  readonly maxBodyBytes?: number;
  readonly idleTimeoutMs?: number;
  readonly maxConnections?: number;
  readonly maxConnectionsPerSource?: number;
  readonly maxWriteBufferBytes?: number;
}

/** How one stream protocol makes its sockets. */
export interface StreamSocketFactory {
  readonly protocol: 'tcp' | 'tls';
  /** A server that calls onSocket for each connection ready to carry SIP. */
  createServer(onSocket: (socket: Socket) => void): Server;
  /** Starts an outgoing connection; writes before it is up are queued by node. */
  connect(address: string, port: number): Socket;
}

let nextConnectionId = 1;

export class StreamTransport implements SipTransport {
  readonly protocol: 'tcp' | 'tls';

  private readonly connectionOptions: StreamConnectionOptions;
  private readonly maxConnectionsPerSource: number;
  private readonly server: Server;
  private readonly connections = new Map<number, StreamConnection>();
  /** Latest open connection per `address|port`, for reuse when the original one is gone. */
  private readonly byRemote = new Map<string, StreamConnection>();
  private readonly inboundPerSource = new Map<string, number>();
  private shuttingDown = false;
  private onAllGone: (() => void) | undefined;

  constructor(
    private readonly options: StreamTransportOptions,
    private readonly events: TransportEvents,
    private readonly sockets: StreamSocketFactory,
  ) {
    this.protocol = sockets.protocol;
    this.connectionOptions = {
      maxHeaderBytes: options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      maxWriteBufferBytes: options.maxWriteBufferBytes ?? DEFAULT_MAX_WRITE_BUFFER_BYTES,
    };
    this.maxConnectionsPerSource =
      options.maxConnectionsPerSource ?? DEFAULT_MAX_CONNECTIONS_PER_SOURCE;
    this.server = sockets.createServer((socket) => this.accept(socket));
    // Node refuses sockets past this itself (before a TLS handshake costs anything) and says so.
    this.server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    this.server.on('drop', (dropped?: { remoteAddress?: string; remotePort?: number }) =>
      this.reportClosed('connection-limit', {
        protocol: this.protocol,
        address: normalizeAddress(dropped?.remoteAddress ?? ''),
        port: dropped?.remotePort ?? 0,
      }),
    );
  }

  /** Open connections, both directions; for tests and metrics. */
  get connectionCount(): number {
    return this.connections.size;
  }

  listen(): Promise<{ address: string; port: number }> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen({ host: this.options.host, port: this.options.port }, () => {
        this.server.off('error', onError);
        // Errors after binding concern single accepts; connections handle their own.
        this.server.on('error', () => undefined);
        const bound = this.server.address() as AddressInfo;
        resolve({ address: normalizeAddress(bound.address), port: bound.port });
      });
    });
  }

  send(destination: SipEndpoint, data: Buffer): boolean {
    if (this.shuttingDown) return false;
    // §18.2.2: "the server transport MUST send the response over the same connection".
    if (destination.connectionId !== undefined) {
      const same = this.connections.get(destination.connectionId);
      if (same?.writable) return same.write(data);
    }
    // §18.2.2: "If that connection is no longer open, the server SHOULD open a connection to the
    // IP address in the received parameter ... using the port in the sent-by value".
    const address = normalizeAddress(destination.address);
    const existing = this.byRemote.get(remoteKey(address, destination.port));
    if (existing?.writable) return existing.write(data);
    return this.dial(address, destination.port)?.write(data) ?? false;
  }

  close(): Promise<void> {
    this.shuttingDown = true;
    const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const connectionsGone = new Promise<void>((resolve) => {
      if (this.connections.size === 0) return resolve();
      this.onAllGone = resolve;
    });
    for (const connection of [...this.connections.values()]) connection.close('shutdown');
    return Promise.all([serverClosed, connectionsGone]).then(() => undefined);
  }

  private accept(socket: Socket): void {
    const address = normalizeAddress(socket.remoteAddress ?? '');
    const port = socket.remotePort ?? 0;
    const fromSource = this.inboundPerSource.get(address) ?? 0;
    if (this.shuttingDown || fromSource >= this.maxConnectionsPerSource) {
      socket.on('error', () => undefined);
      socket.destroy();
      const reason = this.shuttingDown ? 'shutdown' : 'connection-limit';
      this.reportClosed(reason, { protocol: this.protocol, address, port });
      return;
    }
    this.inboundPerSource.set(address, fromSource + 1);
    this.register(socket, address, port, 'inbound');
  }

  private dial(address: string, port: number): StreamConnection | undefined {
    if (address === '' || !isValidPort(port)) return undefined;
    let socket: Socket;
    try {
      socket = this.sockets.connect(address, port);
    } catch {
      return undefined;
    }
    return this.register(socket, address, port, 'outbound');
  }

  private register(
    socket: Socket,
    address: string,
    port: number,
    direction: 'inbound' | 'outbound',
  ): StreamConnection {
    const remote = { protocol: this.protocol, address, port, connectionId: nextConnectionId++ };
    const connection = new StreamConnection(socket, remote, direction, this.connectionOptions, {
      onMessage: this.events.onMessage,
      onStreamClosed: (reason, endpoint) => this.reportClosed(reason, endpoint),
      onGone: (gone) => this.unregister(gone),
    });
    this.connections.set(remote.connectionId, connection);
    this.byRemote.set(remoteKey(address, port), connection);
    return connection;
  }

  private unregister(connection: StreamConnection): void {
    if (!this.connections.delete(connection.id)) return;
    const key = remoteKey(connection.remote.address, connection.remote.port);
    if (this.byRemote.get(key) === connection) this.byRemote.delete(key);
    if (connection.direction === 'inbound') {
      const left = (this.inboundPerSource.get(connection.remote.address) ?? 1) - 1;
      if (left > 0) this.inboundPerSource.set(connection.remote.address, left);
      else this.inboundPerSource.delete(connection.remote.address);
    }
    if (this.connections.size === 0) this.onAllGone?.();
  }

  private reportClosed(reason: StreamCloseReason, remote: SipEndpoint): void {
    try {
      this.events.onStreamClosed?.(reason, remote);
    } catch {
      // Counting must not break socket handling.
    }
  }
}

function remoteKey(address: string, port: number): string {
  return `${address}|${port}`;
}
