import { createSocket, Socket } from 'node:dgram';

import { eventually, recordEvents } from './transport-test-helpers';
import { UdpTransport } from './udp-transport';

const OPTIONS =
  'OPTIONS sip:gw.example.net SIP/2.0\r\n' +
  'Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK1\r\n' +
  'Content-Length: 0\r\n\r\n';

function bindClient(): Promise<Socket> {
  const client = createSocket('udp4');
  return new Promise((resolve) => client.bind(0, '127.0.0.1', () => resolve(client)));
}

describe(UdpTransport.name, () => {
  let transport: UdpTransport;
  let client: Socket;
  let port: number;
  const events = recordEvents();

  beforeEach(async () => {
    events.packets.length = 0;
    transport = new UdpTransport({ host: '127.0.0.1', port: 0 }, events);
    ({ port } = await transport.listen());
    client = await bindClient();
  });

  afterEach(async () => {
    await transport.close();
    await new Promise<void>((resolve) => client.close(() => resolve()));
  });

  it('should bind an ephemeral port when the configured port is 0', () => {
    expect(port).toBeGreaterThan(0);
  });

  it('should deliver the message with its source when a datagram arrives', async () => {
    const before = process.hrtime.bigint();
    client.send(OPTIONS, port, '127.0.0.1');
    await eventually(() => expect(events.packets).toHaveLength(1));
    const [packet] = events.packets;
    expect(packet.data.toString('latin1')).toBe(OPTIONS);
    expect(packet.source).toEqual({
      protocol: 'udp',
      address: '127.0.0.1',
      port: client.address().port,
    });
    expect(packet.receivedAt).toBeGreaterThanOrEqual(before);
  });

  it('should receive the datagram whole when it is 60,000 bytes', async () => {
    const big = Buffer.alloc(60_000, 0x61);
    big.write(OPTIONS, 'latin1');
    client.send(big, port, '127.0.0.1');
    await eventually(() => expect(events.packets).toHaveLength(1));
    expect(events.packets[0].data.equals(big)).toBe(true);
  });

  it('should deliver every datagram when a burst arrives', async () => {
    for (let i = 0; i < 200; i += 1) client.send(OPTIONS, port, '127.0.0.1');
    await eventually(() => expect(events.packets).toHaveLength(200));
  });

  it('should size the socket buffers when sizes are configured', async () => {
    const sized = new UdpTransport(
      { host: '127.0.0.1', port: 0, recvBufferBytes: 128 * 1024, sendBufferBytes: 128 * 1024 },
      events,
    );
    await sized.listen();
    // Linux grants twice the request (bookkeeping), capped by net.core.rmem_max / wmem_max.
    expect(sized.bufferSizes?.recv).toBeGreaterThanOrEqual(128 * 1024);
    expect(sized.bufferSizes?.send).toBeGreaterThanOrEqual(128 * 1024);
    await sized.close();
  });

  it('should reach the client when send is called with its address', async () => {
    const received: string[] = [];
    client.on('message', (data) => received.push(data.toString('latin1')));
    const ok = transport.send(
      { protocol: 'udp', address: '127.0.0.1', port: client.address().port },
      Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n'),
    );
    expect(ok).toBe(true);
    await eventually(() =>
      expect(received).toEqual(['SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n']),
    );
  });

  it('should return false when sending after close', async () => {
    await transport.close();
    const ok = transport.send(
      { protocol: 'udp', address: '127.0.0.1', port: client.address().port },
      Buffer.from(OPTIONS),
    );
    expect(ok).toBe(false);
  });

  it('should return false when the message cannot fit in a datagram', () => {
    const ok = transport.send(
      { protocol: 'udp', address: '127.0.0.1', port: client.address().port },
      Buffer.alloc(65_508),
    );
    expect(ok).toBe(false);
  });

  it('should return false when the destination port is invalid', () => {
    expect(
      transport.send({ protocol: 'udp', address: '127.0.0.1', port: 0 }, Buffer.from('x')),
    ).toBe(false);
  });

  it('should keep receiving when the message handler throws', async () => {
    let calls = 0;
    const throwing = new UdpTransport(
      { host: '127.0.0.1', port: 0 },
      {
        onMessage: () => {
          calls += 1;
          throw new Error('handler bug');
        },
      },
    );
    const bound = await throwing.listen();
    client.send(OPTIONS, bound.port, '127.0.0.1');
    client.send(OPTIONS, bound.port, '127.0.0.1');
    await eventually(() => expect(calls).toBe(2));
    await throwing.close();
  });

  it('should reject listen when the port is taken', async () => {
    const second = new UdpTransport({ host: '127.0.0.1', port }, events);
    await expect(second.listen()).rejects.toThrow(/EADDRINUSE/);
    await second.close();
  });
});
