import { connect as connectTcp, Socket } from 'node:net';
import { connect, createServer, Server, TLSSocket } from 'node:tls';

import { generate } from 'selfsigned';

import { TlsTransport } from './tls-transport';
import {
  ClientRecording,
  eventually,
  recordClient,
  recordEvents,
  RecordedEvents,
  sipMessage,
} from './transport-test-helpers';

const OPTIONS = sipMessage('OPTIONS', 'tls-1');
const OK = Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n', 'latin1');

describe(TlsTransport.name, () => {
  let cert: string;
  let key: string;
  let transport: TlsTransport;
  let events: RecordedEvents;
  let port: number;
  const sockets: Socket[] = [];
  const servers: Server[] = [];

  beforeAll(async () => {
    // A throwaway certificate for 127.0.0.1, valid for both our server and a fake UAC's.
    const pems = await generate([{ name: 'commonName', value: 'sip-gateway.test' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
      ],
    });
    cert = pems.cert;
    key = pems.private;
  });

  beforeEach(async () => {
    events = recordEvents();
    transport = new TlsTransport({ host: '127.0.0.1', port: 0, cert, key, ca: cert }, events);
    ({ port } = await transport.listen());
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await transport.close();
    for (const server of servers.splice(0)) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  async function tlsClient(): Promise<ClientRecording & { socket: TLSSocket }> {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false });
    sockets.push(socket);
    const recording = recordClient(socket);
    await new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()));
    return { ...recording, socket };
  }

  it('should reply over the same connection when a client sends a message', async () => {
    const c = await tlsClient();
    c.socket.write(OPTIONS);
    await eventually(() => expect(events.texts()).toEqual([OPTIONS]));
    const { source } = events.packets[0];
    expect(source).toMatchObject({
      protocol: 'tls',
      address: '127.0.0.1',
      port: c.socket.localPort,
    });
    expect(typeof source.connectionId).toBe('number');
    expect(transport.send(source, OK)).toBe(true);
    await eventually(() => expect(c.received()).toBe(OK.toString('latin1')));
  });

  it('should close the connection as garbage when junk arrives inside the session', async () => {
    const c = await tlsClient();
    c.socket.write('\x00\x01binary');
    await eventually(() => expect(c.state.closed).toBe(true));
    expect(events.closes.map((e) => e.reason)).toEqual(['garbage']);
  });

  it('should open a verified TLS connection when the original one has closed', async () => {
    const received: Buffer[] = [];
    const uac = createServer({ cert, key }, (socket) => {
      sockets.push(socket);
      socket.on('data', (chunk: Buffer) => received.push(chunk));
    });
    servers.push(uac);
    await new Promise<void>((resolve) => uac.listen(0, '127.0.0.1', () => resolve()));
    const address = uac.address();
    const uacPort = typeof address === 'object' && address !== null ? address.port : 0;

    expect(
      transport.send(
        { protocol: 'tls', address: '127.0.0.1', port: uacPort, connectionId: 999_999 },
        OK,
      ),
    ).toBe(true);
    await eventually(() => expect(Buffer.concat(received).equals(OK)).toBe(true));
  });

  it('should not deliver to a peer when its certificate is not trusted', async () => {
    const untrusting = new TlsTransport({ host: '127.0.0.1', port: 0, cert, key }, events);
    await untrusting.listen();
    const accepted: Socket[] = [];
    const uac = createServer({ cert, key }, (socket) => accepted.push(socket));
    uac.on('tlsClientError', () => undefined);
    servers.push(uac);
    await new Promise<void>((resolve) => uac.listen(0, '127.0.0.1', () => resolve()));
    const address = uac.address();
    const uacPort = typeof address === 'object' && address !== null ? address.port : 0;

    expect(untrusting.send({ protocol: 'tls', address: '127.0.0.1', port: uacPort }, OK)).toBe(
      true,
    );
    await eventually(() => expect(untrusting.connectionCount).toBe(0));
    expect(accepted).toEqual([]);
    await untrusting.close();
  });

  it('should survive a client that does not speak TLS when it connects', async () => {
    const plain = connectTcp({ host: '127.0.0.1', port });
    sockets.push(plain);
    const recording = recordClient(plain);
    plain.write(OPTIONS);
    await eventually(() => expect(recording.state.closed).toBe(true));
    expect(events.packets).toEqual([]);
    const c = await tlsClient();
    c.socket.write(OPTIONS);
    await eventually(() => expect(events.texts()).toEqual([OPTIONS]));
  });
});
