// The versioned rule set (DESIGN.md §5): thresholds per verdict, one weight per reason, the
// protected numbers. Validated once at load into a frozen object; every problem is listed.
import { type CountryCode, isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { deepFreeze, describeIssues, readConfigFile } from './config-file';
import { normalizeNumber, normalizePrefix } from './number-normalizer';
import { RuleSetError } from './scoring-config.exception';

/** Points each reason adds to the score (0–100 after clamping). */
export interface RuleWeights {
  /** Staff block list entry matched the caller. */
  readonly blockList: number;
  /** Do-not-originate list (numbers that only ever receive calls) matched the caller. */
  readonly doNotOriginate: number;
  /** The caller's number cannot exist (numbering-plan metadata, NANP rules). */
  readonly invalidNumber: number;
  /** The verifier reported `TN-Validation-Failed`. */
  readonly verstatFailed: number;
  /** Passed verification, by attestation. At most a small bonus: passed is not proof. */
  readonly verstatPassedA: number;
  readonly verstatPassedB: number;
  readonly verstatPassedC: number;
  /** No verification at all (`No-TN-Validation` or nothing). */
  readonly verstatNone: number;
  /** The caller withheld their number. Must stay below the reject threshold. */
  readonly anonymous: number;
}

export interface RuleSet {
  /** Recorded with every verdict, e.g. `2026-11-23.1`. */
  readonly version: string;
  /** Region for national-format numbers (ISO 3166-1 alpha-2, e.g. `US`). */
  readonly defaultRegion: CountryCode;
  /** A score ≥ `label` labels the call, ≥ `reject` rejects it (1 ≤ label ≤ reject ≤ 100). */
  readonly thresholds: { readonly label: number; readonly reject: number };
  readonly weights: RuleWeights;
  /**
   * Numbers never blocked in either direction (PSAP callbacks, crisis lines): E.164 or short
   * codes, canonical after load. 911, 112 and 933 are protected as callees regardless.
   */
  readonly protectedNumbers: readonly string[];
  /** E.164 prefixes protected in both directions (PSAP ranges), e.g. `+1202730`. */
  readonly protectedPrefixes: readonly string[];
}

const points = z.number().int().min(-100).max(100);
const penalty = z.number().int().min(0).max(100);
const passedBonus = z
  .number()
  .int()
  .min(
    -20,
    'a passed verification may lower the score by 20 at most: it is not proof of a good call',
  )
  .max(0, 'a passed verification must not add points');
const threshold = z.number().int().min(1).max(100);

const protectedNumber = z.string().transform((value, ctx) => {
  const number = normalizeNumber(value, 'US');
  if (number.kind === 'short-code') return number.digits;
  // Without `+` a 7+ digit number would depend on defaultRegion: too ambiguous for this list.
  if (number.kind === 'e164' && number.possible && value.trim().startsWith('+')) return number.e164;
  ctx.addIssue({
    code: 'custom',
    message: `"${value}" is neither a short code (911) nor a possible E.164 number (+12025550123)`,
  });
  return z.NEVER;
});

const protectedPrefix = z.string().transform((value, ctx) => {
  const prefix = normalizePrefix(value);
  if (prefix !== undefined) return prefix;
  ctx.addIssue({ code: 'custom', message: `"${value}" is not an E.164 prefix (+1202730)` });
  return z.NEVER;
});

const ruleSetSchema = z
  .strictObject({
    /** Free text for humans: JSON has no comments. */
    $comment: z.union([z.string(), z.array(z.string())]).optional(),
    version: z.string().trim().min(1).max(64),
    defaultRegion: z.custom<CountryCode>(
      (value) => typeof value === 'string' && isSupportedCountry(value),
      'must be a supported ISO 3166-1 alpha-2 region in upper case, e.g. "US"',
    ),
    thresholds: z
      .strictObject({ label: threshold, reject: threshold })
      .refine((t) => t.label <= t.reject, {
        message: 'label must not exceed reject',
        path: ['label'],
      }),
    weights: z.strictObject({
      blockList: penalty,
      doNotOriginate: penalty,
      invalidNumber: penalty,
      verstatFailed: penalty,
      verstatPassedA: passedBonus,
      verstatPassedB: passedBonus,
      verstatPassedC: passedBonus,
      verstatNone: points,
      anonymous: penalty,
    }),
    protectedNumbers: z.array(protectedNumber).default([]),
    protectedPrefixes: z.array(protectedPrefix).default([]),
  })
  // DESIGN.md §5: a withheld or unverified caller is never blocked for that alone.
  .refine((r) => r.weights.anonymous < r.thresholds.reject, {
    message:
      'must stay below thresholds.reject: a withheld caller is never rejected for that alone',
    path: ['weights', 'anonymous'],
  })
  .refine((r) => r.weights.verstatNone < r.thresholds.reject, {
    message: 'must stay below thresholds.reject: most calls are unverified',
    path: ['weights', 'verstatNone'],
  });

/**
 * Validates rule-set data (already parsed from JSON/YAML or built in memory).
 * @throws RuleSetError listing every problem with its path.
 */
export function parseRuleSet(data: unknown, source = '(in-memory rule set)'): RuleSet {
  const result = ruleSetSchema.safeParse(data);
  if (!result.success) throw new RuleSetError(source, describeIssues(result.error.issues));
  const { version, defaultRegion, thresholds, weights, protectedNumbers, protectedPrefixes } =
    result.data;
  return deepFreeze<RuleSet>({
    version,
    defaultRegion,
    thresholds,
    weights,
    protectedNumbers,
    protectedPrefixes,
  });
}

/**
 * Reads and validates a rule-set file (`.json`, `.yaml`, `.yml`).
 * @throws RuleSetError listing every problem with its path.
 */
export function loadRuleSet(path: string): RuleSet {
  const file = readConfigFile(path);
  if (!file.ok) throw new RuleSetError(path, [file.problem]);
  return parseRuleSet(file.data, path);
}
