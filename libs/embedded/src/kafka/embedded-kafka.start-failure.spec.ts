import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedKafka } from './embedded-kafka';
import { classpathCacheFile, readArtifact } from './kafka-artifact';
import { findFreePortPair } from './preflight';

// A broker JVM that dies or hangs during start-up, played by a fake `java`: the start must end
// with a clear error and no child left behind, never a hang. No Java, Maven or broker needed.
describe(`${EmbeddedKafka.name} start-up failures`, () => {
  async function fixture(brokerScript: string): Promise<{ kafka: EmbeddedKafka; pidFile: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'embedded-kafka-fake-'));
    const assets = join(dir, 'assets');
    mkdirSync(assets);
    writeFileSync(
      join(assets, 'pom.xml'),
      '<project><properties><kafka.version>4.9.9</kafka.version></properties></project>',
    );
    const artifact = readArtifact(assets);
    const cacheDir = join(dir, 'cache');
    mkdirSync(cacheDir);
    writeFileSync(join(dir, 'kafka.jar'), '');
    writeFileSync(classpathCacheFile(artifact, cacheDir), join(dir, 'kafka.jar'));
    const pidFile = join(dir, 'broker-child.pid');
    const java = join(dir, 'java');
    writeFileSync(
      java,
      [
        '#!/bin/sh',
        `case "$*" in *-version*) echo 'openjdk version "17.0.9"' >&2; exit 0;; esac`,
        'case "$*" in *StorageTool*) exit 0;; esac',
        `echo $$ > ${pidFile}`,
        brokerScript,
      ].join('\n'),
    );
    chmodSync(java, 0o755);
    const kafka = new EmbeddedKafka({
      dataDir: join(dir, 'data'),
      port: await findFreePortPair(),
      javaBin: java,
      artifact,
      classpathCacheDir: cacheDir,
      startTimeoutMs: 1500,
      stopTimeoutMs: 1000,
    });
    return { kafka, pidFile };
  }

  it('should reject with the stale-lock advice when the broker exits with "Failed to acquire lock"', async () => {
    const { kafka } = await fixture(
      'echo "KafkaException: Failed to acquire lock on file .lock in /x/kafka/log. A Kafka instance in another process or thread is using this directory." >&2; exit 1',
    );
    await expect(kafka.start()).rejects.toMatchObject({
      code: 'data-dir-locked',
      message: expect.stringMatching(
        /is locked by another Kafka process: stop that broker or set DATA_DIR/,
      ) as unknown,
    });
  });

  it('should reject with the broker output when the broker exits during start-up', async () => {
    const { kafka } = await fixture(
      'echo "Exiting Kafka due to fatal exception: boom" >&2; exit 1',
    );
    await expect(kafka.start()).rejects.toMatchObject({
      code: 'broker-exited',
      message: expect.stringContaining('Exiting Kafka due to fatal exception: boom') as unknown,
    });
  });

  it('should kill the broker and reject within the bound when it never becomes ready', async () => {
    const { kafka, pidFile } = await fixture('exec sleep 30');
    const started = Date.now();
    await expect(kafka.start()).rejects.toMatchObject({ code: 'start-timeout' });
    expect(Date.now() - started).toBeLessThan(6_000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow(); // the hung broker was killed
    await expect(kafka.stop()).resolves.toBeUndefined();
  });
});
