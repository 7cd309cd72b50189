import { resolve } from 'node:path';
import { NOW, aRequest, aRuleSet, ruleSetData } from '../test/scoring-fixtures';
import { loadRuleSet, parseRuleSet } from './rule-set';
import type { ScoreRequest, Verdict } from './score-types';
import { ScoringEngine } from './scoring-engine';
import { ScoringLists, loadScoringLists, parseScoringLists } from './scoring-lists';

const CONFIG_DIR = resolve(__dirname, '../../../config');
const HOUR = 3_600_000;
const ALLOWED = '+13125551000';
const BLOCKED = '+14045551000';
const DNO = '+17135551000';
const EXPIRED_BLOCK = '+16175551000';
const EXPIRED_ALLOW = '+15125551000';
const PSAP = '+12025550911';
const PSAP_RANGE = '+12027300042';
const PLAIN = '+12125551234';
const FAILED = 'TN-Validation-Failed';
const PASSED_A = 'TN-Validation-Passed-A';

const lists = parseScoringLists(
  {
    allow: [
      { number: ALLOWED, source: 'appeal', reason: 'Appeal T-7 approved.' },
      {
        number: EXPIRED_ALLOW,
        reason: 'Trial period.',
        expiresAt: new Date(NOW - HOUR).toISOString(),
      },
    ],
    block: [
      { number: ALLOWED, source: 'staff', reason: 'Complaints before the appeal.' },
      { number: BLOCKED, source: 'staff', reason: 'Impersonates a bank.' },
      { number: DNO, source: 'dno', reason: 'Inbound-only line.' },
      {
        number: EXPIRED_BLOCK,
        source: 'staff',
        reason: 'Old.',
        expiresAt: new Date(NOW - 1).toISOString(),
      },
      { number: EXPIRED_ALLOW, source: 'staff', reason: 'Robocalls after the trial.' },
      { prefix: '+1404555', source: 'dno', reason: 'Inbound-only range.' },
    ],
  },
  'US',
);

function engineAt(now: number, ruleSet = aRuleSet(), scoringLists = lists): ScoringEngine {
  return new ScoringEngine(ruleSet, scoringLists, () => now);
}

