// The transport seam (RFC 3261 §18). Transports move whole messages; they know framing and
// sockets, nothing about transactions. Model: SIP.js core/transport.ts.

export type TransportProtocol = 'udp' | 'tcp' | 'tls';

/** A remote party as the transport layer sees it. */
export interface SipEndpoint {
  readonly protocol: TransportProtocol;
  /** IPv4 dotted quad or IPv6 text without brackets. */
  readonly address: string;
  readonly port: number;
  /**
   * Stream transports: the connection the message arrived on. Responses go back over it
   * while it is open (§18.2.2); otherwise the transport opens one to address:port.
   */
  readonly connectionId?: number;
}

/** One complete message as received: a datagram, or one Content-Length-framed message of a stream. */
export interface InboundPacket {
  readonly data: Buffer;
  readonly source: SipEndpoint;
  /** process.hrtime.bigint() when the transport read it; for latency metrics. */
  readonly receivedAt: bigint;
}

export type InboundHandler = (packet: InboundPacket) => void;

/** Why a stream connection was closed by us; a metric label. */
export type StreamCloseReason =
  'garbage' | 'header-too-large' | 'body-too-large' | 'idle' | 'connection-limit' | 'shutdown';

/** The close reasons a stream framer reports: the byte stream cannot be framed any further. */
export type FramingError = Extract<
  StreamCloseReason,
  'garbage' | 'header-too-large' | 'body-too-large'
>;

export interface TransportEvents {
  /** A complete message arrived. Must not throw; runs on the hot path. */
  readonly onMessage: InboundHandler;
  /** Counted for metrics; optional. */
  readonly onStreamClosed?: (reason: StreamCloseReason, remote: SipEndpoint) => void;
}

export interface SipTransport {
  readonly protocol: TransportProtocol;
  /** Binds; resolves with the bound address (port 0 in config = an ephemeral port, for tests). */
  listen(): Promise<{ address: string; port: number }>;
  /**
   * Hands one serialized message to the socket. Never throws: returns false when it could not
   * be sent (connection gone and reconnect impossible, socket closed, message too large).
   */
  send(destination: SipEndpoint, data: Buffer): boolean;
  /** Stops accepting, closes connections, resolves when the sockets are closed. */
  close(): Promise<void>;
}
