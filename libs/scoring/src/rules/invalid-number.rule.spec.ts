import { aContext, aRuleSet, containing } from '../../test/scoring-fixtures';
import { InvalidNumberRule } from './invalid-number.rule';

describe(InvalidNumberRule.name, () => {
  const rule = new InvalidNumberRule(aRuleSet().weights);

  it.each([
    ['+12029115555', 'exchange code 911 is a service code'],
    ['+19115551234', 'area code 911 is a service code'],
    ['+12025550123', 'reserved for fictional use'],
    ['2125550199', 'reserved for fictional use'],
    ['+10255501234', 'area code 025 starts with 0'],
    ['+11255501234', 'area code 125 starts with 1'],
    ['+12020551234', 'exchange code 055 starts with 0'],
    ['+12021551234', 'exchange code 155 starts with 1'],
    ['+1202555123', '9 digits after the +1'],
    ['+120255512345', '11 digits after the +1'],
    ['+13705551234', 'not in any range allocated'],
    ['+447700900123', 'not in any range allocated'],
    ['+44207946', 'wrong number of digits'],
    ['911', '3-digit service code'],
    ['sip-trunk', 'not a telephone number'],
  ])('should add invalid-number when the caller is %j (%s)', (caller, words) => {
    expect(rule.evaluate(aContext({ caller }))).toEqual([
      { code: 'invalid-number', points: 90, detail: containing(words) },
    ]);
  });

  it.each([
    '+12125551234',
    '212-555-1234',
    '+18885552000',
    '+16135552000',
    '+442079460958',
    '+33142685300',
    '+61255501234',
    'anonymous',
    'Anonymous',
    '',
    'restricted',
    'unavailable',
  ])('should return nothing when the caller %j is valid or withheld', (caller) => {
    expect(rule.evaluate(aContext({ caller }))).toEqual([]);
  });
});
