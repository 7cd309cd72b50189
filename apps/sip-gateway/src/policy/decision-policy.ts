// Verdict + peer profile → the SIP answer (DESIGN.md §4). Pure: no I/O, no clock, no
// randomness; every input is in DecisionInput so the table of cases in the spec covers it.
import type { LabelAnnotation, PeerProfile } from '@app/config';
import type { ScoreVerdict, Verdict } from '@app/scoring';

/** Why the scorer's verdict was not used as-is. */
export type VerdictOverride = 'none' | 'fail-open' | 'emergency';

export interface DecisionInput {
  readonly peer: PeerProfile;
  /** The scorer's answer, or undefined when it missed the deadline or failed (fail open). */
  readonly verdict: ScoreVerdict | undefined;
  /** Request-URI user part (the called number), kept in the 302 Contact; undefined if none. */
  readonly calledUser: string | undefined;
  /** The called number is an emergency / protected number: never blocked. */
  readonly emergency: boolean;
  /** RFC 8688 §3.4: the INVITE carried `Feature-Caps: *;+sip.608`. */
  readonly supports608: boolean;
  /** Random per-decision remediation token (≥ 96 bits, [A-Za-z0-9_-]). */
  readonly token: string;
  /** PUBLIC_BASE_URL without a trailing slash. */
  readonly publicBaseUrl: string;
}

export interface SipAnswer {
  readonly status: number;
  readonly reason: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** What was applied: the verdict after overrides. */
  readonly applied: Verdict;
  readonly override: VerdictOverride;
  /** The remediation token when the answer is a rejection that carries it. */
  readonly token: string | undefined;
}

export function decide(input: DecisionInput): SipAnswer {
  const override: VerdictOverride = input.emergency
    ? 'emergency'
    : input.verdict === undefined
      ? 'fail-open'
      : 'none';
  const verdict: Verdict = override === 'none' && input.verdict ? input.verdict.verdict : 'allow';
  switch (verdict) {
    case 'reject':
      return reject(input);
    case 'label':
      return allow(input, 'label', override, input.peer.labelAnnotation);
    case 'allow':
      return allow(input, 'allow', override, undefined);
  }
}

function reject(input: DecisionInput): SipAnswer {
  const { peer, token, publicBaseUrl } = input;
  const url = `${publicBaseUrl}/r/${token}`;
  const use603 =
    peer.rejectForm === '603+' || (peer.fallbackTo603WithoutFeatureCaps && !input.supports608);
  if (!use603) {
    return {
      status: 608,
      reason: 'Rejected',
      headers: [
        ['Call-Info', `<${url}>;purpose=jwscard`],
        ['Reason', 'Q.850;cause=21;text="Call rejected";location=RLN'],
      ],
      applied: 'reject',
      override: 'none',
      token,
    };
  }
  // ATIS-1000099 603+: the remediation URL and id ride in the Reason text.
  const text = `v=analytics1;url=${url};id=${token}`;
  const reason =
    peer.reject603ReasonForm === 'q850'
      ? `Q.850;cause=21;text="${text}";location=RLN`
      : `SIP;cause=603;text="${text}";location=RLN`;
  return {
    status: 603,
    reason: 'Network Blocked',
    headers: [['Reason', reason]],
    applied: 'reject',
    override: 'none',
    token,
  };
}

function allow(
  input: DecisionInput,
  applied: 'allow' | 'label',
  override: VerdictOverride,
  annotation: LabelAnnotation | undefined,
): SipAnswer {
  const { peer } = input;
  const headers: Array<readonly [string, string]> = [];
  if (peer.allowForm === 'continue' && peer.continueCode) {
    if (annotation) headers.push(annotationHeader(annotation));
    return {
      status: peer.continueCode.status,
      reason: peer.continueCode.reason,
      headers,
      applied,
      override,
      token: undefined,
    };
  }
  const user = input.calledUser ? `${input.calledUser}@` : '';
  const contactParam =
    annotation?.kind === 'contact-param' ? `;${annotation.name}=${annotation.value}` : '';
  headers.push(['Contact', `<sip:${user}${peer.routeTarget}${contactParam}>`]);
  headers.push(['Reason', 'SIP;cause=302;text="no-fraud-detected"']);
  if (annotation?.kind === 'header') headers.push([annotation.name, annotation.value]);
  return { status: 302, reason: 'Moved Temporarily', headers, applied, override, token: undefined };
}

function annotationHeader(annotation: LabelAnnotation): readonly [string, string] {
  // A continue code has no Contact to carry a URI parameter: the annotation becomes a header.
  return annotation.kind === 'header'
    ? [annotation.name, annotation.value]
    : [`X-${annotation.name}`, annotation.value];
}
