import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { RpcException } from '@nestjs/microservices';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { ScoreRequestMessage } from '@app/contracts';
import { loadRuleSet, loadScoringLists, ScoringEngine } from '@app/scoring';
import { ConsumerReadiness } from '../kafka/consumer-readiness';
import { ScorerMetrics } from '../observability/scorer-metrics';
import { ScoreRequestService, type ScoreError } from './score-request.service';

const CONFIG_DIR = resolve(__dirname, '../../../../config');
const BLOCKED = '+442079460123';
const PLAIN = '+12125551234';
const ORIGIN = { partition: 3, offset: '42' };

function aRequest(overrides: Partial<ScoreRequestMessage> = {}): ScoreRequestMessage {
  return {
    decisionId: randomUUID(),
    receivedAt: new Date().toISOString(),
    peer: 'default',
    callId: `call-${randomUUID()}@example.net`,
    caller: PLAIN,
    callerSource: 'pai',
    fromUser: PLAIN,
    callee: '+12125550199',
    verstat: undefined,
    attestationHeader: undefined,
    privacy: [],
    redirectingNumbers: [],
    ...overrides,
  };
}

interface Harness {
  readonly service: ScoreRequestService;
  readonly registry: Registry;
  readonly logLines: Record<string, unknown>[];
}

function aService(engine?: ScoringEngine): Harness {
  const ruleSet = loadRuleSet(resolve(CONFIG_DIR, 'ruleset.json'));
  const lists = loadScoringLists(resolve(CONFIG_DIR, 'lists.json'), ruleSet.defaultRegion);
  const registry = new Registry();
  const logLines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const metrics = new ScorerMetrics(registry, new ConsumerReadiness('requests'));
  const logger = pino({ level: 'info' }, sink);
  const service = new ScoreRequestService(
    engine ?? new ScoringEngine(ruleSet, lists),
    metrics,
    logger,
  );
  return { service, registry, logLines };
}

async function counter(registry: Registry, name: string, labels: Record<string, string> = {}) {
  const metric = await registry.getSingleMetric(name)?.get();
  const value = metric?.values.find((v) =>
    Object.entries(labels).every(([k, l]) => v.labels[k] === l),
  );
  return value?.value ?? 0;
}

function refusalOf(run: () => unknown): ScoreError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RpcException);
    return (error as RpcException).getError() as ScoreError;
  }
  throw new Error('expected an RpcException');
}

