// `npm start`: the whole service on one machine. Without KAFKA_BROKERS it runs the embedded
// Apache Kafka broker (libs/embedded); it creates the topics, then runs each app as its own
// process, as in production (DESIGN.md §2, §8). Ctrl-C stops them in order: the gateway first
// (it answers what is pending and flushes its decision events), then the scorer, then Kafka.
import { join } from 'node:path';
import { EmbeddedKafka, EmbeddedKafkaError, ensureTopics, topicPlan } from '@app/embedded';
import { ChildApp } from './child-app';

const DIST = join(__dirname, '..');
const ANNOUNCE = /^(sip |gateway http|scorer |console |kafka )/;

async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR ?? './.data';
  let kafka: EmbeddedKafka | undefined;
  let brokers = process.env.KAFKA_BROKERS?.trim();
  if (!brokers) {
    const port = Number(process.env.KAFKA_PORT ?? 9092);
    kafka = new EmbeddedKafka({ dataDir, port });
    const started = await kafka.start();
    brokers = started.brokers;
    process.stdout.write(`kafka ${brokers} (embedded Apache Kafka ${started.version})\n`);
  }
  await ensureTopics(brokers, topicPlan(), { replicationFactor: kafka ? 1 : undefined });

  const env = { ...process.env, KAFKA_BROKERS: brokers, DATA_DIR: dataDir };
  const apps = {
    scorer: new ChildApp({
      name: 'scorer',
      main: join(DIST, 'scorer', 'main.js'),
      env,
      readyLine: /^scorer http /,
      announce: ANNOUNCE,
      startTimeoutMs: 60_000,
      stopTimeoutMs: 15_000,
    }),
    gateway: new ChildApp({
      name: 'sip-gateway',
      main: join(DIST, 'sip-gateway', 'main.js'),
      env: { ...env, GATEWAY_SCORING: process.env.GATEWAY_SCORING ?? 'kafka' },
      readyLine: /^gateway http /,
      announce: ANNOUNCE,
      startTimeoutMs: 60_000,
      stopTimeoutMs: 15_000,
    }),
  };

  let stopping: Promise<void> | undefined;
  const shutdown = (): void => {
    stopping ??= (async () => {
      process.stderr.write('[launcher] stopping\n');
      await apps.gateway.stop();
      await apps.scorer.stop();
      await kafka?.stop();
      process.exit(0);
    })();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  try {
    await apps.scorer.start();
    await apps.gateway.start();
  } catch (err) {
    await apps.gateway.stop();
    await apps.scorer.stop();
    await kafka?.stop();
    throw err;
  }
  process.stdout.write('ready (Ctrl-C stops everything)\n');
}

main().catch((err: unknown) => {
  const message =
    err instanceof EmbeddedKafkaError || err instanceof Error ? err.message : String(err);
  process.stderr.write(`npm start: ${message}\n`);
  process.exit(1);
});
