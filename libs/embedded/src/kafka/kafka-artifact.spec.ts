import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  classpathCacheFile,
  locateKafkaArtifact,
  readCachedClasspath,
  resolveClasspath,
} from './kafka-artifact';

describe(locateKafkaArtifact.name, () => {
  it('should find the pom and read the pinned 4.x version when run from the source tree', () => {
    const artifact = locateKafkaArtifact();
    expect(artifact.pom).toMatch(/libs\/embedded\/kafka\/pom\.xml$/);
    expect(artifact.log4jConfig).toMatch(/libs\/embedded\/kafka\/log4j2\.xml$/);
    expect(artifact.version).toMatch(/^4\.\d+\.\d+$/);
  });
});

describe(resolveClasspath.name, () => {
  const artifact = locateKafkaArtifact();

  it('should use the cached classpath without mvn when the file and every jar exist', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'classpath-'));
    const jar = join(cacheDir, 'kafka.jar');
    writeFileSync(jar, '');
    writeFileSync(classpathCacheFile(artifact, cacheDir), `${jar}\n`);
    await expect(
      resolveClasspath(artifact, { cacheDir, mvnBin: '/nonexistent/mvn' }),
    ).resolves.toBe(jar);
  });

  it('should call for Maven when the cache lists a jar that is gone', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'classpath-'));
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(classpathCacheFile(artifact, cacheDir), join(cacheDir, 'gone.jar'));
    expect(readCachedClasspath(classpathCacheFile(artifact, cacheDir))).toBeUndefined();
    await expect(
      resolveClasspath(artifact, { cacheDir, mvnBin: '/nonexistent/mvn' }),
    ).rejects.toMatchObject({
      code: 'maven-missing',
      message: expect.stringContaining(
        'install openjdk-17-jre-headless and maven, or set KAFKA_BROKERS',
      ) as unknown,
    });
  });
});
