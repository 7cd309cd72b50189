import { aContext, aRuleSet, containing, NOW } from '../../test/scoring-fixtures';
import { parseScoringLists } from '../scoring-lists';
import { BlockListRule } from './block-list.rule';

describe(BlockListRule.name, () => {
  const lists = parseScoringLists(
    {
      block: [
        { number: '+12125551234', source: 'staff', reason: 'Impersonates a bank.' },
        { prefix: '+1212555', source: 'staff', reason: 'Whole range abused.' },
        { number: '+12125551234', source: 'dno', reason: 'Registered by the owner.' },
        { number: '+13105559876', source: 'dno', reason: 'Tax office inbound line.' },
        {
          number: '+14155550142',
          source: 'staff',
          reason: 'Expired.',
          expiresAt: new Date(NOW).toISOString(),
        },
      ],
    },
    'US',
  );
  const rule = new BlockListRule(lists, aRuleSet().weights);

  it('should add one reason per source with the rule-set weights when both lists match', () => {
    expect(rule.evaluate(aContext({ caller: '2125551234' }))).toEqual([
      {
        code: 'block-list',
        points: 100,
        detail:
          "The calling number +12125551234 is on the operator's block list: Impersonates a bank.",
      },
      {
        code: 'do-not-originate',
        points: 100,
        detail: containing('is on the do-not-originate list: it is only used to receive calls'),
      },
    ]);
  });

  it('should name the range when only a prefix entry matches', () => {
    const reasons = rule.evaluate(aContext({ caller: '+12125550000' }));
    expect(reasons.map((r) => r.detail)).toEqual([
      "The calling number +12125550000 is on the operator's block list (every number starting +1212555): Whole range abused.",
    ]);
  });

  it('should report do-not-originate when the caller is a DNO number', () => {
    expect(rule.evaluate(aContext({ caller: '+13105559876' })).map((r) => r.code)).toEqual([
      'do-not-originate',
    ]);
  });

  it.each(['+14155550142', 'anonymous', '911', '+442079460958'])(
    'should return nothing when the caller %j has no live block entry',
    (caller) => {
      expect(rule.evaluate(aContext({ caller }))).toEqual([]);
    },
  );
});
