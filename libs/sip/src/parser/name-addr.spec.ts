import { parseNameAddr } from './name-addr';

function nameAddr(text: string) {
  const outcome = parseNameAddr(text);
  if (!outcome.ok) throw new Error(`expected a name-addr, got ${outcome.error.message}`);
  return outcome.value;
}

describe(parseNameAddr.name, () => {
  it('should resolve escapes when the display name is quoted', () => {
    const n = nameAddr('"J Rosenberg \\\\\\"" <sip:jdrosen@example.com>;tag=98asjd8');
    expect(n.displayName).toBe('J Rosenberg \\"');
    expect(n.tag).toBe('98asjd8');
    expect(n.uri.user).toBe('jdrosen');
  });

  it('should keep a comma when it is inside the quotes', () => {
    expect(nameAddr('"Bell, Alexander" <sip:a.g.bell@example.com>;tag=433423').displayName).toBe(
      'Bell, Alexander',
    );
  });

  it('should accept tokens when the display name is unquoted and touches "<"', () => {
    expect(nameAddr('caller<sip:caller@example.com>;tag=323').displayName).toBe('caller');
    expect(nameAddr('A. Bell <sip:a.g.bell@example.com>').displayName).toBe('A. Bell');
  });

  it('should treat parameters as header parameters when the value is an addr-spec', () => {
    const n = nameAddr('sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n');
    expect(n.displayName).toBeUndefined();
    expect(n.uri.params.size).toBe(0);
    expect(n.params.get('tag')).toBe('1918181833n');
    expect(n.tag).toBe('1918181833n');
  });

  it('should keep the user-part ; in the URI when an addr-spec has verstat before the @', () => {
    const n = nameAddr('sip:+12025550123;verstat=TN-Validation-Passed@example.com;tag=x1');
    expect(n.uri.userParams.get('verstat')).toBe('TN-Validation-Passed');
    expect(n.tag).toBe('x1');
  });

  it('should keep URI parameters inside the brackets when the value is a name-addr', () => {
    const n = nameAddr('<sip:+12025550123@example.com;user=phone>;tag=1;expires=60');
    expect(n.uri.params.get('user')).toBe('phone');
    expect([...n.params]).toEqual([
      ['tag', '1'],
      ['expires', '60'],
    ]);
  });

  it('should keep quoted parameter values as sent when they hold UTF-8', () => {
    const n = nameAddr('<sip:a@example.com>;x="\xd1\x80\xd0\xb0"');
    expect(n.params.get('x')).toBe('"\xd1\x80\xd0\xb0"');
  });

  it('should accept other schemes when RFC 4475 unksm2 uses them', () => {
    expect(nameAddr('<http://www.example.com>;tag=3234233').uri.scheme).toBe('other');
    expect(nameAddr('isbn:2983792873').uri.raw).toBe('isbn:2983792873');
  });

  it.each([
    ['', 'empty value'],
    ['"Mr. J. User <sip:j.user@example.com>', 'unterminated quoted string'],
    ['"Watson, Thomas" < sip:t.watson@example.org >', 'whitespace inside "<...>"'],
    ['Bell, Alexander <sip:a.g.bell@example.com>', 'invalid character "," in display name'],
    ['<sip:a@example.com', 'missing ">"'],
    ['"x" sip:a@example.com', 'expected "<" after display name'],
    ['<sip:a@example.com>;tag', 'tag parameter without a value'],
    ['<sip:a@example.com>;;tag=1', 'empty parameter'],
    ['<sip:a@example.com> junk', 'unexpected "j"'],
    [
      'sip:user@example.com?Route=%3Csip:sip.example.com%3E',
      'a URI with headers must be enclosed in "<>"',
    ],
  ])('should reject %j when %s', (text, detail) => {
    const outcome = parseNameAddr(text);
    expect(outcome.ok ? 'ok' : [outcome.error.code, outcome.error.detail]).toEqual([
      'name-addr',
      detail,
    ]);
  });
});
