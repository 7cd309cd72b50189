import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedKafkaError, INSTALL_HINT } from './embedded-kafka.error';
import {
  checkJava,
  checkMaven,
  checkPortsFree,
  findFreePortPair,
  isPortFree,
  parseJavaMajor,
} from './preflight';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A fake `java` that prints `version` the way `java -version` does (on stderr). */
function fakeJava(version: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fake-java-')), 'java');
  writeFileSync(file, `#!/bin/sh\necho '${version}' >&2\n`);
  chmodSync(file, 0o755);
  return file;
}

describe(parseJavaMajor.name, () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_392"', 8],
    ['no version here', undefined],
  ])('should read %j as %p', (output, major) => {
    expect(parseJavaMajor(output)).toBe(major);
  });
});

describe(checkJava.name, () => {
  it('should say what to install when java is missing', async () => {
    const error = await checkJava('/nonexistent/bin/java').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddedKafkaError);
    expect(error).toMatchObject({ code: 'java-missing' });
    expect((error as Error).message).toContain(INSTALL_HINT);
    expect(INSTALL_HINT).toBe(
      'install openjdk-17-jre-headless and maven, or set KAFKA_BROKERS to an existing cluster',
    );
  });

  it('should name the version found and the one needed when java is older than 17', async () => {
    const error = await checkJava(fakeJava('openjdk version "11.0.20" 2023-07-18')).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'java-too-old' });
    expect((error as Error).message).toMatch(
      /needs Java 17\+, .* is Java 11: install openjdk-17-jre-headless/,
    );
  });

  it('should resolve the major version when java is 17 or newer', async () => {
    await expect(checkJava(fakeJava('openjdk version "21.0.2" 2024-01-16'))).resolves.toBe(21);
  });
});

describe(checkMaven.name, () => {
  it('should say what to install when mvn is missing', () => {
    expect(() => checkMaven('/nonexistent/bin/mvn')).toThrow(
      /mvn not found .*install openjdk-17-jre-headless and maven, or set KAFKA_BROKERS/,
    );
  });
});

describe(checkPortsFree.name, () => {
  it('should name the port and what to do when the listener port is in use', async () => {
    const port = await findFreePortPair();
    const server = await listen(port);
    try {
      const error = await checkPortsFree(port).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'port-in-use' });
      expect((error as Error).message).toContain(`port ${port} on 127.0.0.1 is in use`);
      expect((error as Error).message).toMatch(
        /set KAFKA_PORT to another port, or set KAFKA_BROKERS/,
      );
    } finally {
      await close(server);
    }
  });

  it('should name the controller port when port + 1 is in use', async () => {
    const port = await findFreePortPair();
    const server = await listen(port + 1);
    try {
      await expect(checkPortsFree(port)).rejects.toThrow(
        `port ${port + 1} on 127.0.0.1 is in use, needed by the embedded Kafka controller listener`,
      );
    } finally {
      await close(server);
    }
  });

  it('should resolve when both ports are free', async () => {
    const port = await findFreePortPair();
    await expect(checkPortsFree(port)).resolves.toBeUndefined();
    await expect(isPortFree(port)).resolves.toBe(true);
  });
});
