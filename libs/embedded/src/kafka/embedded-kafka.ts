// One Apache Kafka 4 node (KRaft, broker + controller) as a child JVM of this process, for
// `npm start`, `npm run kafka:embedded` and the tests (KAFKA.md §1).
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { BROKER_HOST, brokerProperties, kafkaHome, renderProperties } from './broker-properties';
import {
  assertNotLocked,
  clusterId,
  fileSize,
  formatStorage,
  isFormatted,
  removePidFile,
  tailFrom,
  writePidFile,
} from './broker-storage';
import { EmbeddedKafkaError } from './embedded-kafka.error';
import { KafkaArtifact, locateKafkaArtifact, resolveClasspath } from './kafka-artifact';
import { checkJava, checkPortsFree, findExecutable } from './preflight';

export interface EmbeddedKafkaOptions {
  /** DATA_DIR; the broker keeps its properties, cluster id, log and data in `<dataDir>/kafka`. */
  readonly dataDir: string;
  /** PLAINTEXT port on 127.0.0.1 (default 9092); the controller takes `port + 1`. */
  readonly port?: number;
  readonly numPartitions?: number;
  /** Bound on start-up once the classpath is known (default 60 s). */
  readonly startTimeoutMs?: number;
  /** Bound on the controlled shutdown before SIGKILL (default 15 s). */
  readonly stopTimeoutMs?: number;
  readonly javaBin?: string;
  readonly mvnBin?: string;
  /** Where the resolved classpath is cached (default `~/.m2/call-screening-embedded-kafka`). */
  readonly classpathCacheDir?: string;
  /** The folder with pom.xml and log4j2.xml (default: found above this file or the cwd). */
  readonly artifact?: KafkaArtifact;
}

export interface RunningKafka {
  /** Bootstrap servers, `127.0.0.1:<port>`. */
  readonly brokers: string;
  /** The Apache Kafka version running. */
  readonly version: string;
}

const READY_POLL_MS = 200;

/** The embedded broker: `start()` resolves once a kafkajs admin `describeCluster()` succeeds. */
/**
 * Heap and GC of the embedded broker. A dev/test broker holds little; the serial collector's
 * young pauses on a 512 MB heap are a few ms and take no extra threads from 2 cores shared
 * with the apps (G1's concurrent threads and longer pauses showed in the call path's p99).
 */
const BROKER_JVM_ARGS = ['-Xms256m', '-Xmx512m', '-XX:+UseSerialGC'];

export class EmbeddedKafka {
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> | undefined;
  private readonly port: number;
  private readonly home: string;
  private readonly killOnExit = (): void => {
    this.child?.kill('SIGKILL');
  };

  constructor(private readonly options: EmbeddedKafkaOptions) {
    this.port = options.port ?? 9092;
    this.home = kafkaHome(resolve(options.dataDir));
  }

  get brokers(): string {
    return `${BROKER_HOST}:${this.port}`;
  }

