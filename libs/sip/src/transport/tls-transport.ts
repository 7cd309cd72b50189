// SIP over TLS (RFC 3261 §18, §26.3.1): the same framing as TCP inside a TLS session.

import type { Socket } from 'node:net';
import { connect, createServer } from 'node:tls';

import { StreamSocketFactory, StreamTransport, StreamTransportOptions } from './stream-transport';
import type { TransportEvents } from './transport';

/** A peer that connects but never finishes the handshake is dropped after this long. */
export const DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

export interface TlsTransportOptions extends StreamTransportOptions {
  /** PEM certificate chain, ours. */
  readonly cert: string | Buffer;
  /** PEM private key of `cert`. */
  readonly key: string | Buffer;
  /** PEM CA certificates trusted for connections we open (§18.2.2); node's defaults otherwise. */
  readonly ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  /** Verify the certificate of a peer we connect to; default true. */
  readonly rejectUnauthorized?: boolean;
  readonly handshakeTimeoutMs?: number;
}

function tlsSockets(options: TlsTransportOptions): StreamSocketFactory {
  const ca =
    options.ca === undefined ? undefined : ([] as Array<string | Buffer>).concat(options.ca);
  return {
    protocol: 'tls',
    createServer: (onSocket) => {
      const server = createServer(
        {
          cert: options.cert,
          key: options.key,
          handshakeTimeout: options.handshakeTimeoutMs ?? DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS,
        },
        (socket: Socket) => onSocket(socket),
      );
      // A failed handshake concerns one client only; node destroys its socket.
      server.on('tlsClientError', () => undefined);
      return server;
    },
    connect: (address, port) =>
      connect({
        host: address,
        port,
        ca,
        rejectUnauthorized: options.rejectUnauthorized ?? true,
      }),
  };
}

/** Listens for and opens TLS connections carrying SIP. */
export class TlsTransport extends StreamTransport {
  constructor(options: TlsTransportOptions, events: TransportEvents) {
    super(options, events, tlsSockets(options));
  }
}
