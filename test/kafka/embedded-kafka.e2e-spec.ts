// The embedded broker's own life cycle: a second start on a busy data dir, a bounded stop, a
// restart without re-formatting (also on another port), and no JVM left when its owner dies.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedKafka, findFreePortPair } from '@app/embedded';
import { Kafka, logLevel } from 'kafkajs';
import { eventually } from './support/kafka-test-client';

const ROOT = join(__dirname, '..', '..');
const STOP_BOUND_MS = 15_000; // EmbeddedKafka's default stopTimeoutMs, then SIGKILL

// Up to three broker starts per test, on 2 cores next to other suites.
jest.setTimeout(120_000);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function clusterIdOf(brokers: string): Promise<string> {
  const admin = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.describeCluster()).clusterId;
  } finally {
    await admin.disconnect();
  }
}

describe(EmbeddedKafka.name, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'embedded-kafka-e2e-'));
  const brokers: EmbeddedKafka[] = [];

  function broker(port: number): EmbeddedKafka {
    const kafka = new EmbeddedKafka({ dataDir, port });
    brokers.push(kafka);
    return kafka;
  }

  afterAll(async () => {
    await Promise.all(brokers.map((kafka) => kafka.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should refuse a second broker on the same data dir, stop within the bound, and restart on the same cluster', async () => {
    const first = broker(await findFreePortPair());
    const { brokers: address, version } = await first.start();
    expect(version).toMatch(/^4\.\d+\.\d+$/);
    const clusterId = readFileSync(join(dataDir, 'kafka', 'cluster-id'), 'utf8').trim();
    expect(await clusterIdOf(address)).toBe(clusterId);
    const pid = Number(readFileSync(join(dataDir, 'kafka', 'broker.pid'), 'utf8'));

    const second = broker(await findFreePortPair());
    await expect(second.start()).rejects.toMatchObject({
      code: 'data-dir-locked',
      message: expect.stringContaining(`(pid ${pid})`) as unknown,
    });

    const stopping = Date.now();
    await first.stop();
    expect(Date.now() - stopping).toBeLessThan(STOP_BOUND_MS + 2_000);
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(join(dataDir, 'kafka', 'broker.pid'))).toBe(false);

    // Formatted once: a restart, even on another port, keeps the cluster.
    const restarted = broker(await findFreePortPair());
    const again = await restarted.start();
    expect(await clusterIdOf(again.brokers)).toBe(clusterId);
    await restarted.stop();
  });

  it('should leave no JVM behind when the process that started the broker is killed', async () => {
    const ownerDir = mkdtempSync(join(tmpdir(), 'embedded-kafka-owner-'));
    const owner = spawn(
      process.execPath,
      [join(ROOT, 'scripts', 'kafka-ts-runner.js'), join(__dirname, 'support', 'broker-owner.ts')],
      {
        env: {
          ...process.env,
          OWNER_DATA_DIR: ownerDir,
          OWNER_PORT: String(await findFreePortPair()),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      let output = '';
      owner.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await eventually('the owner to start its broker', () => /ready \d+/.test(output), 60_000);
      const jvm = Number(/ready (\d+)/.exec(output)?.[1]);
      expect(isAlive(jvm)).toBe(true);

      owner.kill('SIGKILL');
      await eventually(
        `JVM ${jvm} to exit after its owner died`,
        () => !isAlive(jvm),
        STOP_BOUND_MS * 2,
      );
    } finally {
      owner.kill('SIGKILL');
      rmSync(ownerDir, { recursive: true, force: true });
    }
  });
});
