import { canonicalHeaderName } from './compact-forms';

describe(canonicalHeaderName.name, () => {
  it.each([
    ['i', 'call-id'],
    ['m', 'contact'],
    ['e', 'content-encoding'],
    ['l', 'content-length'],
    ['c', 'content-type'],
    ['f', 'from'],
    ['s', 'subject'],
    ['k', 'supported'],
    ['t', 'to'],
    ['V', 'via'],
    ['o', 'event'],
    ['r', 'refer-to'],
    ['b', 'referred-by'],
    ['x', 'session-expires'],
    ['u', 'allow-events'],
    ['y', 'identity'],
    ['a', 'accept-contact'],
    ['j', 'reject-contact'],
    ['d', 'request-disposition'],
    ['n', 'identity-info'],
  ])('should expand %s to %s when it is a compact form', (compact, long) => {
    expect(canonicalHeaderName(compact)).toBe(long);
  });

  it('should lower-case long names when they are sent in any case', () => {
    expect(canonicalHeaderName('MaX-fOrWaRdS')).toBe('max-forwards');
    expect(canonicalHeaderName('Call-ID')).toBe('call-id');
    expect(canonicalHeaderName('P-Asserted-Identity')).toBe('p-asserted-identity');
  });

  it('should leave unknown single letters alone when no compact form exists', () => {
    expect(canonicalHeaderName('Z')).toBe('z');
  });
});