describe(ScoreRequestService.name, () => {
  it('should reject with reason block-list when the caller is on the block list', async () => {
    const { service, registry } = aService();
    const request = aRequest({ caller: BLOCKED });
    const reply = service.score(request, ORIGIN);
    expect(reply).toMatchObject({ decisionId: request.decisionId, verdict: 'reject', score: 100 });
    expect(reply.reasons.map((r) => r.code)).toEqual(['block-list']);
    expect(reply.ruleSetVersion).toBe('2026-11-23.1');
    expect(await counter(registry, 'scorer_requests_total', { verdict: 'reject' })).toBe(1);
  });

  it.each([
    ['a plain valid caller', {}, 'allow', 0, []],
    ['a passed-A caller', { verstat: 'TN-Validation-Passed-A' }, 'allow', 0, ['verstat-passed']],
    [
      'a caller that failed verification',
      { verstat: 'TN-Validation-Failed' },
      'reject',
      85,
      ['verstat-failed'],
    ],
    ['an allow-listed caller', { caller: '+442079460001' }, 'allow', 0, ['allow-list']],
    [
      'a call to 911 from a blocked caller',
      { caller: BLOCKED, callee: '911' },
      'allow',
      0,
      ['protected-number'],
    ],
    ['an anonymous caller', { caller: 'anonymous', privacy: ['id'] }, 'allow', 0, ['anonymous']],
  ] as const)(
    'should answer %s with the engine verdict when the request is valid',
    (_title, overrides, verdict, score, codes) => {
      const { service } = aService();
      const reply = service.score(aRequest(overrides), ORIGIN);
      expect(reply).toMatchObject({ verdict, score });
      expect(reply.reasons.map((r) => r.code)).toEqual(codes);
    },
  );

  it('should score a request whose optional fields were dropped by JSON when they are undefined', () => {
    const { service } = aService();
    const wire = JSON.parse(JSON.stringify(aRequest())) as unknown;
    expect(service.score(wire, ORIGIN).verdict).toBe('allow');
  });

  const invalid: [string, unknown, RegExp][] = [
    ['a string (a value that was not JSON)', '{"decisionId": oops', /expected a JSON object/],
    ['null (a tombstone)', null, /expected a JSON object/],
    ['an array', [aRequest()], /expected a JSON object/],
    ['a number', 42, /expected a JSON object/],
    ['an object without a decision id', { ...aRequest(), decisionId: 'x' }, /^decisionId/],
    [
      'a caller of the wrong type',
      { ...aRequest(), caller: 12125551234 },
      /^caller: expected a string/,
    ],
    ['an oversized callee', { ...aRequest(), callee: '1'.repeat(10_000) }, /^callee: longer than/],
    ['an unknown caller source', { ...aRequest(), callerSource: 'x' }, /^callerSource/],
    ['privacy that is not a list', { ...aRequest(), privacy: 'id' }, /^privacy/],
  ];

  it.each(invalid)(
    'should refuse with an RpcException and count it when the payload is %s',
    async (_title, payload, problem) => {
      const { service, registry } = aService();
      const error = refusalOf(() => service.score(payload, ORIGIN));
      expect(error).toMatchObject({ status: 'error', code: 'invalid-request' });
      expect(error.message).toMatch(problem);
      const total = await registry.getSingleMetric('scorer_invalid_requests_total')?.get();
      expect(total?.values.reduce((sum, v) => sum + v.value, 0)).toBe(1);
    },
  );

  it('should log the reason with the decision and call ids when a request is invalid', async () => {
    const { service, registry, logLines } = aService();
    const request = { ...aRequest(), caller: undefined };
    refusalOf(() => service.score(request, ORIGIN));
    expect(logLines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'invalid score request',
        problem: 'caller: expected a string',
        decisionId: request.decisionId,
        callId: request.callId,
        partition: 3,
        offset: '42',
      }),
    ]);
    expect(await counter(registry, 'scorer_invalid_requests_total', { field: 'caller' })).toBe(1);
  });

  it('should bound the ids it logs when a hostile payload carries huge ones', () => {
    const { service, logLines } = aService();
    refusalOf(() => service.score({ decisionId: 'd'.repeat(5000), callId: 7 }, ORIGIN));
    expect((logLines[0].decisionId as string).length).toBe(128);
    expect(logLines[0]).not.toHaveProperty('callId');
  });

  it('should refuse with scoring-failed and count it when the rule engine throws', async () => {
    const broken = Object.create(ScoringEngine.prototype) as ScoringEngine;
    broken.score = () => {
      throw new TypeError('boom');
    };
    const { service, registry, logLines } = aService(broken);
    const error = refusalOf(() => service.score(aRequest(), ORIGIN));
    expect(error).toEqual({
      status: 'error',
      code: 'scoring-failed',
      message: 'the rule engine failed on this request',
    });
    expect(await counter(registry, 'scorer_failures_total')).toBe(1);
    expect(logLines[0]).toMatchObject({ level: 50, msg: 'rule engine failed' });
  });

  it('should time the rule engine when a request is scored', async () => {
    const { service, registry } = aService();
    service.score(aRequest(), ORIGIN);
    service.score(aRequest({ caller: BLOCKED }), ORIGIN);
    const histogram = await registry.getSingleMetric('scorer_scoring_duration_seconds')?.get();
    const count = histogram?.values.find(
      (v) => (v as { metricName?: string }).metricName === 'scorer_scoring_duration_seconds_count',
    );
    expect(count?.value).toBe(2);
  });
});
