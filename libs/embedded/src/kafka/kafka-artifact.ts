// Where the broker comes from: the pom beside this lib, resolved by Maven into ~/.m2 once. The
// resolved classpath is cached in a file keyed by the pom's hash, so later starts (and every test
// run, whatever its DATA_DIR) are offline and call no mvn.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { EmbeddedKafkaError, INSTALL_HINT } from './embedded-kafka.error';
import { checkMaven } from './preflight';

export interface KafkaArtifact {
  /** Folder holding pom.xml and log4j2.xml. */
  readonly dir: string;
  readonly pom: string;
  readonly log4jConfig: string;
  /** The pinned org.apache.kafka:kafka_2.13 version, read from the pom. */
  readonly version: string;
}

const ASSET_DIR = join('libs', 'embedded', 'kafka');

/** Finds libs/embedded/kafka from the source tree, a webpack bundle in dist/, or the cwd. */
export function locateKafkaArtifact(
  from: readonly string[] = [__dirname, process.cwd()],
): KafkaArtifact {
  for (const start of from) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const candidate = join(dir, ASSET_DIR);
      if (existsSync(join(candidate, 'pom.xml'))) return readArtifact(candidate);
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(`${ASSET_DIR}/pom.xml not found above ${from.join(' or ')}`);
}

export function readArtifact(dir: string): KafkaArtifact {
  const pom = join(dir, 'pom.xml');
  const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(pom, 'utf8'))?.[1];
  if (!version) throw new Error(`${pom} has no <kafka.version>`);
  return { dir, pom, log4jConfig: join(dir, 'log4j2.xml'), version };
}

export function defaultClasspathCacheDir(): string {
  return join(homedir(), '.m2', 'call-screening-embedded-kafka');
}

/** `<cacheDir>/classpath-<version>-<pom hash>.txt`: a new pom never reuses an old classpath. */
export function classpathCacheFile(artifact: KafkaArtifact, cacheDir: string): string {
  const hash = createHash('sha256').update(readFileSync(artifact.pom)).digest('hex').slice(0, 12);
  return join(cacheDir, `classpath-${artifact.version}-${hash}.txt`);
}

/** The cached classpath when the file and every jar in it exist; undefined otherwise. */
export function readCachedClasspath(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const classpath = readFileSync(file, 'utf8').trim();
  const jars = classpath.split(':').filter(Boolean);
  return jars.length > 0 && jars.every((jar) => existsSync(jar)) ? classpath : undefined;
}

export interface ResolveClasspathOptions {
  readonly cacheDir?: string;
  readonly mvnBin?: string;
  /** Bound on the first fetch from Maven Central. */
  readonly timeoutMs?: number;
}

/** The broker's runtime classpath; runs `mvn dependency:build-classpath` only on a cache miss. */
export async function resolveClasspath(
  artifact: KafkaArtifact,
  options: ResolveClasspathOptions = {},
): Promise<string> {
  const cacheDir = options.cacheDir ?? defaultClasspathCacheDir();
  const file = classpathCacheFile(artifact, cacheDir);
  const cached = readCachedClasspath(file);
  if (cached) return cached;

  const mvn = checkMaven(options.mvnBin ?? 'mvn');
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  const args = [
    '-q',
    '-B',
    '-f',
    artifact.pom,
    'dependency:build-classpath',
    `-Dmdep.outputFile=${partial}`,
  ];
  await new Promise<void>((done, fail) => {
    execFile(
      mvn,
      args,
      { timeout: options.timeoutMs ?? 600_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return done();
        const tail = `${stdout}${stderr}`.trim().split('\n').slice(-20).join('\n');
        const message = `mvn could not resolve Apache Kafka ${artifact.version} (${artifact.pom}); is Maven Central reachable? ${INSTALL_HINT}\n${tail}`;
        fail(new EmbeddedKafkaError('maven-failed', message));
      },
    );
  });
  // Rename so that a concurrent reader never sees half a file.
  renameSync(partial, file);
  const classpath = readCachedClasspath(file);
  if (!classpath)
    throw new EmbeddedKafkaError('maven-failed', `mvn wrote an unusable classpath to ${file}`);
  return classpath;
}
