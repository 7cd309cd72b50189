// SIP over UDP (RFC 3261 §18): one datagram is one message; no framing, no connections.

import { createSocket, Socket } from 'node:dgram';

import { isIPv6Host, isValidPort, normalizeAddress } from './socket-address';
import type { SipEndpoint, SipTransport, TransportEvents } from './transport';

/**
 * Socket buffers asked of the kernel. A 5,000 INVITE/s burst of ~1 KiB messages is ~5 MB/s;
 * 4 MiB absorbs close to a second of it while the event loop is busy. Linux caps the request at
 * net.core.rmem_max / wmem_max, so raise those sysctls on the host as well.
 */
export const DEFAULT_UDP_BUFFER_BYTES = 4 * 1024 * 1024;
/** Largest UDP payload: 65,535 minus the IPv4 (20) or UDP (8) header. */
const MAX_UDP_PAYLOAD = { udp4: 65_507, udp6: 65_527 } as const;

export interface UdpTransportOptions {
  readonly host: string;
  readonly port: number;
  readonly recvBufferBytes?: number;
  readonly sendBufferBytes?: number;
}

type State = 'idle' | 'listening' | 'closed';

/** Receives and sends SIP datagrams on one socket. */
export class UdpTransport implements SipTransport {
  readonly protocol = 'udp';

  private readonly type: 'udp4' | 'udp6';
  private readonly socket: Socket;
  private state: State = 'idle';

  constructor(
    private readonly options: UdpTransportOptions,
    private readonly events: TransportEvents,
  ) {
    this.type = isIPv6Host(options.host) ? 'udp6' : 'udp4';
    this.socket = createSocket({ type: this.type });
    this.socket.on('message', (data, rinfo) => {
      try {
        this.events.onMessage({
          data,
          source: { protocol: 'udp', address: normalizeAddress(rinfo.address), port: rinfo.port },
          receivedAt: process.hrtime.bigint(),
        });
      } catch {
        // onMessage must not throw; one bad message must not stop the socket.
      }
    });
    this.socket.on('close', () => {
      this.state = 'closed';
    });
  }

  /** Kernel buffer sizes actually granted (Linux reports twice the request, capped by sysctl). */
  get bufferSizes(): { recv: number; send: number } | undefined {
    if (this.state !== 'listening') return undefined;
    return { recv: this.socket.getRecvBufferSize(), send: this.socket.getSendBufferSize() };
  }

  listen(): Promise<{ address: string; port: number }> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.socket.once('error', onError);
      this.socket.bind({ address: this.options.host, port: this.options.port }, () => {
        this.socket.off('error', onError);
        // ICMP errors and the like concern one datagram; the socket stays up.
        this.socket.on('error', () => undefined);
        this.state = 'listening';
        this.sizeBuffers();
        const bound = this.socket.address();
        resolve({ address: normalizeAddress(bound.address), port: bound.port });
      });
    });
  }

  send(destination: SipEndpoint, data: Buffer): boolean {
    if (this.state !== 'listening') return false;
    if (data.length > MAX_UDP_PAYLOAD[this.type] || !isValidPort(destination.port)) return false;
    try {
      // The callback takes asynchronous failures (EMSGSIZE, ENOBUFS, unreachable) off 'error'.
      this.socket.send(data, destination.port, normalizeAddress(destination.address), () => {});
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    if (this.state === 'closed') return Promise.resolve();
    return new Promise((resolve) => {
      try {
        this.socket.close(() => resolve());
        this.state = 'closed';
      } catch {
        // Never bound: dgram refuses to close a socket that is not running.
        this.state = 'closed';
        resolve();
      }
    });
  }

  private sizeBuffers(): void {
    // Set after bind (dgram needs a bound socket); a refusal leaves the kernel default.
    try {
      this.socket.setRecvBufferSize(this.options.recvBufferBytes ?? DEFAULT_UDP_BUFFER_BYTES);
    } catch {
      // Keep the default size.
    }
    try {
      this.socket.setSendBufferSize(this.options.sendBufferBytes ?? DEFAULT_UDP_BUFFER_BYTES);
    } catch {
      // Keep the default size.
    }
  }
}
