// A consumer group of 1–3 members through joins, a graceful leave and a member that dies without
// leaving (SIGKILL, found by session expiry): after every rebalance each partition has exactly one
// owner, and every message is delivered once, to its partition's owner.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Consumer, Producer } from 'kafkajs';
import type { GroupMemberReport } from './support/group-member';
import { consumerConfig, eventually, testKafka, uniqueName } from './support/kafka-test-client';

const PARTITIONS = 6;
const PER_PHASE = 60;
const ROOT = join(__dirname, '..', '..');

interface Member {
  readonly name: string;
  joins: number;
  partitions: number[];
  /** `owned`: the partition was in this member's assignment when the message arrived. */
  readonly received: Array<{ partition: number; value: string; owned: boolean }>;
}

function newMember(name: string): Member {
  return { name, joins: 0, partitions: [], received: [] };
}

describe('Kafka consumer group (embedded Apache Kafka 4)', () => {
  const kafka = testKafka(uniqueName('consumer-group-spec'));
  const topic = uniqueName('consumer-group-spec.topic');
  const groupId = uniqueName('consumer-group-spec.group');
  let producer: Producer;
  const consumers = new Map<Member, Consumer>();
  let child: ChildProcess | undefined;
  const live: Member[] = [];

  async function startInProcess(member: Member): Promise<void> {
    const consumer = kafka.consumer(consumerConfig(groupId));
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      member.joins += 1;
      member.partitions = event.payload.memberAssignment[topic] ?? [];
    });
    consumers.set(member, consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        const value = message.value?.toString() ?? '';
        member.received.push({ partition, value, owned: member.partitions.includes(partition) });
        return Promise.resolve();
      },
    });
  }

  function startChild(member: Member): ChildProcess {
    const runner = join(ROOT, 'scripts', 'kafka-ts-runner.js');
    const proc = fork(runner, [join(__dirname, 'support', 'group-member.ts')], {
      env: { ...process.env, GROUP_TOPIC: topic, GROUP_ID: groupId },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    proc.on('message', (report: GroupMemberReport) => {
      if (report.type === 'joined') {
        member.joins += 1;
        member.partitions = report.partitions;
      } else {
        const owned = member.partitions.includes(report.partition);
        member.received.push({ partition: report.partition, value: report.value, owned });
      }
    });
    return proc;
  }

  /** Waits for a rebalance: every live member joined again, partitions split without overlap. */
  async function waitForBalance(
    joinsBefore: Map<Member, number>,
    timeoutMs: number,
  ): Promise<void> {
    await eventually(
      `a balanced assignment over ${live.map((member) => member.name).join(', ')}`,
      () => {
        if (
          live.some(
            (member) =>
              member.joins <= (joinsBefore.get(member) ?? 0) || member.partitions.length === 0,
          )
        )
          return false;
        const owned = live.flatMap((member) => member.partitions);
        return owned.length === PARTITIONS && new Set(owned).size === PARTITIONS;
      },
      timeoutMs,
    );
  }

  function snapshotJoins(): Map<Member, number> {
    return new Map(live.map((member) => [member, member.joins]));
  }

  /** Produces one phase round-robin over the partitions; returns the values. */
  async function producePhase(phase: string): Promise<string[]> {
    const messages = Array.from({ length: PER_PHASE }, (_, i) => ({
      partition: i % PARTITIONS,
      key: `k${i}`,
      value: `${phase}-${i}`,
    }));
    await producer.send({ topic, acks: 1, messages });
    return messages.map((message) => message.value);
  }

  /** Every value of the phase delivered exactly once, to the member that owned its partition. */
  async function expectDeliveredOnce(
    phase: string,
    values: string[],
    members: Member[],
  ): Promise<void> {
    const ofPhase = (): Array<{
      member: Member;
      partition: number;
      value: string;
      owned: boolean;
    }> =>
      members.flatMap((member) =>
        member.received
          .filter(({ value }) => value.startsWith(`${phase}-`))
          .map((entry) => ({ member, ...entry })),
      );
    await eventually(
      `all ${values.length} messages of ${phase}`,
      () => new Set(ofPhase().map(({ value }) => value)).size === values.length,
    );
    await new Promise((done) => setTimeout(done, 300)); // room for a duplicate to show up
    const deliveries = ofPhase();
    expect(deliveries.map(({ value }) => value).sort()).toEqual([...values].sort());
    expect(deliveries.filter(({ owned }) => !owned)).toEqual([]);
  }

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
    });
    await admin.disconnect();
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await Promise.all([...consumers.values()].map((consumer) => consumer.disconnect()));
    await producer.disconnect();
  });

  const a = newMember('a');
  const b = newMember('b');
  const c = newMember('c (child process)');

  it('should give a lone member every partition and every message when it joins', async () => {
    const before = snapshotJoins();
    live.push(a);
    await startInProcess(a);
    await waitForBalance(before, 15_000);
    expect(a.partitions.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    await expectDeliveredOnce('phase1', await producePhase('phase1'), [a]);
  });

  it('should split the partitions when a second member joins', async () => {
    const before = snapshotJoins();
    live.push(b);
    await startInProcess(b);
    await waitForBalance(before, 15_000);
    await expectDeliveredOnce('phase2', await producePhase('phase2'), [a, b]);
    expect(a.received.some(({ value }) => value.startsWith('phase2-'))).toBe(true);
    expect(b.received.some(({ value }) => value.startsWith('phase2-'))).toBe(true);
  });

  it('should split the partitions three ways when a member in another process joins', async () => {
    const before = snapshotJoins();
    live.push(c);
    child = startChild(c);
    await waitForBalance(before, 20_000);
    await expectDeliveredOnce('phase3', await producePhase('phase3'), [a, b, c]);
    expect(c.received.some(({ value }) => value.startsWith('phase3-'))).toBe(true);
  });

  it('should hand a killed member’s partitions to the others after its session expires, losing nothing', async () => {
    const orphaned = [...c.partitions];
    const before = snapshotJoins();
    const started = Date.now();
    child?.kill('SIGKILL'); // no LeaveGroup: only the 6 s session timeout can tell
    live.splice(live.indexOf(c), 1);
    // Produced while the dead member still owns its partitions: they must wait, not vanish.
    const values = await producePhase('phase4');
    await waitForBalance(before, 25_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000); // found by expiry, not by a leave
    expect([...a.partitions, ...b.partitions]).toEqual(expect.arrayContaining(orphaned));
    await expectDeliveredOnce('phase4', values, [a, b]);
    expect(c.received.some(({ value }) => value.startsWith('phase4-'))).toBe(false);
  });

  it('should give the last member everything at once when the other leaves gracefully', async () => {
    const consumer = consumers.get(b);
    const before = new Map([[a, a.joins]]);
    live.splice(live.indexOf(b), 1);
    const started = Date.now();
    await consumer?.disconnect();
    consumers.delete(b);
    await waitForBalance(before, 10_000);
    expect(Date.now() - started).toBeLessThan(5_000); // LeaveGroup, no session timeout
    expect(a.partitions.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    await expectDeliveredOnce('phase5', await producePhase('phase5'), [a]);
  });
});