  async start(): Promise<RunningKafka> {
    if (this.child) throw new Error(`embedded Kafka already running on ${this.brokers}`);
    await checkPortsFree(this.port);
    const javaBin = this.options.javaBin ?? 'java';
    await checkJava(javaBin);
    const artifact = this.options.artifact ?? locateKafkaArtifact();
    const classpath = await resolveClasspath(artifact, {
      cacheDir: this.options.classpathCacheDir,
      mvnBin: this.options.mvnBin,
    });

    mkdirSync(this.home, { recursive: true });
    assertNotLocked(this.home);
    const properties = join(this.home, 'server.properties');
    const entries = brokerProperties({
      dataDir: resolve(this.options.dataDir),
      port: this.port,
      numPartitions: this.options.numPartitions,
    });
    writeFileSync(properties, renderProperties(entries));
    const jvmArgs = [
      `-Dlog4j2.configurationFile=${artifact.log4jConfig}`,
      `-Dkafka.logs.dir=${this.home}`,
    ];
    if (!isFormatted(join(this.home, 'log'))) {
      // A short-lived tool: C1 only and the serial GC start it in 0.8 s instead of 1.2 s.
      const toolArgs = [...jvmArgs, '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
      await formatStorage(javaBin, classpath, clusterId(this.home), properties, toolArgs);
    }

    const log = join(this.home, 'broker.log');
    const logStart = fileSize(log);
    const output: string[] = [];
    this.spawnBroker(
      javaBin,
      [...jvmArgs, ...BROKER_JVM_ARGS, '-cp', classpath, 'kafka.Kafka', properties],
      output,
    );
    try {
      await this.waitUntilReady(() => `${output.join('')}${tailFrom(log, logStart)}`);
    } catch (error) {
      await this.stop();
      throw error;
    }
    return { brokers: this.brokers, version: artifact.version };
  }

  /** SIGTERM (controlled shutdown), SIGKILL after `stopTimeoutMs`; resolves once the JVM exited. */
  async stop(): Promise<void> {
    const child = this.child;
    const exited = this.exited;
    if (!child || !exited) return;
    child.kill('SIGTERM');
    const timeout = this.options.stopTimeoutMs ?? 15_000;
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((done) => (timer = setTimeout(() => done(false), timeout))),
    ]);
    clearTimeout(timer);
    if (!inTime) {
      child.kill('SIGKILL');
      await exited;
    }
  }

  private spawnBroker(javaBin: string, args: string[], output: string[]): void {
    // Linux: the JVM gets SIGTERM if this process dies, even by SIGKILL (no leaked brokers).
    const setpriv = process.platform === 'linux' ? findExecutable('setpriv') : undefined;
    const [command, argv] = setpriv
      ? [setpriv, ['--pdeathsig', 'SIGTERM', '--', javaBin, ...args]]
      : [javaBin, args];
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      output.push(chunk.toString('utf8'));
      if (output.length > 50) output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    this.exited = new Promise((done) => {
      child.once('exit', (code) => {
        removePidFile(this.home);
        process.removeListener('exit', this.killOnExit);
        this.child = undefined;
        done(code);
      });
    });
    if (child.pid !== undefined) writePidFile(this.home, child.pid);
    process.once('exit', this.killOnExit);
  }

  private async waitUntilReady(tail: () => string): Promise<void> {
    const exited = this.exited;
    if (!exited) throw new Error('broker not spawned');
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 60_000);
    let hasExited = false;
    void exited.then(() => (hasExited = true));
    const kafka = new Kafka({
      clientId: 'embedded-kafka-ready',
      brokers: [this.brokers],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1000,
      requestTimeout: 2000,
      retry: { retries: 0 },
    });
    for (;;) {
      if (hasExited) throw this.exitError(tail());
      if (await this.describes(kafka)) return;
      if (hasExited) throw this.exitError(tail());
      if (Date.now() > deadline) {
        const seconds = Math.round((this.options.startTimeoutMs ?? 60_000) / 1000);
        throw new EmbeddedKafkaError(
          'start-timeout',
          `embedded Kafka on ${this.brokers} not ready after ${seconds} s; broker log (${this.home}/broker.log):\n${tail()}`,
        );
      }
      await new Promise((done) => setTimeout(done, READY_POLL_MS));
    }
  }

  private async describes(kafka: Kafka): Promise<boolean> {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      return true;
    } catch {
      return false;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private exitError(tail: string): EmbeddedKafkaError {
    if (tail.includes('Failed to acquire lock')) {
      return new EmbeddedKafkaError(
        'data-dir-locked',
        `${this.home}/log is locked by another Kafka process: stop that broker or set DATA_DIR to another folder\n${tail}`,
      );
    }
    if (/Address already in use|failed to bind/i.test(tail)) {
      return new EmbeddedKafkaError(
        'port-in-use',
        `embedded Kafka could not bind ${this.brokers} or port ${this.port + 1}: set KAFKA_PORT to another port or set KAFKA_BROKERS to an existing cluster\n${tail}`,
      );
    }
    return new EmbeddedKafkaError(
      'broker-exited',
      `embedded Kafka exited during start-up; broker log (${this.home}/broker.log):\n${tail}`,
    );
  }
}
