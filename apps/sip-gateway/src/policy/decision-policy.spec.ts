import { peerProfileSchema, type PeerProfile } from '@app/config';
import type { ScoreVerdict, Verdict } from '@app/scoring';
import { decide, type DecisionInput, type SipAnswer } from './decision-policy';

const TOKEN = 'Zq3v9Xk2Lm8Pw4Rt6Yb1Nc';
const BASE = 'https://screen.example.net';

function profile(overrides: Record<string, unknown> = {}): PeerProfile {
  return peerProfileSchema.parse({
    name: 'carrier',
    cidrs: ['192.0.2.0/24'],
    routeTarget: 'ss1.example.net:5060;transport=udp',
    ...overrides,
  });
}

function verdict(v: Verdict): ScoreVerdict {
  return {
    verdict: v,
    score: v === 'reject' ? 90 : v === 'label' ? 50 : 0,
    reasons: [],
    ruleSetVersion: 't',
  };
}

function input(overrides: Partial<DecisionInput>): DecisionInput {
  return {
    peer: profile(),
    verdict: verdict('allow'),
    calledUser: '+12025550123',
    emergency: false,
    supports608: true,
    token: TOKEN,
    publicBaseUrl: BASE,
    ...overrides,
  };
}

const REJECT_608: Partial<SipAnswer> = {
  status: 608,
  reason: 'Rejected',
  headers: [
    ['Call-Info', `<${BASE}/r/${TOKEN}>;purpose=jwscard`],
    ['Reason', 'Q.850;cause=21;text="Call rejected";location=RLN'],
  ],
  applied: 'reject',
  token: TOKEN,
};
const REJECT_603_SIP: Partial<SipAnswer> = {
  status: 603,
  reason: 'Network Blocked',
  headers: [
    ['Reason', `SIP;cause=603;text="v=analytics1;url=${BASE}/r/${TOKEN};id=${TOKEN}";location=RLN`],
  ],
  applied: 'reject',
};
const ALLOW_302: Partial<SipAnswer> = {
  status: 302,
  reason: 'Moved Temporarily',
  headers: [
    ['Contact', '<sip:+12025550123@ss1.example.net:5060;transport=udp>'],
    ['Reason', 'SIP;cause=302;text="no-fraud-detected"'],
  ],
  applied: 'allow',
  token: undefined,
};

describe(decide.name, () => {
  it.each<[string, Partial<DecisionInput>, Partial<SipAnswer>]>([
    [
      '608 with Call-Info and Q.850 Reason when the verdict is reject',
      { verdict: verdict('reject') },
      REJECT_608,
    ],
    [
      '603+ with the SIP Reason form when the peer asks for 603+',
      { verdict: verdict('reject'), peer: profile({ rejectForm: '603+' }) },
      REJECT_603_SIP,
    ],
    [
      '603+ with the Q.850 Reason form when the peer asks for it',
      {
        verdict: verdict('reject'),
        peer: profile({ rejectForm: '603+', reject603ReasonForm: 'q850' }),
      },
      {
        status: 603,
        headers: [
          [
            'Reason',
            `Q.850;cause=21;text="v=analytics1;url=${BASE}/r/${TOKEN};id=${TOKEN}";location=RLN`,
          ],
        ],
      },
    ],
    [
      '603+ when Feature-Caps lacks +sip.608 and the peer falls back',
      {
        verdict: verdict('reject'),
        supports608: false,
        peer: profile({ fallbackTo603WithoutFeatureCaps: true }),
      },
      REJECT_603_SIP,
    ],
    [
      '608 when Feature-Caps lacks +sip.608 but the peer does not fall back',
      { verdict: verdict('reject'), supports608: false },
      REJECT_608,
    ],
    [
      '608 when the peer falls back but the INVITE supports 608',
      { verdict: verdict('reject'), peer: profile({ fallbackTo603WithoutFeatureCaps: true }) },
      REJECT_608,
    ],
    ['302 to the route target keeping the user when the verdict is allow', {}, ALLOW_302],
    [
      '302 without a user part when the Request-URI has none',
      { calledUser: undefined },
      {
        status: 302,
        headers: [['Contact', '<sip:ss1.example.net:5060;transport=udp>'], ALLOW_302.headers![1]],
      },
    ],
    [
      "the peer's continue code when it uses route advance",
      {
        peer: profile({
          allowForm: 'continue',
          continueCode: { status: 404, reason: 'Not Found' },
        }),
      },
      { status: 404, reason: 'Not Found', headers: [], applied: 'allow' },
    ],
    [
      '302 with the annotation header when the verdict is label',
      {
        verdict: verdict('label'),
        peer: profile({
          labelAnnotation: { kind: 'header', name: 'X-Call-Label', value: 'spam-risk' },
        }),
      },
      {
        status: 302,
        headers: [...ALLOW_302.headers!, ['X-Call-Label', 'spam-risk']],
        applied: 'label',
      },
    ],
    [
      '302 with a Contact parameter when the label annotation is a URI parameter',
      {
        verdict: verdict('label'),
        peer: profile({
          labelAnnotation: { kind: 'contact-param', name: 'verstat', value: 'spam-risk' },
        }),
      },
      {
        status: 302,
        headers: [
          ['Contact', '<sip:+12025550123@ss1.example.net:5060;transport=udp;verstat=spam-risk>'],
          ALLOW_302.headers![1],
        ],
        applied: 'label',
      },
    ],
    [
      'the continue code with the annotation as a header when a route-advance peer labels',
      {
        verdict: verdict('label'),
        peer: profile({
          allowForm: 'continue',
          continueCode: { status: 503, reason: 'Service Unavailable' },
          labelAnnotation: { kind: 'contact-param', name: 'verstat', value: 'spam-risk' },
        }),
      },
      { status: 503, headers: [['X-verstat', 'spam-risk']], applied: 'label' },
    ],
    [
      '302 when the verdict is label and the peer has no annotation',
      { verdict: verdict('label') },
      { ...ALLOW_302, applied: 'label' },
    ],
    [
      '302 (fail open) when the scorer gave no verdict',
      { verdict: undefined },
      { ...ALLOW_302, override: 'fail-open' },
    ],
    [
      '302 when the called number is an emergency number even if the verdict is reject',
      { verdict: verdict('reject'), emergency: true },
      { ...ALLOW_302, override: 'emergency' },
    ],
    [
      'the continue code when failing open on a route-advance peer',
      {
        verdict: undefined,
        peer: profile({
          allowForm: 'continue',
          continueCode: { status: 404, reason: 'Not Found' },
        }),
      },
      { status: 404, override: 'fail-open', applied: 'allow' },
    ],
  ])('should answer %s', (_title, given, expected) => {
    expect(decide(input(given))).toMatchObject(expected);
  });

  it('should never put the token in an allow answer', () => {
    expect(JSON.stringify(decide(input({})))).not.toContain(TOKEN);
  });
});
