// The broker's files under DATA_DIR/kafka: the cluster id, the one-time storage format, the pid
// file that keeps two brokers off one log directory, and the tail of the broker's log.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { EmbeddedKafkaError } from './embedded-kafka.error';

/** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding (as `random-uuid`). */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    // Kafka's Uuid.randomUuid() avoids a leading '-' too: it reads as a CLI option.
    if (!id.startsWith('-')) return id;
  }
}

/** The cluster id kept in `<kafkaHome>/cluster-id`, created on first use. */
export function clusterId(kafkaHome: string): string {
  const file = join(kafkaHome, 'cluster-id');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const id = newClusterId();
  writeFileSync(file, `${id}\n`);
  return id;
}

export function isFormatted(logDir: string): boolean {
  return existsSync(join(logDir, 'meta.properties'));
}

/** `kafka-storage.sh format --standalone`: once per data dir. */
export function formatStorage(
  java: string,
  classpath: string,
  id: string,
  properties: string,
  jvmArgs: readonly string[],
): Promise<void> {
  const args = [
    ...jvmArgs,
    '-cp',
    classpath,
    'kafka.tools.StorageTool',
    'format',
    '--standalone',
    '-t',
    id,
    '-c',
    properties,
  ];
  return new Promise((resolve, reject) => {
    execFile(java, args, { timeout: 60_000 }, (error, stdout, stderr) => {
      if (!error) return resolve();
      const tail = `${stdout}${stderr}`.trim().split('\n').slice(-10).join('\n');
      reject(
        new EmbeddedKafkaError(
          'broker-exited',
          `formatting the Kafka storage failed (${properties}):\n${tail}`,
        ),
      );
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isKafkaProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka');
  } catch {
    // No /proc (macOS): trust that the pid is alive.
    return true;
  }
}

/**
 * Refuses to start when a broker recorded in `<kafkaHome>/broker.pid` still runs: two brokers on
 * one metadata log corrupt it before Kafka's own lock check fails.
 */
export function assertNotLocked(kafkaHome: string): void {
  const file = join(kafkaHome, 'broker.pid');
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (
    Number.isInteger(pid) &&
    pid > 0 &&
    pid !== process.pid &&
    isAlive(pid) &&
    isKafkaProcess(pid)
  ) {
    throw new EmbeddedKafkaError(
      'data-dir-locked',
      `${kafkaHome} is in use by another embedded Kafka broker (pid ${pid}): stop it (kill ${pid}) ` +
        'or set DATA_DIR to another folder',
    );
  }
  unlinkSync(file);
}

export function writePidFile(kafkaHome: string, pid: number): void {
  writeFileSync(join(kafkaHome, 'broker.pid'), `${pid}\n`);
}

export function removePidFile(kafkaHome: string): void {
  try {
    unlinkSync(join(kafkaHome, 'broker.pid'));
  } catch {
    // already gone
  }
}

/** Size of a file now (0 when missing), to read only what a start appended. */
export function fileSize(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

/** The last `lines` lines written to `file` after byte `from`, at most 64 KiB. */
export function tailFrom(file: string, from: number, lines = 25): string {
  if (!existsSync(file)) return '';
  const size = statSync(file).size;
  const start = Math.max(from, size - 65_536);
  if (size <= start) return '';
  const buffer = Buffer.alloc(size - start);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, start);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
