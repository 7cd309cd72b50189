// Hand-written payload checks for the hot path (no schema library per message): each returns
// undefined when the value is fine, or the first problem in words for the log and the counter.

export type Problem = string | undefined;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkString(o: Record<string, unknown>, key: string, maxLength = 1024): Problem {
  const v = o[key];
  if (typeof v !== 'string') return `${key}: expected a string`;
  if (v.length > maxLength) return `${key}: longer than ${maxLength}`;
  return undefined;
}

export function checkOptionalString(
  o: Record<string, unknown>,
  key: string,
  maxLength = 1024,
): Problem {
  return o[key] === undefined ? undefined : checkString(o, key, maxLength);
}

export function checkNumber(
  o: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
): Problem {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${key}: expected a number`;
  if (v < min || v > max) return `${key}: out of range ${min}..${max}`;
  return undefined;
}

export function checkStringArray(o: Record<string, unknown>, key: string, maxItems = 64): Problem {
  const v = o[key];
  if (!Array.isArray(v)) return `${key}: expected an array`;
  if (v.length > maxItems) return `${key}: more than ${maxItems} items`;
  for (const item of v) if (typeof item !== 'string') return `${key}: expected strings`;
  return undefined;
}

export function checkOneOf<T extends string>(
  o: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
): Problem {
  const v = o[key];
  return typeof v === 'string' && (allowed as readonly string[]).includes(v)
    ? undefined
    : `${key}: expected one of ${allowed.join(', ')}`;
}

/** ISO-8601 timestamp that Date can read. */
export function checkTimestamp(o: Record<string, unknown>, key: string): Problem {
  const v = o[key];
  if (typeof v !== 'string' || v.length > 40 || Number.isNaN(Date.parse(v)))
    return `${key}: expected an ISO-8601 time`;
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function checkUuid(o: Record<string, unknown>, key: string): Problem {
  const v = o[key];
  return typeof v === 'string' && UUID.test(v) ? undefined : `${key}: expected a uuid`;
}

/** Runs checks in order and returns the first problem. */
export function firstProblem(...problems: Problem[]): Problem {
  for (const p of problems) if (p !== undefined) return p;
  return undefined;
}
