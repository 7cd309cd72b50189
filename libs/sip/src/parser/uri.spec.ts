import { parseUri } from './uri';

function uri(text: string) {
  const outcome = parseUri(text);
  if (!outcome.ok) throw new Error(`expected a URI, got ${outcome.error.message}`);
  return outcome.value;
}

describe(parseUri.name, () => {
  it('should split every component when a sip URI has all of them', () => {
    const u = uri('sip:alice:secret@Example.COM:5070;transport=TCP;lr?Subject=hi&Priority=urgent');
    expect(u).toMatchObject({
      scheme: 'sip',
      user: 'alice',
      password: 'secret',
      host: 'Example.COM',
      port: 5070,
    });
    expect([...u.params]).toEqual([
      ['transport', 'TCP'],
      ['lr', null],
    ]);
    expect([...u.headers]).toEqual([
      ['subject', 'hi'],
      ['priority', 'urgent'],
    ]);
    expect(u.raw).toBe(
      'sip:alice:secret@Example.COM:5070;transport=TCP;lr?Subject=hi&Priority=urgent',
    );
  });

  it('should lower-case the scheme when it is sent in capitals', () => {
    expect(uri('SIPS:bob@example.com').scheme).toBe('sips');
  });

  it('should move user-part parameters to userParams when verstat precedes the @', () => {
    const u = uri('sip:+12025550123;verstat=TN-Validation-Passed;npdi@host.example.com;user=phone');
    expect(u.user).toBe('+12025550123');
    expect([...u.userParams]).toEqual([
      ['verstat', 'TN-Validation-Passed'],
      ['npdi', null],
    ]);
    expect(u.params.get('user')).toBe('phone');
  });

  it('should keep percent-escapes as sent when the user part is escaped', () => {
    expect(uri('sip:null-%00-null@example.com').user).toBe('null-%00-null');
  });

  it('should keep brackets when the host is an IPv6 reference', () => {
    expect(uri('sip:[2001:db8::10]:5060').host).toBe('[2001:db8::10]');
    expect(uri('sip:user@[::ffff:192.0.2.2]').host).toBe('[::ffff:192.0.2.2]');
    expect(uri('sip:user@[2001:db8:::192.0.2.1]').host).toBe('[2001:db8:::192.0.2.1]');
  });

  it('should carry the number and its parameters when the URI is tel', () => {
    const u = uri('tel:+1-202-555-0123;ext=12;phone-context=example.com');
    expect(u).toMatchObject({ scheme: 'tel', user: '+1-202-555-0123', host: '', port: undefined });
    expect(u.userParams.get('ext')).toBe('12');
  });

  it('should parse any other scheme as other when it is well-formed', () => {
    expect(uri('soap.beep://192.0.2.103:3002')).toMatchObject({
      scheme: 'other',
      host: '',
      user: undefined,
    });
    expect(uri('urn:service:sos').raw).toBe('urn:service:sos');
  });

  it.each([
    ['', 'missing URI scheme'],
    ['sip:', 'missing host'],
    ['sip:@example.com', 'empty user part'],
    ['sip:2001:db8::10', 'invalid port'],
    ['sip:host:65536', 'invalid port'],
    ['sip:host:', 'invalid port'],
    ['sip:[2001:db8::10', 'unterminated IPv6 reference'],
    ['sip:[zz::1]', 'invalid character in IPv6 reference'],
    ['sip:host;;lr', 'empty URI parameter'],
    ['sip:a b@host', 'invalid character in user part'],
    ['sip:host>', 'unexpected ">" in URI'],
    ['tel:', 'empty tel URI number'],
    ['mailto:', 'empty URI'],
    ['1sip:host', 'missing URI scheme'],
  ])('should reject %j when %s', (text, detail) => {
    const outcome = parseUri(text);
    expect(outcome.ok ? 'ok' : [outcome.error.code, outcome.error.detail]).toEqual(['uri', detail]);
  });
});
