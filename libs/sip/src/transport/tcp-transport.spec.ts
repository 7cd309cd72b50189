import { connect, createServer, Server, Socket } from 'node:net';

import { TcpTransport, TcpTransportOptions } from './tcp-transport';
import {
  eventually,
  recordClient,
  ClientRecording,
  recordEvents,
  RecordedEvents,
  sipMessage,
} from './transport-test-helpers';

const INVITE = sipMessage('INVITE', 'call-1', 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n');
const OPTIONS = sipMessage('OPTIONS', 'ping-1');
const OK = Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n', 'latin1');

describe(TcpTransport.name, () => {
  let transport: TcpTransport;
  let events: RecordedEvents;
  let port: number;
  const clients: Socket[] = [];
  const servers: Server[] = [];

  async function start(options: Partial<TcpTransportOptions> = {}): Promise<void> {
    events = recordEvents();
    transport = new TcpTransport({ host: '127.0.0.1', port: 0, ...options }, events);
    ({ port } = await transport.listen());
  }

  async function client(): Promise<ClientRecording> {
    const socket = connect({ host: '127.0.0.1', port, noDelay: true });
    clients.push(socket);
    const recording = recordClient(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return recording;
  }

  /** A UAC's own listener: where §18.2.2 opens a new connection to. */
  async function uacListener(): Promise<{ port: number; sockets: Socket[]; received(): string }> {
    const sockets: Socket[] = [];
    const chunks: Buffer[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      clients.push(socket);
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    const listenPort = typeof address === 'object' && address !== null ? address.port : 0;
    return { port: listenPort, sockets, received: () => Buffer.concat(chunks).toString('latin1') };
  }

  afterEach(async () => {
    for (const socket of clients.splice(0)) socket.destroy();
    await transport.close();
    for (const server of servers.splice(0)) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('should deliver both messages with the connection as source when one write holds two', async () => {
    await start();
    const c = await client();
    c.socket.write(INVITE + OPTIONS);
    await eventually(() => expect(events.texts()).toEqual([INVITE, OPTIONS]));
    const [first, second] = events.packets;
    expect(first.source).toMatchObject({
      protocol: 'tcp',
      address: '127.0.0.1',
      port: c.socket.localPort,
    });
    expect(typeof first.source.connectionId).toBe('number');
    expect(second.source).toBe(first.source);
  });

  it('should deliver one message when it is split across many writes', async () => {
    await start();
    const c = await client();
    const bytes = Buffer.from(INVITE, 'latin1');
    for (let i = 0; i < bytes.length; i += 7) {
      c.socket.write(bytes.subarray(i, i + 7));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await eventually(() => expect(events.texts()).toEqual([INVITE]));
  });

  it('should answer a pong when the client sends a keep-alive ping', async () => {
    await start();
    const c = await client();
    c.socket.write('\r\n\r\n');
    await eventually(() => expect(c.received()).toBe('\r\n'));
    expect(c.state.closed).toBe(false);
  });

  it('should send the response over the same connection when it is still open', async () => {
    await start();
    const c = await client();
    c.socket.write(OPTIONS);
    await eventually(() => expect(events.packets).toHaveLength(1));
    expect(transport.send(events.packets[0].source, OK)).toBe(true);
    await eventually(() => expect(c.received()).toBe(OK.toString('latin1')));
  });

  it.each([
    ['header-too-large', { maxHeaderBytes: 64 }, INVITE],
    ['body-too-large', { maxBodyBytes: 8 }, INVITE],
    ['garbage', {}, '\x16\x03\x01\x00\xa5\x01\x00\x00'],
    ['garbage', {}, 'INVITE sip:a@b SIP/2.0\r\nContent-Length: -4\r\n\r\n'],
  ] as const)(
    'should close the connection as %s when the stream breaks it',
    async (reason, options, data) => {
      await start(options);
      const c = await client();
      const clientPort = c.socket.localPort;
      c.socket.write(data);
      await eventually(() => expect(c.state.closed).toBe(true));
      expect(events.closes.map((e) => [e.reason, e.remote.protocol, e.remote.port])).toEqual([
        [reason, 'tcp', clientPort],
      ]);
      expect(events.packets).toEqual([]);
      await eventually(() => expect(transport.connectionCount).toBe(0));
    },
  );

  it('should close the connection as idle when nothing moves for idleTimeoutMs', async () => {
    await start({ idleTimeoutMs: 100 });
    const c = await client();
    c.socket.write(OPTIONS);
    await eventually(() => expect(c.state.closed).toBe(true));
    expect(events.texts()).toEqual([OPTIONS]);
    expect(events.closes.map((e) => e.reason)).toEqual(['idle']);
  });

  it('should open a new connection to address:port when the original one has closed', async () => {
    await start();
    const uac = await uacListener();
    const c = await client();
    c.socket.write(OPTIONS);
    await eventually(() => expect(events.packets).toHaveLength(1));
    const source = events.packets[0].source;
    c.socket.destroy();
    await eventually(() => expect(transport.connectionCount).toBe(0));

    const destination = { ...source, port: uac.port };
    expect(transport.send(destination, OK)).toBe(true);
    expect(transport.send(destination, OK)).toBe(true);
    await eventually(() => expect(uac.received()).toBe(OK.toString('latin1').repeat(2)));
    // Kept registered for reuse: both went over one new connection.
    expect(uac.sockets).toHaveLength(1);

    // A request arriving on the connection we opened is delivered with that connection as source.
    uac.sockets[0].write(OPTIONS);
    await eventually(() => expect(events.packets).toHaveLength(2));
    expect(events.packets[1].source).toMatchObject({
      protocol: 'tcp',
      address: '127.0.0.1',
      port: uac.port,
    });
    expect(typeof events.packets[1].source.connectionId).toBe('number');
    expect(events.packets[1].source.connectionId).not.toBe(source.connectionId);
  });

  it('should close a connection it opened when it stays idle', async () => {
    await start({ idleTimeoutMs: 100 });
    const uac = await uacListener();
    transport.send({ protocol: 'tcp', address: '127.0.0.1', port: uac.port }, OK);
    await eventually(() => expect(uac.sockets).toHaveLength(1));
    await eventually(() => expect(transport.connectionCount).toBe(0));
    expect(events.closes.map((e) => e.reason)).toEqual(['idle']);
  });

  it('should not throw when the new connection is refused', async () => {
    await start();
    const uac = await uacListener();
    const refusedPort = uac.port;
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));
    expect(transport.send({ protocol: 'tcp', address: '127.0.0.1', port: refusedPort }, OK)).toBe(
      true,
    );
    await eventually(() => expect(transport.connectionCount).toBe(0));
  });

  it('should return false when the destination cannot be dialled', async () => {
    await start();
    expect(transport.send({ protocol: 'tcp', address: '127.0.0.1', port: 0 }, OK)).toBe(false);
    expect(transport.send({ protocol: 'tcp', address: '', port: 5060 }, OK)).toBe(false);
  });

  it('should refuse the connection when the source already has maxConnectionsPerSource', async () => {
    await start({ maxConnectionsPerSource: 2 });
    const first = await client();
    const second = await client();
    const third = await client();
    await eventually(() => expect(third.state.closed).toBe(true));
    expect(events.closes.map((e) => [e.reason, e.remote.address])).toEqual([
      ['connection-limit', '127.0.0.1'],
    ]);
    expect(first.state.closed || second.state.closed).toBe(false);
    first.socket.destroy();
    await eventually(() => expect(transport.connectionCount).toBe(1));
    const fourth = await client();
    fourth.socket.write(OPTIONS);
    await eventually(() => expect(events.texts()).toEqual([OPTIONS]));
  });

  it('should refuse the connection when maxConnections are open', async () => {
    await start({ maxConnections: 1 });
    await client();
    const second = await client();
    await eventually(() => expect(second.state.closed).toBe(true));
    expect(events.closes.map((e) => e.reason)).toEqual(['connection-limit']);
  });

  it('should close every connection as shutdown when the transport closes', async () => {
    await start();
    const a = await client();
    const b = await client();
    await eventually(() => expect(transport.connectionCount).toBe(2));
    await transport.close();
    await eventually(() => expect(a.state.closed && b.state.closed).toBe(true));
    expect(events.closes.map((e) => e.reason)).toEqual(['shutdown', 'shutdown']);
    expect(transport.send({ protocol: 'tcp', address: '127.0.0.1', port }, OK)).toBe(false);
  });

  it('should keep framing when the message handler throws', async () => {
    events = recordEvents();
    let calls = 0;
    transport = new TcpTransport(
      { host: '127.0.0.1', port: 0 },
      {
        onMessage: () => {
          calls += 1;
          throw new Error('handler bug');
        },
      },
    );
    ({ port } = await transport.listen());
    const c = await client();
    c.socket.write(OPTIONS + OPTIONS);
    await eventually(() => expect(calls).toBe(2));
    expect(c.state.closed).toBe(false);
  });
});
