import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedKafka } from './embedded-kafka';
import { findFreePortPair } from './preflight';

// Start-up failures that need no Java and no broker; the broker itself is proven by test/kafka.
describe(EmbeddedKafka.name, () => {
  const dataDir = (): string => mkdtempSync(join(tmpdir(), 'embedded-kafka-'));

  it('should reject at once, naming the port, when the port is in use', async () => {
    const port = await findFreePortPair();
    const server: Server = await new Promise((resolve) => {
      const s = createServer().listen(port, '127.0.0.1', () => resolve(s));
    });
    try {
      const kafka = new EmbeddedKafka({ dataDir: dataDir(), port, javaBin: '/nonexistent/java' });
      await expect(kafka.start()).rejects.toMatchObject({
        code: 'port-in-use',
        message: expect.stringContaining(`port ${port} on 127.0.0.1 is in use`) as unknown,
      });
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it('should reject at once with what to install when java is missing', async () => {
    const kafka = new EmbeddedKafka({
      dataDir: dataDir(),
      port: await findFreePortPair(),
      javaBin: '/nonexistent/java',
    });
    await expect(kafka.start()).rejects.toThrow(
      'java not found (/nonexistent/java): install openjdk-17-jre-headless and maven, or set KAFKA_BROKERS to an existing cluster',
    );
  });

  it('should resolve at once when stopped before it was started', async () => {
    await expect(new EmbeddedKafka({ dataDir: dataDir() }).stop()).resolves.toBeUndefined();
  });
});