describe(ScoringEngine.name, () => {
  const engine = engineAt(NOW);

  type Case = [string, Partial<ScoreRequest>, Verdict, number, string[]];
  // prettier-ignore
  const cases: Case[] = [
    ['a plain valid caller without verification', {}, 'allow', 0, []],
    ['a passed-A legitimate caller', { verstat: PASSED_A }, 'allow', 0, ['verstat-passed']],
    ['a passed-B caller', { verstat: 'TN-Validation-Passed-B' }, 'allow', 0, ['verstat-passed']],
    ['an anonymous caller', { caller: 'anonymous' }, 'allow', 0, ['anonymous']],
    ['an empty caller', { caller: '' }, 'allow', 0, ['anonymous']],
    ['a restricted unverified caller', { caller: 'restricted', verstat: 'No-TN-Validation' }, 'allow', 0, ['anonymous']],
    ['an anonymous caller that failed verification', { caller: 'Anonymous', verstat: FAILED }, 'reject', 85, ['verstat-failed', 'anonymous']],
    ['a block-listed caller asking for Privacy: id', { caller: BLOCKED, privacy: ['id'] }, 'reject', 100, ['block-list', 'do-not-originate', 'anonymous']],
    ['a staff block-listed caller in a DNO range', { caller: BLOCKED }, 'reject', 100, ['block-list', 'do-not-originate']],
    ['a DNO caller', { caller: DNO }, 'reject', 100, ['do-not-originate']],
    ['a DNO-range caller that passed with A', { caller: '+14045559999', verstat: PASSED_A }, 'reject', 90, ['do-not-originate', 'verstat-passed']],
    ['a call to 911 from a block-listed number', { caller: BLOCKED, callee: '911' }, 'allow', 0, ['protected-number']],
    ['a call to 112 from an invalid, failed caller', { caller: '+12029115555', callee: '112', verstat: FAILED }, 'allow', 0, ['protected-number']],
    ['a call to the 988 crisis line from a DNO number', { caller: DNO, callee: '988' }, 'allow', 0, ['protected-number']],
    ['a protected caller (PSAP callback) that failed verification', { caller: PSAP, verstat: FAILED }, 'allow', 0, ['protected-number']],
    ['a caller in a protected PSAP range', { caller: PSAP_RANGE, verstat: FAILED }, 'allow', 0, ['protected-number']],
    ['an allow-listed number that is also block-listed', { caller: ALLOWED, verstat: FAILED }, 'allow', 0, ['allow-list']],
    ['an allow-listed caller calling 988', { caller: ALLOWED, callee: '988' }, 'allow', 0, ['allow-list', 'protected-number']],
    ['a caller whose block entry expired', { caller: EXPIRED_BLOCK }, 'allow', 0, []],
    ['the same caller in national form', { caller: '(617) 555-1000' }, 'allow', 0, []],
    ['a block-listed caller whose allow entry expired', { caller: EXPIRED_ALLOW }, 'reject', 100, ['block-list']],
    ['a +1 caller with an N11 exchange', { caller: '+12029115555' }, 'reject', 90, ['invalid-number']],
    ['a +1 caller with an N11 area code', { caller: '4115551234' }, 'reject', 90, ['invalid-number']],
    ['a +1 caller in 555-01xx', { caller: '(212) 555-0142' }, 'reject', 90, ['invalid-number']],
    ['a +1 caller whose area code starts with 1', { caller: '+11255551234' }, 'reject', 90, ['invalid-number']],
    ['a +1 caller whose exchange starts with 0', { caller: '212-055-1234' }, 'reject', 90, ['invalid-number']],
    ['a +1 caller one digit short', { caller: '+1212555123' }, 'reject', 90, ['invalid-number']],
    ['a +1 caller one digit long', { caller: '+121255512345' }, 'reject', 90, ['invalid-number']],
    ['an invalid caller that passed with A', { caller: '+12029115555', verstat: PASSED_A }, 'reject', 80, ['invalid-number', 'verstat-passed']],
    ['an invalid caller that failed verification', { caller: '+12125550100', verstat: FAILED }, 'reject', 100, ['invalid-number', 'verstat-failed']],
    ['a valid caller that failed verification', { verstat: FAILED }, 'reject', 85, ['verstat-failed']],
    ['a valid non-US caller', { caller: '+44 20 7946 0958' }, 'allow', 0, []],
    ['a valid non-US caller that passed with C', { caller: '+33142685300', verstat: 'TN-Validation-Passed-C' }, 'allow', 0, ['verstat-passed']],
    ['an unallocated non-US caller', { caller: '+447700900123' }, 'reject', 90, ['invalid-number']],
    ['a caller that is not a number', { caller: 'sip-trunk-7' }, 'reject', 90, ['invalid-number']],
  ];

  it.each(cases)('should decide when %s calls', (_name, overrides, verdict, score, codes) => {
    const result = engine.score(aRequest(overrides));
    expect(result.reasons.map((reason) => reason.code)).toEqual(codes);
    expect(result).toMatchObject({ verdict, score, ruleSetVersion: 'spec-1' });
    for (const reason of result.reasons) expect(reason.detail).toMatch(/^[A-Z].+\.$/s);
  });

  it('should clamp the score to 0 when only exonerating points apply', () => {
    const result = engine.score(aRequest({ verstat: PASSED_A }));
    expect(result.reasons[0].points).toBe(-10);
    expect(result.score).toBe(0);
  });

  it('should clamp the score to 100 when the reasons add up to more', () => {
    const result = engine.score(aRequest({ caller: BLOCKED, verstat: FAILED }));
    expect(result.reasons.reduce((sum, reason) => sum + reason.points, 0)).toBe(285);
    expect(result.score).toBe(100);
  });

  it('should label the call when the score lands between the thresholds', () => {
    const data = ruleSetData();
    const weights = { ...(data.weights as object), verstatFailed: 60 };
    const result = engineAt(NOW, parseRuleSet({ ...data, weights })).score(
      aRequest({ verstat: FAILED }),
    );
    expect(result).toMatchObject({ verdict: 'label', score: 60 });
  });

  it('should apply a block entry until its expiry when the clock passes it', () => {
    const expiresAt = new Date(NOW + HOUR).toISOString();
    const expiring = parseScoringLists({
      block: [{ number: PLAIN, source: 'staff', reason: 'Temporary.', expiresAt }],
    });
    expect(engineAt(NOW, aRuleSet(), expiring).score(aRequest()).verdict).toBe('reject');
    expect(engineAt(NOW + HOUR, aRuleSet(), expiring).score(aRequest()).verdict).toBe('allow');
  });

  it('should score against the new lists when withLists is given them', () => {
    const updated = engine.withLists(ScoringLists.empty());
    expect(updated.score(aRequest({ caller: BLOCKED })).verdict).toBe('allow');
    expect(engine.score(aRequest({ caller: BLOCKED })).verdict).toBe('reject');
  });

  it.each(['+', '++1', '\u0000', ' ', 'x'.repeat(5000), '1'.repeat(40), '%2B', 'tel:', '()'])(
    'should return a verdict without throwing when caller and callee are %j',
    (odd) => {
      expect(() => engine.score(aRequest({ caller: odd, callee: odd }))).not.toThrow();
    },
  );

  describe('with the shipped config files', () => {
    const ruleSet = loadRuleSet(`${CONFIG_DIR}/ruleset.json`);
    const shipped = new ScoringEngine(ruleSet, lists, () => NOW);

    it.each<[string, Partial<ScoreRequest>]>([
      ['a staff block-list entry', { caller: EXPIRED_ALLOW }],
      ['a do-not-originate entry', { caller: DNO }],
      ['an invalid number', { caller: '+12029115555' }],
      ['a failed verification', { verstat: FAILED }],
    ])('should reject when %s is the only signal', (_name, overrides) => {
      expect(shipped.score(aRequest(overrides)).verdict).toBe('reject');
    });

    it.each<[string, Partial<ScoreRequest>]>([
      ['a staff block-list entry', { caller: EXPIRED_ALLOW }],
      ['a do-not-originate entry', { caller: DNO }],
      ['an invalid number', { caller: '+12029115555' }],
    ])('should still reject when %s comes with a passed-A verification', (_name, overrides) => {
      expect(shipped.score(aRequest({ ...overrides, verstat: PASSED_A })).verdict).toBe('reject');
    });

    it('should allow when the caller passed with A and nothing else applies', () => {
      expect(shipped.score(aRequest({ verstat: PASSED_A }))).toMatchObject({
        verdict: 'allow',
        score: 0,
        ruleSetVersion: '2026-11-23.1',
      });
    });

    it('should apply the example entries when the shipped lists are loaded', () => {
      const examples = new ScoringEngine(ruleSet, loadScoringLists(`${CONFIG_DIR}/lists.json`));
      const codesOf = (caller: string) =>
        examples.score(aRequest({ caller })).reasons.map((reason) => reason.code);
      expect(codesOf('+61255501234')).toEqual(['allow-list']);
      expect(codesOf('+442079460123')).toEqual(['block-list']);
      expect(codesOf('+442079460987')).toEqual(['do-not-originate']);
      expect(codesOf('+442079460456')).toEqual([]);
    });
  });
});
