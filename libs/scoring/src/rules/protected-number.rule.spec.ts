import { aContext, aRuleSet, containing } from '../../test/scoring-fixtures';
import { ProtectedNumberRule } from './protected-number.rule';

describe(ProtectedNumberRule.name, () => {
  const rule = new ProtectedNumberRule(aRuleSet());

  it.each(['911', '112', '933', '9-1-1', '1911', '+1911'])(
    'should protect the call when the callee is the emergency number %j',
    (callee) => {
      expect(rule.evaluate(aContext({ callee }))).toEqual([
        {
          code: 'protected-number',
          points: 0,
          detail: containing('emergency number'),
        },
      ]);
    },
  );

  it.each(['988', '+12025550911', '+12027301234'])(
    'should protect the call when the callee %j is a configured protected number or range',
    (callee) => {
      expect(rule.evaluate(aContext({ callee }))).toEqual([
        { code: 'protected-number', points: 0, detail: containing('Calls to') },
      ]);
    },
  );

  it.each(['+1 202 555 0911', '2025550911', '+12027309999'])(
    'should protect the call when the caller %j is a configured protected number (PSAP callback)',
    (caller) => {
      expect(rule.evaluate(aContext({ caller }))).toEqual([
        { code: 'protected-number', points: 0, detail: containing('Calls from') },
      ]);
    },
  );

  it('should not protect a caller when it merely presents an emergency code', () => {
    expect(rule.evaluate(aContext({ caller: '911' }))).toEqual([]);
  });

  it.each(['+12125551234', '+911234567890', '9111', 'anonymous'])(
    'should return nothing when the callee %j is not protected',
    (callee) => {
      expect(rule.evaluate(aContext({ callee }))).toEqual([]);
    },
  );
});
