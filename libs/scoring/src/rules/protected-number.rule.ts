// DESIGN.md §4: never block emergency and protected numbers. A call TO 911/112/933 or a
// configured protected number, or FROM a configured protected number (PSAP callbacks), is
// allowed whatever the other rules say.
import type { NormalizedNumber } from '../number-normalizer';
import type { RuleSet } from '../rule-set';
import type { ScoreReason } from '../score-types';
import { reason, type ScoringContext, type ScoringRule } from './scoring-rule';

/** Always protected as callees; a rule set cannot remove them. 933 is the US 911 test line. */
export const EMERGENCY_SERVICE_CODES: readonly string[] = ['911', '112', '933'];

export class ProtectedNumberRule implements ScoringRule {
  readonly stage = 'override';
  private readonly numbers: ReadonlySet<string>;
  private readonly prefixes: readonly string[];

  constructor(ruleSet: RuleSet) {
    this.numbers = new Set(ruleSet.protectedNumbers);
    this.prefixes = ruleSet.protectedPrefixes;
  }

  evaluate({ caller, callee }: ScoringContext): readonly ScoreReason[] {
    const reasons: ScoreReason[] = [];
    const emergency = emergencyCode(callee);
    if (emergency !== undefined) {
      reasons.push(
        reason(
          'protected-number',
          0,
          `Calls to the emergency number ${emergency} are never blocked.`,
        ),
      );
    } else if (this.isProtected(callee)) {
      const to = keyOf(callee);
      reasons.push(
        reason('protected-number', 0, `Calls to ${to}, a protected number, are never blocked.`),
      );
    }
    if (this.isProtected(caller)) {
      const from = keyOf(caller);
      reasons.push(
        reason(
          'protected-number',
          0,
          `Calls from ${from}, a protected number (such as an emergency centre calling back), are never blocked.`,
        ),
      );
    }
    return reasons;
  }

  private isProtected(number: NormalizedNumber): boolean {
    const key = keyOf(number);
    if (key === undefined) return false;
    if (this.numbers.has(key)) return true;
    return number.kind === 'e164' && this.prefixes.some((prefix) => key.startsWith(prefix));
  }
}

function keyOf(number: NormalizedNumber): string | undefined {
  if (number.kind === 'e164') return number.e164;
  if (number.kind === 'short-code') return number.digits;
  return undefined;
}

/** `911`, and the forms a switch may prefix with the NANP country code (`1911`, `+1911`). */
function emergencyCode(number: NormalizedNumber): string | undefined {
  const digits = number.kind === 'short-code' ? number.digits : undefined;
  const national =
    number.kind === 'e164' && number.countryCallingCode === '1' ? number.nationalNumber : undefined;
  for (const code of EMERGENCY_SERVICE_CODES) {
    if (digits === code || digits === `1${code}` || national === code) return code;
  }
  return undefined;
}
