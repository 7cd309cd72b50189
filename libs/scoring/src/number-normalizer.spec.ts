import { normalizeNumber, normalizePrefix } from './number-normalizer';

describe(normalizeNumber.name, () => {
  it.each([
    ['+12025550123', '+12025550123'],
    ['12025550123', '+12025550123'],
    ['2025550123', '+12025550123'],
    ['(202) 555-0123', '+12025550123'],
    ['202.555.0123', '+12025550123'],
    ['+1-202-555-0123', '+12025550123'],
    ['tel:+1-202-555-0123', '+12025550123'],
    ['%2B12025550123', '+12025550123'],
    ['+44 20 7946 0958', '+442079460958'],
    ['011442079460958', '+442079460958'],
  ])('should normalise %j to %s when it is a number in any accepted form', (raw, e164) => {
    const number = normalizeNumber(raw, 'US');
    expect(number).toMatchObject({ kind: 'e164', e164, raw });
  });

  it.each(['anonymous', 'Anonymous', '', '  ', 'restricted', 'unavailable', 'Private'])(
    'should report %j as withheld when it is a withheld marker',
    (raw) => {
      expect(normalizeNumber(raw, 'US')).toEqual({ kind: 'withheld', raw });
    },
  );

  it.each(['911', '112', '988', '9-1-1'])(
    'should keep %j as a short code when it is a service code',
    (raw) => {
      expect(normalizeNumber(raw, 'US')).toMatchObject({
        kind: 'short-code',
        digits: raw.replace(/-/g, ''),
      });
    },
  );

  it.each([
    ['caller', 'characters other than digits'],
    ['+1202555012345678', 'more than E.164 allows'],
    ['+999123456', 'not a telephone number'],
  ])('should report %j as unusable when it is not a telephone number', (raw, problem) => {
    const number = normalizeNumber(raw, 'US');
    expect(number.kind).toBe('unusable');
    expect(number.kind === 'unusable' && number.problem).toContain(problem);
  });

  it('should flag validity and length when the number parses but is not allocated', () => {
    expect(normalizeNumber('+1202555012', 'US')).toMatchObject({
      kind: 'e164',
      valid: false,
      possible: false,
    });
    expect(normalizeNumber('+12125551234', 'US')).toMatchObject({
      kind: 'e164',
      valid: true,
      possible: true,
    });
  });

  it('should use the default region when the number is in national form', () => {
    expect(normalizeNumber('020 7946 0958', 'GB')).toMatchObject({
      kind: 'e164',
      e164: '+442079460958',
    });
  });
});

describe(normalizePrefix.name, () => {
  it('should strip visual separators when the prefix is international', () => {
    expect(normalizePrefix('+1 (202) 555')).toBe('+1202555');
  });

  it.each(['1202555', '+', '+0123', 'abc'])(
    'should reject %j when it is not an E.164 prefix',
    (raw) => {
      expect(normalizePrefix(raw)).toBeUndefined();
    },
  );
});
