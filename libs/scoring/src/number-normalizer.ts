// Caller/callee user parts → E.164 (DESIGN.md §5). The gateway hands us raw user parts with the
// `;` parameters already stripped; everything else (visual separators, `tel:`, national forms,
// withheld markers, short service codes) is handled here so the rules only see one shape.
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A number the rules can reason about, with the raw text kept for staff and logs. */
export type NormalizedNumber =
  | {
      /** Parsed into E.164; `valid`/`possible` come from the numbering-plan metadata. */
      readonly kind: 'e164';
      readonly raw: string;
      /** `+` then country code then national number, e.g. `+12025550123`. */
      readonly e164: string;
      /** Country calling code without `+`, e.g. `1`, `44`. */
      readonly countryCallingCode: string;
      readonly nationalNumber: string;
      /** Allocated per `libphonenumber-js` (max) metadata: right length and a range in use. */
      readonly valid: boolean;
      /** Right length for the country (weaker than `valid`). */
      readonly possible: boolean;
    }
  | {
      /** A dialled service code (911, 112, 988, …): up to 6 digits without `+`. */
      readonly kind: 'short-code';
      readonly raw: string;
      readonly digits: string;
    }
  | {
      /** No number given on purpose: `anonymous`, `restricted`, empty, … */
      readonly kind: 'withheld';
      readonly raw: string;
    }
  | {
      /** Not a telephone number at all (letters, too short or too long to parse). */
      readonly kind: 'unusable';
      readonly raw: string;
      /** Plain words for the reason detail. */
      readonly problem: string;
    };

/** User parts that mean "the caller withheld their identity" (compared lower-cased). */
const WITHHELD_MARKERS: ReadonlySet<string> = new Set([
  '',
  'anonymous',
  'restricted',
  'unavailable',
  'unknown',
  'private',
  'withheld',
]);

// RFC 3966 visual-separator is `-`, `.`, `(`, `)`; SBCs also let spaces and `/` through.
const VISUAL_SEPARATORS = /[\s\-.()/]/g;
const DIALLABLE = /^\+?\d+$/;
const MAX_SHORT_CODE_DIGITS = 6;
/** ITU-T E.164 §6: at most 15 digits including the country code. */
const MAX_E164_DIGITS = 15;

/**
 * Normalises a raw user part to E.164 with `defaultRegion` for national forms
 * (`2025550123`, `1-202-555-0123`, `(202) 555.0123` → `+12025550123`).
 */
export function normalizeNumber(raw: string, defaultRegion: CountryCode): NormalizedNumber {
  const trimmed = raw.trim();
  if (WITHHELD_MARKERS.has(trimmed.toLowerCase())) return { kind: 'withheld', raw };

  const dialled = stripDecorations(trimmed);
  if (!DIALLABLE.test(dialled)) {
    return { kind: 'unusable', raw, problem: 'it contains characters other than digits' };
  }
  const international = dialled.startsWith('+');
  const digitCount = international ? dialled.length - 1 : dialled.length;
  if (!international && digitCount <= MAX_SHORT_CODE_DIGITS) {
    return { kind: 'short-code', raw, digits: dialled };
  }
  if (digitCount > MAX_E164_DIGITS) {
    return {
      kind: 'unusable',
      raw,
      problem: `it has ${digitCount} digits, more than E.164 allows`,
    };
  }
  const parsed = parsePhoneNumberFromString(dialled, defaultRegion);
  if (parsed === undefined) {
    return { kind: 'unusable', raw, problem: 'it is not a telephone number in any numbering plan' };
  }
  return {
    kind: 'e164',
    raw,
    e164: parsed.number,
    countryCallingCode: parsed.countryCallingCode,
    nationalNumber: parsed.nationalNumber,
    valid: parsed.isValid(),
    possible: parsed.isPossible(),
  };
}

/** Removes a `tel:` scheme, a percent-encoded `+` and visual separators. */
function stripDecorations(value: string): string {
  let text = value;
  if (text.slice(0, 4).toLowerCase() === 'tel:') text = text.slice(4);
  if (text.slice(0, 3).toUpperCase() === '%2B') text = `+${text.slice(3)}`;
  return text.replace(VISUAL_SEPARATORS, '');
}

/** Canonical E.164 prefix (`+1 202-555` → `+1202555`), or undefined if it is not one. */
export function normalizePrefix(raw: string): string | undefined {
  const prefix = raw.trim().replace(VISUAL_SEPARATORS, '');
  return /^\+[1-9]\d{0,14}$/.test(prefix) ? prefix : undefined;
}
