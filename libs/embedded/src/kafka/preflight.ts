// Checks that run before the broker is spawned, so a missing tool or a busy port fails at once
// with a message that says what to do, instead of a JVM stack trace or a hang.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, isAbsolute, join } from 'node:path';
import { BROKER_HOST } from './broker-properties';
import { EmbeddedKafkaError, INSTALL_HINT } from './embedded-kafka.error';

/** Kafka 4 needs Java 17. */
export const MIN_JAVA_MAJOR = 17;

/** `openjdk version "17.0.15" …` or `java version "1.8.0_392"` → 17 or 8. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/** Resolves the Java major version, or rejects with `java-missing` / `java-too-old`. */
export function checkJava(javaBin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(javaBin, ['-version'], { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error) {
        reject(
          new EmbeddedKafkaError('java-missing', `java not found (${javaBin}): ${INSTALL_HINT}`),
        );
        return;
      }
      const major = parseJavaMajor(`${stderr}\n${stdout}`);
      if (major === undefined || major < MIN_JAVA_MAJOR) {
        const found = major === undefined ? 'an unknown version' : `Java ${major}`;
        const hint = `Apache Kafka 4 needs Java ${MIN_JAVA_MAJOR}+, ${javaBin} is ${found}`;
        reject(new EmbeddedKafkaError('java-too-old', `${hint}: ${INSTALL_HINT}`));
        return;
      }
      resolve(major);
    });
  });
}

/** The path of an executable on PATH (or the absolute path given), or undefined. */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | undefined {
  const candidates = isAbsolute(name)
    ? [name]
    : path.split(delimiter).map((dir) => join(dir, name));
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export function checkMaven(mvnBin: string): string {
  const found = findExecutable(mvnBin);
  if (!found) {
    throw new EmbeddedKafkaError(
      'maven-missing',
      `mvn not found (${mvnBin}); it fetches the broker once from Maven Central: ${INSTALL_HINT}`,
    );
  }
  return found;
}

/** Whether `port` can be bound on 127.0.0.1 right now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: BROKER_HOST, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}

/** Rejects with `port-in-use` naming the port and its role when either listener port is taken. */
export async function checkPortsFree(port: number): Promise<void> {
  const roles: Array<[number, string]> = [
    [port, 'the embedded Kafka listener (KAFKA_PORT)'],
    [port + 1, 'the embedded Kafka controller listener (KAFKA_PORT + 1)'],
  ];
  for (const [candidate, role] of roles) {
    if (!(await isPortFree(candidate))) {
      throw new EmbeddedKafkaError(
        'port-in-use',
        `port ${candidate} on ${BROKER_HOST} is in use, needed by ${role}: stop what holds it ` +
          `(ss -ltnp 'sport = :${candidate}'), set KAFKA_PORT to another port, or set ` +
          'KAFKA_BROKERS to an existing cluster',
      );
    }
  }
}

/** A port p with p and p + 1 both free on 127.0.0.1 (for tests); bounded attempts. */
export async function findFreePortPair(attempts = 20): Promise<number> {
  for (let i = 0; i < attempts; i += 1) {
    const port = await ephemeralPort();
    if (port < 65_535 && (await isPortFree(port + 1))) return port;
  }
  throw new Error(`no two consecutive free ports on ${BROKER_HOST} after ${attempts} attempts`);
}

function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: BROKER_HOST }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
