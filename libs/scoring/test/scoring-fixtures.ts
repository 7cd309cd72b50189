// Builders for scoring specs: a valid rule set, a plain request and a rule context, each with
// overrides, so a spec states only what its case is about.
import { normalizeNumber } from '../src/number-normalizer';
import { type RuleSet, parseRuleSet } from '../src/rule-set';
import type { ScoringContext } from '../src/rules/scoring-rule';
import type { ScoreRequest } from '../src/score-types';
import { normalizeStirShaken } from '../src/stir-shaken';

/** 2026-11-23T12:00:00Z, the fixed "now" of the specs. */
export const NOW = Date.parse('2026-11-23T12:00:00Z');

/** Valid, allocated, non-fictional US numbers used as plain callers/callees in specs. */
export const US_CALLER = '+12125551234';
export const US_CALLEE = '+13105559876';

export function ruleSetData(): Record<string, unknown> {
  return {
    version: 'spec-1',
    defaultRegion: 'US',
    thresholds: { label: 50, reject: 80 },
    weights: {
      blockList: 100,
      doNotOriginate: 100,
      invalidNumber: 90,
      verstatFailed: 85,
      verstatPassedA: -10,
      verstatPassedB: 0,
      verstatPassedC: 0,
      verstatNone: 0,
      anonymous: 0,
    },
    protectedNumbers: ['988', '+12025550911'],
    protectedPrefixes: ['+1202730'],
  };
}

export function aRuleSet(): RuleSet {
  return parseRuleSet(ruleSetData(), 'spec');
}

export function aRequest(overrides: Partial<ScoreRequest> = {}): ScoreRequest {
  return {
    decisionId: '6f1c2a4e-8d3b-4a7e-9c1f-0b2d3e4f5a6b',
    receivedAt: '2026-11-23T12:00:00.000Z',
    peer: 'default',
    callId: 'a84b4c76e66710@pc33.example.com',
    caller: US_CALLER,
    callerSource: 'pai',
    fromUser: US_CALLER,
    callee: US_CALLEE,
    verstat: undefined,
    attestationHeader: undefined,
    privacy: [],
    redirectingNumbers: [],
    ...overrides,
  };
}

export function aContext(overrides: Partial<ScoreRequest> = {}): ScoringContext {
  const request = aRequest(overrides);
  return {
    request,
    caller: normalizeNumber(request.caller, 'US'),
    callee: normalizeNumber(request.callee, 'US'),
    stirShaken: normalizeStirShaken(request.verstat, request.attestationHeader),
    now: NOW,
  };
}

/** `expect.stringContaining`, typed, so specs stay free of `any`. */
export function containing(text: string): string {
  return expect.stringContaining(text) as string;
}

/** `expect.any(String)`, typed. */
export function anyText(): string {
  return expect.any(String) as string;
}
