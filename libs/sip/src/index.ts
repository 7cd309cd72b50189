// The public API of libs/sip: a framework-free SIP stack (node built-ins only).
export type {
  CSeq,
  HeaderField,
  NameAddr,
  SipHeaders,
  SipMessage,
  SipParams,
  SipRequest,
  SipResponse,
  SipUri,
  Via,
} from './message';
export { SipParseError, type ParseOutcome, type SipParseErrorCode } from './parse-error';
export { SipHeaderTable, splitHeaderList } from './sip-headers';
export { buildResponse, type ResponseInput, type ResponseOptions } from './response-builder';

export { parseMessage, MAX_HEAD_BYTES } from './parser/message-parser';
export { parseUri } from './parser/uri';
export { parseNameAddr } from './parser/name-addr';
export { parseVia } from './parser/via';
export { canonicalHeaderName } from './parser/compact-forms';

export * from './transport/transport';
export {
  UdpTransport,
  DEFAULT_UDP_BUFFER_BYTES,
  type UdpTransportOptions,
} from './transport/udp-transport';
export { TcpTransport, type TcpTransportOptions } from './transport/tcp-transport';
export {
  TlsTransport,
  DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS,
  type TlsTransportOptions,
} from './transport/tls-transport';
export {
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_CONNECTIONS_PER_SOURCE,
  DEFAULT_MAX_WRITE_BUFFER_BYTES,
  type StreamTransportOptions,
} from './transport/stream-transport';
export {
  StreamFramer,
  DEFAULT_MAX_HEADER_BYTES,
  DEFAULT_MAX_BODY_BYTES,
  type StreamFramerOptions,
} from './transport/stream-framer';
export { responseDestination, DEFAULT_SIP_PORTS } from './transport/response-routing';

export {
  DEFAULT_SIP_TIMERS,
  serverTransactionTimers,
  type SipTimerConfig,
  type ServerTransactionTimers,
} from './transaction/timers';
export type {
  ResponseChannel,
  ServerTransactionHandle,
  ServerTransactionUser,
  TransactionEvent,
} from './transaction/transaction-user';
export { TransactionLayer, type TransactionLayerOptions } from './transaction/transaction-layer';
export { MAGIC_COOKIE, serverTransactionKey } from './transaction/transaction-key';
