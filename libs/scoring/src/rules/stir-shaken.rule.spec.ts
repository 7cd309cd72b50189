import { aContext, anyText, aRuleSet, ruleSetData } from '../../test/scoring-fixtures';
import { parseRuleSet } from '../rule-set';
import { StirShakenRule } from './stir-shaken.rule';

describe(StirShakenRule.name, () => {
  const rule = new StirShakenRule(aRuleSet().weights);

  it.each([
    ['TN-Validation-Failed', undefined, 'verstat-failed', 85],
    ['tn-validation-failed-a', undefined, 'verstat-failed', 85],
    ['TN-Validation-Passed-A', undefined, 'verstat-passed', -10],
    ['TN-Validation-Passed', 'A', 'verstat-passed', -10],
    ['TN-Validation-Passed-B', undefined, 'verstat-passed', 0],
    ['TN-Validation-Passed-C', undefined, 'verstat-passed', 0],
    ['TN-Validation-Passed', undefined, 'verstat-passed', 0],
  ])(
    'should score verstat %j with attestation %j as %s %d',
    (verstat, attestationHeader, code, points) => {
      expect(rule.evaluate(aContext({ verstat, attestationHeader }))).toEqual([
        { code, points, detail: anyText() },
      ]);
    },
  );

  it('should say a pass is no proof of a good call when the caller passed', () => {
    const [reason] = rule.evaluate(aContext({ verstat: 'TN-Validation-Passed-A' }));
    expect(reason.detail).toContain('not that the call is wanted');
  });

  it.each([undefined, 'No-TN-Validation', 'junk'])(
    'should return nothing when verstat is %j and unverified calls weigh 0',
    (verstat) => {
      expect(rule.evaluate(aContext({ verstat }))).toEqual([]);
    },
  );

  it('should add verstat-none when the rule set weighs unverified calls', () => {
    const data = ruleSetData();
    const weights = parseRuleSet({
      ...data,
      weights: { ...(data.weights as object), verstatNone: 5 },
    }).weights;
    expect(new StirShakenRule(weights).evaluate(aContext({ verstat: 'No-TN-Validation' }))).toEqual(
      [{ code: 'verstat-none', points: 5, detail: anyText() }],
    );
  });
});
