// SIP over TCP (RFC 3261 §18): Content-Length framing, limits and routing in StreamTransport.

import { connect, createServer } from 'node:net';

import { StreamSocketFactory, StreamTransport, StreamTransportOptions } from './stream-transport';
import type { TransportEvents } from './transport';

export type TcpTransportOptions = StreamTransportOptions;

const tcpSockets: StreamSocketFactory = {
  protocol: 'tcp',
  createServer: (onSocket) => createServer({ noDelay: true }, onSocket),
  connect: (address, port) => connect({ host: address, port, noDelay: true }),
};

/** Listens for and opens TCP connections carrying SIP. */
export class TcpTransport extends StreamTransport {
  constructor(options: TcpTransportOptions, events: TransportEvents) {
    super(options, events, tcpSockets);
  }
}
