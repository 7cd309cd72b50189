import { indexOfUnquoted, SipHeaderTable, splitHeaderList } from './sip-headers';

describe(splitHeaderList.name, () => {
  it.each<[string, string[]]>([
    ['a, b ,c', ['a', 'b', 'c']],
    ['"Doe, John" <sip:j@x>;tag=1, <sip:k@y>', ['"Doe, John" <sip:j@x>;tag=1', '<sip:k@y>']],
    ['<sip:a@x?h=1,2>, <sip:b@y>', ['<sip:a@x?h=1,2>', '<sip:b@y>']],
    ['"say \\"hi, there\\"" <sip:q@x>', ['"say \\"hi, there\\"" <sip:q@x>']],
    [' , a,, ', ['a']],
    // latin1-decoded UTF-8 "à" ends in 0xA0: only SP/HT are trimmed, never that byte
    ['caf\u00c3\u00a0, b', ['caf\u00c3\u00a0', 'b']],
  ])('should split %j into %j', (value, expected) => {
    expect(splitHeaderList(value)).toEqual(expected);
  });
});

describe(indexOfUnquoted.name, () => {
  it('should skip characters inside quotes and angle brackets when it searches', () => {
    const value = '"a;b" <sip:x;lr>;tag=1';
    expect(indexOfUnquoted(value, 0x3b)).toBe(value.indexOf(';tag'));
    expect(indexOfUnquoted('<sip:x;lr>', 0x3b)).toBe(-1);
  });
});

describe(SipHeaderTable.name, () => {
  const table = new SipHeaderTable([
    { name: 'via', value: 'SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2' },
    { name: 'via', value: 'SIP/2.0/UDP c;branch=z9hG4bK3' },
    { name: 'date', value: 'Sat, 13 Nov 2010 23:29:00 GMT' },
  ]);

  it('should give every list element across lines and commas when the header is a list', () => {
    expect(table.getAll('via')).toHaveLength(3);
    expect(table.get('via')).toBe('SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2');
  });

  it('should not split a header whose grammar has commas inside one value', () => {
    expect(table.getAll('date')).toEqual(['Sat, 13 Nov 2010 23:29:00 GMT']);
    expect(table.has('contact')).toBe(false);
  });
});
