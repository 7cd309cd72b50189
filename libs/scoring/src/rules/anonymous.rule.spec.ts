import { aContext, aRuleSet, containing } from '../../test/scoring-fixtures';
import { AnonymousRule } from './anonymous.rule';

describe(AnonymousRule.name, () => {
  const rule = new AnonymousRule(aRuleSet().weights);

  it.each(['anonymous', 'Anonymous', '', 'restricted', 'unavailable'])(
    'should add a 0-point anonymous reason when the caller is %j',
    (caller) => {
      expect(rule.evaluate(aContext({ caller }))).toEqual([
        { code: 'anonymous', points: 0, detail: containing('never blocks a call') },
      ]);
    },
  );

  it('should add a 0-point anonymous reason when the caller asked for Privacy: id', () => {
    expect(rule.evaluate(aContext({ privacy: ['id'] }))).toEqual([
      { code: 'anonymous', points: 0, detail: containing('Privacy: id') },
    ]);
  });

  it('should return nothing when the caller shows a number without privacy', () => {
    expect(rule.evaluate(aContext({ privacy: ['none'] }))).toEqual([]);
  });
});
