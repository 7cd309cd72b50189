// `npm run bench:kafka`: the scoring round trip through a real Apache Kafka broker, measured
// with the gateway's own KafkaScoringClient: gateway client → score-request topic → scorer
// (`node dist/apps/scorer/main.js`, the real Nest microservice) → reply partition → client.
// Beside it, in the same run, the client-side floor: the same client against a bare kafkajs
// echo responder with maxWaitTimeInMs 0 (KAFKA.md §5). Sequential and 64 in flight.
// A benchmark: it prints figures, it asserts nothing.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';
import { KAFKA_HEADERS, TOPICS } from '@app/contracts';
import { EmbeddedKafka, ensureTopics, findFreePortPair, topicPlan } from '@app/embedded';
import type { ScoreRequest } from '@app/scoring';
import { KafkaClientMetrics } from '../../apps/sip-gateway/src/kafka/kafka-client-metrics';
import { KafkaScoringClient } from '../../apps/sip-gateway/src/kafka/kafka-scoring-client';
import { aRequest } from '../../libs/scoring/test/scoring-fixtures';
import { ScorerProcess } from '../../test/support/scorer-process';

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 2000);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 64);
const PARALLEL_TOTAL = Number(process.env.BENCH_PARALLEL_TOTAL ?? 30000);
const WARMUP = 300;

interface Figures {
  p50: number;
  p99: number;
  perSecond: number;
  n: number;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1))];
}

function scoreRequest(i: number): ScoreRequest {
  return aRequest({
    decisionId: randomUUID(),
    receivedAt: new Date().toISOString(),
    peer: 'bench',
    callId: `bench-${i}`,
    caller: `+1212736${String(3000 + (i % 1000)).padStart(4, '0')}`,
  });
}

async function roundTrip(client: KafkaScoringClient, i: number): Promise<number> {
  const started = process.hrtime.bigint();
  await client.score(scoreRequest(i));
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function sequential(client: KafkaScoringClient, n: number): Promise<Figures> {
  for (let i = 0; i < WARMUP; i++) await roundTrip(client, i);
  const times: number[] = [];
  const start = Date.now();
  for (let i = 0; i < n; i++) times.push(await roundTrip(client, i));
  const elapsed = (Date.now() - start) / 1000;
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), perSecond: n / elapsed, n };
}

async function parallel(
  client: KafkaScoringClient,
  inFlight: number,
  total: number,
): Promise<Figures> {
  const times: number[] = [];
  let next = 0;
  const start = Date.now();
  const worker = async () => {
    while (next < total) times.push(await roundTrip(client, next++));
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = (Date.now() - start) / 1000;
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    perSecond: total / elapsed,
    n: total,
  };
}

/** The floor: answers every score request at once with a fixed verdict (no Nest, no rules). */
async function echoResponder(brokers: string): Promise<{ stop(): Promise<void> }> {
  const kafka = new Kafka({
    clientId: 'bench-echo',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
  });
  const producer: Producer = kafka.producer();
  const consumer: Consumer = kafka.consumer({
    groupId: `bench-echo-${randomUUID()}`,
    maxWaitTimeInMs: 0,
    minBytes: 1,
  });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.scoreRequest, fromBeginning: false });
  const joined = new Promise<void>((r) => consumer.on(consumer.events.GROUP_JOIN, () => r()));
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: 12,
    eachBatch: async ({ batch }) => {
      const replies = batch.messages.map((m) => {
        const h = m.headers ?? {};
        const body = JSON.parse(m.value!.toString()) as ScoreRequest;
        return {
          partition: Number(h[KAFKA_HEADERS.replyPartition]!.toString()),
          headers: { [KAFKA_HEADERS.correlationId]: h[KAFKA_HEADERS.correlationId]!.toString() },
          value: JSON.stringify({
            decisionId: body.decisionId,
            verdict: 'allow',
            score: 0,
            reasons: [],
            ruleSetVersion: 'echo',
          }),
        };
      });
      if (replies.length > 0)
        await producer.send({ topic: TOPICS.scoreReply, acks: 1, messages: replies });
    },
  });
  await joined;
  return {
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}

async function measure(brokers: string, label: string): Promise<{ seq: Figures; par: Figures }> {
  const kafka = new Kafka({
    clientId: `bench-${label}`,
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 100, retries: 3 },
  });
  const client = new KafkaScoringClient(
    kafka,
    { instanceId: `bench-${label}-${process.pid}`, replyPartition: 0, startTimeoutMs: 30_000 },
    new KafkaClientMetrics(new Registry()),
    pino({ level: 'warn' }),
  );
  await client.start();
  try {
    const seq = await sequential(client, SEQUENTIAL);
    const par = await parallel(client, IN_FLIGHT, PARALLEL_TOTAL);
    return { seq, par };
  } finally {
    await client.stop();
  }
}

function row(name: string, f: Figures): string {
  return `${name.padEnd(34)} ${String(f.n).padStart(6)} ${f.p50.toFixed(2).padStart(8)} ${f.p99.toFixed(2).padStart(8)} ${f.perSecond.toFixed(0).padStart(10)}`;
}

async function main(): Promise<void> {
  let kafka: EmbeddedKafka | undefined;
  let brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    kafka = new EmbeddedKafka({
      dataDir: mkdtempSync(join(tmpdir(), 'bench-kafka-')),
      port: await findFreePortPair(),
    });
    brokers = (await kafka.start()).brokers;
  }
  await ensureTopics(brokers, topicPlan(), { replicationFactor: 1 });
  try {
    const echo = await echoResponder(brokers);
    const floor = await measure(brokers, 'floor');
    await echo.stop();

    const scorer = new ScorerProcess({ KAFKA_BROKERS: brokers, KAFKA_CLIENT_ID: 'bench-scorer' });
    await scorer.start();
    let full;
    try {
      full = await measure(brokers, 'scorer');
    } finally {
      await scorer.stop();
    }
    const lines = [
      `bench:kafka brokers=${brokers}${kafka ? ' (embedded Apache Kafka)' : ''} sequential=${SEQUENTIAL} in_flight=${IN_FLIGHT} parallel_total=${PARALLEL_TOTAL}`,
      `${'round trip'.padEnd(34)} ${'n'.padStart(6)} ${'p50_ms'.padStart(8)} ${'p99_ms'.padStart(8)} ${'replies/s'.padStart(10)}`,
      row('floor (kafkajs echo), sequential', floor.seq),
      row('scorer (Nest), sequential', full.seq),
      row(`floor (kafkajs echo), ${IN_FLIGHT} in flight`, floor.par),
      row(`scorer (Nest), ${IN_FLIGHT} in flight`, full.par),
      `ratio scorer/floor: sequential p50 ${(full.seq.p50 / floor.seq.p50).toFixed(2)}, p99 ${(full.seq.p99 / floor.seq.p99).toFixed(2)}; ${IN_FLIGHT} in flight replies/s ${(full.par.perSecond / floor.par.perSecond).toFixed(2)}`,
      `targets: sequential p50 <= 3 ms (${full.seq.p50 <= 3 ? 'meets' : 'MISSES'}), p99 <= 10 ms (${full.seq.p99 <= 10 ? 'meets' : 'MISSES'}); >= 5000 replies/s at ${IN_FLIGHT} in flight (${full.par.perSecond >= 5000 ? 'meets' : 'MISSES'})`,
      'command: npm run bench:kafka',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await kafka?.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:kafka: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
