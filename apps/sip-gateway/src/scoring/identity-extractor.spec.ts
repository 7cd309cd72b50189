import { peerProfileSchema } from '@app/config';
import { parseMessage, type SipRequest } from '@app/sip';
import { extractScoreRequest } from './identity-extractor';

const PEER = peerProfileSchema.parse({
  name: 'carrier',
  cidrs: ['192.0.2.0/24'],
  routeTarget: 'ss1',
});
const AT = new Date('2026-11-23T12:00:00.000Z');

function invite(
  headers: string[],
  from = '<sip:+12127363100@carrier.example.net>;tag=f',
): SipRequest {
  const text = [
    'INVITE sip:+13125467890;npdi@gw.example.net;user=phone SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKid',
    `From: ${from}`,
    'To: <sip:+13125467890@gw.example.net>',
    'Call-ID: id-test',
    'CSeq: 1 INVITE',
    ...headers,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const parsed = parseMessage(Buffer.from(text, 'latin1'));
  if (!parsed.ok || parsed.value.kind !== 'request')
    throw new Error(`bad test message: ${parsed.ok ? '' : parsed.error.message}`);
  return parsed.value;
}

describe(extractScoreRequest.name, () => {
  it('should take the caller from From and the callee from the Request-URI when nothing else is there', () => {
    const r = extractScoreRequest(invite([]), PEER, 'd1', AT);
    expect(r).toMatchObject({
      decisionId: 'd1',
      receivedAt: '2026-11-23T12:00:00.000Z',
      peer: 'carrier',
      callId: 'id-test',
      caller: '+12127363100',
      callerSource: 'from',
      fromUser: '+12127363100',
      callee: '+13125467890',
      verstat: undefined,
      attestationHeader: undefined,
      privacy: [],
      redirectingNumbers: [],
    });
  });

  it('should prefer P-Asserted-Identity and read verstat from its user part when present', () => {
    const r = extractScoreRequest(
      invite([
        'P-Asserted-Identity: <sip:+12127363111;verstat=TN-Validation-Passed-A@carrier.example.net;user=phone>',
      ]),
      PEER,
      'd',
      AT,
    );
    expect(r).toMatchObject({
      caller: '+12127363111',
      callerSource: 'pai',
      verstat: 'TN-Validation-Passed-A',
    });
  });

  it('should take the tel URI of a PAI pair and verstat from URI parameters', () => {
    const r = extractScoreRequest(
      invite([
        'P-Asserted-Identity: "Acme" <tel:+12127363122;verstat=TN-Validation-Failed>, <sip:+12127363122@acme.example>',
      ]),
      PEER,
      'd',
      AT,
    );
    expect(r).toMatchObject({
      caller: '+12127363122',
      callerSource: 'pai',
      verstat: 'TN-Validation-Failed',
    });
  });

  it('should fall back to P-Preferred-Identity, then Remote-Party-ID, when PAI is absent or broken', () => {
    expect(
      extractScoreRequest(invite(['P-Preferred-Identity: <sip:+12127363133@x>']), PEER, 'd', AT),
    ).toMatchObject({ caller: '+12127363133', callerSource: 'ppi' });
    expect(
      extractScoreRequest(
        invite([
          'P-Asserted-Identity: <<<broken',
          'Remote-Party-ID: <sip:+12127363144@x>;party=calling;privacy=off',
        ]),
        PEER,
        'd',
        AT,
      ),
    ).toMatchObject({ caller: '+12127363144', callerSource: 'rpid' });
  });

  it('should read verstat from From when the caller came from From', () => {
    const r = extractScoreRequest(
      invite([], '<sip:+12127363100;verstat=No-TN-Validation@carrier.example.net>;tag=f'),
      PEER,
      'd',
      AT,
    );
    expect(r.verstat).toBe('No-TN-Validation');
  });

  it('should collect attestation, Privacy tokens and redirecting numbers oldest first', () => {
    const r = extractScoreRequest(
      invite([
        'Attestation-Info: B',
        'Privacy: id;header',
        'Diversion: <sip:+13125550001@x>;reason=unconditional, <sip:+13125550002@x>;reason=busy',
        'History-Info: <sip:+13125550010@x>;index=1, <sip:+13125550011@x>;index=1.1, <sip:+13125467890@x>;index=1.1.1',
      ]),
      PEER,
      'd',
      AT,
    );
    expect(r.attestationHeader).toBe('B');
    expect(r.privacy).toEqual(['id', 'header']);
    expect(r.redirectingNumbers).toEqual([
      '+13125550002',
      '+13125550001',
      '+13125550010',
      '+13125550011',
    ]);
  });

  it('should give P-Attestation-Indicator when Attestation-Info is absent', () => {
    expect(
      extractScoreRequest(invite(['P-Attestation-Indicator: A']), PEER, 'd', AT).attestationHeader,
    ).toBe('A');
  });

  it('should pass an anonymous caller through as it is', () => {
    const r = extractScoreRequest(
      invite(['Privacy: id'], '"Anonymous" <sip:anonymous@anonymous.invalid>;tag=f'),
      PEER,
      'd',
      AT,
    );
    expect(r).toMatchObject({ caller: 'anonymous', callerSource: 'from', privacy: ['id'] });
  });
});
