import { NOW, US_CALLER, aContext } from '../../test/scoring-fixtures';
import { parseScoringLists } from '../scoring-lists';
import { AllowListRule } from './allow-list.rule';

describe(AllowListRule.name, () => {
  const lists = parseScoringLists(
    {
      allow: [
        { number: US_CALLER, source: 'appeal', reason: 'Appeal T-42 approved.' },
        { prefix: '+1310', reason: 'Partner call centre.' },
        {
          number: '+14155550142',
          reason: 'Old entry.',
          expiresAt: new Date(NOW - 1).toISOString(),
        },
      ],
    },
    'US',
  );
  const rule = new AllowListRule(lists);

  it('should allow with the appeal in plain words when the caller is on the allow list', () => {
    expect(rule.evaluate(aContext({ caller: '(212) 555-1234' }))).toEqual([
      {
        code: 'allow-list',
        points: 0,
        detail:
          'The calling number +12125551234 was allowed after an approved appeal: Appeal T-42 approved.',
      },
    ]);
  });

  it('should name the range when the caller matches a prefix entry', () => {
    const [reason] = rule.evaluate(aContext({ caller: '+13105559876' }));
    expect(reason.detail).toBe(
      'The calling number +13105559876 was allowed by the operator (every number starting +1310): Partner call centre.',
    );
  });

  it.each(['+14155550142', 'anonymous', '+442079460958'])(
    'should return nothing when the caller %j has no live entry',
    (caller) => {
      expect(rule.evaluate(aContext({ caller }))).toEqual([]);
    },
  );
});
