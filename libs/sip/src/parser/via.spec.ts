import { parseVia } from './via';

function via(text: string) {
  const outcome = parseVia(text);
  if (!outcome.ok) throw new Error(`expected a Via, got ${outcome.error.message}`);
  return outcome.value;
}

describe(parseVia.name, () => {
  it('should read transport, sent-by and the known parameters when all are present', () => {
    const v = via(
      'SIP/2.0/udp 192.0.2.1:5060;branch=z9hG4bK776;received=198.51.100.1;rport=61000;maddr=224.2.0.1;ttl=1',
    );
    expect(v).toMatchObject({
      transport: 'UDP',
      host: '192.0.2.1',
      port: 5060,
      branch: 'z9hG4bK776',
      received: '198.51.100.1',
      rport: 61000,
      maddr: '224.2.0.1',
      ttl: 1,
    });
  });

  it('should tell a flag rport from an absent one when RFC 3581 asks for it', () => {
    expect(via('SIP/2.0/UDP h;rport;branch=z9hG4bK1').rport).toBeNull();
    expect(via('SIP/2.0/UDP h;branch=z9hG4bK1').rport).toBeUndefined();
  });

  it('should accept LWS everywhere the grammar allows it when the Via is tortuous', () => {
    const v = via('SIP  / 2.0  / TCP     spindle.example.com   ; branch  =   z9hG4bK9ikj8');
    expect([v.transport, v.host, v.branch]).toEqual(['TCP', 'spindle.example.com', 'z9hG4bK9ikj8']);
    expect(via('SIP/2.0/UDP host : 5070').port).toBe(5070);
  });

  it('should keep IPv6 brackets when sent-by is an IPv6 reference', () => {
    const v = via(
      'SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111;received=[2001:db8::9:255]',
    );
    expect([v.host, v.port, v.received]).toEqual(['[2001:db8::9:1]', 6050, '[2001:db8::9:255]']);
  });

  it('should accept an unknown transport when it is a token', () => {
    expect(via('SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en').transport).toBe('UNKNOWN');
  });

  it('should keep unknown parameters in params when they are present', () => {
    expect(via('SIP/2.0/UDP h;branch=z9hG4bK1;x-foo="a b";flag').params.get('x-foo')).toBe('"a b"');
  });

  it.each([
    ['', 'protocol name is not SIP'],
    ['SIP/3.0/UDP host', 'protocol version is not 2.0'],
    ['SIP/2.0 UDP host', 'expected "/" in sent-protocol'],
    ['SIP/2.0/UDP', 'expected whitespace before sent-by'],
    ['SIP/2.0/UDP ', 'expected whitespace before sent-by'],
    ['SIP/2.0/UDP host:99999', 'invalid port'],
    ['SIP/2.0/UDP 192.0.2.15;;', 'empty parameter'],
    ['SIP/2.0/UDP host;rport=x', 'invalid rport'],
    ['SIP/2.0/UDP host;ttl=256', 'invalid ttl'],
    ['SIP/2.0/UDP host;branch', 'branch parameter without a value'],
    ['SIP/2.0/UDP [2001:db8::1', 'unterminated IPv6 reference'],
  ])('should reject %j when %s', (text, detail) => {
    const outcome = parseVia(text);
    expect(outcome.ok ? 'ok' : [outcome.error.code, outcome.error.detail]).toEqual(['via', detail]);
  });
});
