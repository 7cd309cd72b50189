import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNotLocked, clusterId, newClusterId, tailFrom } from './broker-storage';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'broker-storage-'));
}

describe(newClusterId.name, () => {
  it('should make 22 URL-safe base64 characters that never start with "-" when called', () => {
    for (let i = 0; i < 200; i += 1)
      expect(newClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});

describe(clusterId.name, () => {
  it('should keep the first id in the data dir when asked again', () => {
    const dir = tempDir();
    const id = clusterId(dir);
    expect(clusterId(dir)).toBe(id);
    expect(readFileSync(join(dir, 'cluster-id'), 'utf8').trim()).toBe(id);
  });
});

describe(assertNotLocked.name, () => {
  it('should refuse with the pid and what to do when a broker recorded in broker.pid still runs', async () => {
    const dir = tempDir();
    // A live process whose command line names kafka.Kafka, as a running broker's does.
    const fake = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', 'kafka.Kafka'], {
      stdio: 'ignore',
    });
    try {
      writeFileSync(join(dir, 'broker.pid'), `${fake.pid}\n`);
      expect(() => assertNotLocked(dir)).toThrow(
        `${dir} is in use by another embedded Kafka broker (pid ${fake.pid}): stop it (kill ${fake.pid}) or set DATA_DIR to another folder`,
      );
    } finally {
      fake.kill('SIGKILL');
      await new Promise((done) => fake.once('exit', done));
    }
  });

  it('should remove a pid file left by a broker that is gone', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broker.pid'), '2147483646\n');
    expect(() => assertNotLocked(dir)).not.toThrow();
    expect(existsSync(join(dir, 'broker.pid'))).toBe(false);
  });
});

describe(tailFrom.name, () => {
  it('should return only the last lines written after the offset when the file grew', () => {
    const file = join(tempDir(), 'broker.log');
    writeFileSync(file, 'old 1\nold 2\n');
    const from = readFileSync(file).length;
    writeFileSync(file, 'old 1\nold 2\nnew 1\nnew 2\nnew 3\n');
    expect(tailFrom(file, from, 2)).toBe('new 2\nnew 3');
    expect(tailFrom(join(tempDir(), 'missing.log'), 0)).toBe('');
  });
});
