// Test-only helpers for the transport specs: bounded polling and a recording of events.

import type { Socket } from 'node:net';

import type { InboundPacket, SipEndpoint, StreamCloseReason, TransportEvents } from './transport';

/** Retries `assertion` until it passes or `timeoutMs` runs out; then rethrows its last error. */
export async function eventually(
  assertion: () => void,
  timeoutMs = 3000,
  intervalMs = 5,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      assertion();
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

export interface RecordedEvents extends TransportEvents {
  readonly packets: InboundPacket[];
  readonly closes: Array<{ reason: StreamCloseReason; remote: SipEndpoint }>;
  texts(): string[];
}

export function recordEvents(): RecordedEvents {
  const packets: InboundPacket[] = [];
  const closes: Array<{ reason: StreamCloseReason; remote: SipEndpoint }> = [];
  return {
    packets,
    closes,
    onMessage: (packet) => packets.push(packet),
    onStreamClosed: (reason, remote) => closes.push({ reason, remote }),
    texts: () => packets.map((p) => p.data.toString('latin1')),
  };
}

/** Everything a client socket receives, and whether the far end has closed it. */
export interface ClientRecording {
  readonly socket: Socket;
  received(): string;
  readonly state: { closed: boolean };
}

export function recordClient(socket: Socket): ClientRecording {
  const chunks: Buffer[] = [];
  const state = { closed: false };
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => undefined);
  socket.on('close', () => {
    state.closed = true;
  });
  return { socket, state, received: () => Buffer.concat(chunks).toString('latin1') };
}

export function sipMessage(method: string, callId: string, body = ''): string {
  return (
    `${method} sip:+12025550123@gw.example.net SIP/2.0\r\n` +
    'Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK-' +
    callId +
    '\r\n' +
    `Call-ID: ${callId}\r\n` +
    `CSeq: 1 ${method}\r\n` +
    `Content-Length: ${Buffer.byteLength(body, 'latin1')}\r\n` +
    '\r\n' +
    body
  );
}
