// Allow and block lists (DESIGN.md §5, §6 `list_entry`): validated, normalised to E.164 at load,
// indexed for constant-time look-up. Expired entries stay loaded and are skipped at look-up, so
// an expiry takes effect on time without a reload (the clock is the caller's).
import type { CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import { describeIssues, readConfigFile } from './config-file';
import { type IndexedEntry, NumberIndex } from './number-index';
import { normalizeNumber, normalizePrefix } from './number-normalizer';
import { ScoringListsError } from './scoring-config.exception';

export type AllowListSource = 'staff' | 'appeal';
export type BlockListSource = 'staff' | 'dno';

/** An allow-list entry after load: staff entries and approved appeals. */
export interface AllowListEntry extends IndexedEntry {
  readonly source: AllowListSource;
  readonly reason: string;
}

/** A block-list entry after load: staff entries and do-not-originate numbers. */
export interface BlockListEntry extends IndexedEntry {
  readonly source: BlockListSource;
  readonly reason: string;
}

/** The loaded lists, indexed. Immutable: a list change builds a new instance. */
export class ScoringLists {
  private readonly allowIndex: NumberIndex<AllowListEntry>;
  private readonly blockIndex: NumberIndex<BlockListEntry>;

  constructor(
    readonly allow: readonly AllowListEntry[],
    readonly block: readonly BlockListEntry[],
  ) {
    this.allowIndex = new NumberIndex(allow);
    this.blockIndex = new NumberIndex(block);
  }

  static empty(): ScoringLists {
    return new ScoringLists([], []);
  }

  /** The most specific live allow entry for an E.164 number. */
  findAllow(e164: string, now: number): AllowListEntry | undefined {
    return this.allowIndex.first(e164, now);
  }

  /** Every live block entry for an E.164 number, most specific first. */
  findBlocks(e164: string, now: number): BlockListEntry[] {
    return this.blockIndex.all(e164, now);
  }
}

/** A number field, normalised to E.164 (national forms only with a default region). */
function numberField(region: CountryCode | undefined) {
  return z.string().transform((value, ctx) => {
    if (region === undefined && !value.trim().startsWith('+')) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" must be in E.164 form (+12025550123): no default region`,
      });
      return z.NEVER;
    }
    // Without a region every accepted number starts with `+`, so the fallback is never used.
    const number = normalizeNumber(value, region ?? 'US');
    if (number.kind === 'e164' && number.possible) return number.e164;
    const where = region === undefined ? '' : ` (region ${region})`;
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" cannot be normalised to an E.164 number${where}`,
    });
    return z.NEVER;
  });
}

const prefixField = z.string().transform((value, ctx) => {
  const prefix = normalizePrefix(value);
  if (prefix !== undefined) return prefix;
  ctx.addIssue({ code: 'custom', message: `"${value}" is not an E.164 prefix such as +1202555` });
  return z.NEVER;
});

function entryFields(region: CountryCode | undefined) {
  return {
    number: numberField(region).optional(),
    prefix: prefixField.optional(),
    reason: z.string().trim().min(1, 'must say why, in plain words').max(500),
    expiresAt: z.iso
      .datetime({ offset: true })
      .transform((iso) => Date.parse(iso))
      .optional(),
  };
}

/** Builds the index fields once number and prefix are valid: exactly one of them is required. */
function indexFields(
  entry: { number?: string; prefix?: string; expiresAt?: number },
  ctx: z.RefinementCtx,
): IndexedEntry {
  if (entry.number !== undefined && entry.prefix === undefined) {
    return { match: { kind: 'number', e164: entry.number }, expiresAt: entry.expiresAt };
  }
  if (entry.prefix !== undefined && entry.number === undefined) {
    return { match: { kind: 'prefix', prefix: entry.prefix }, expiresAt: entry.expiresAt };
  }
  ctx.addIssue({ code: 'custom', message: 'needs exactly one of "number" or "prefix"' });
  return z.NEVER;
}

function listsSchema(region: CountryCode | undefined) {
  const fields = entryFields(region);
  const allowEntry = z
    .strictObject({ ...fields, source: z.enum(['staff', 'appeal']).default('staff') })
    .transform((entry, ctx): AllowListEntry => ({
      ...indexFields(entry, ctx),
      source: entry.source,
      reason: entry.reason,
    }));
  const blockEntry = z
    .strictObject({ ...fields, source: z.enum(['staff', 'dno']) })
    .transform((entry, ctx): BlockListEntry => ({
      ...indexFields(entry, ctx),
      source: entry.source,
      reason: entry.reason,
    }));
  return z.strictObject({
    $comment: z.union([z.string(), z.array(z.string())]).optional(),
    allow: z.array(allowEntry).default([]),
    block: z.array(blockEntry).default([]),
  });
}

/**
 * Validates list data and indexes it. Numbers in national form use `defaultRegion` (pass the
 * rule set's); without it every number must be written in E.164.
 * @throws ScoringListsError listing every bad entry by its path (`block[2].number`).
 */
export function parseScoringLists(
  data: unknown,
  defaultRegion?: CountryCode,
  source = '(in-memory lists)',
): ScoringLists {
  const result = listsSchema(defaultRegion).safeParse(data);
  if (!result.success) throw new ScoringListsError(source, describeIssues(result.error.issues));
  const allow = result.data.allow.map((entry) => Object.freeze(entry));
  const block = result.data.block.map((entry) => Object.freeze(entry));
  return new ScoringLists(allow, block);
}

/**
 * Reads, validates and indexes a lists file (`.json`, `.yaml`, `.yml`); see
 * {@link parseScoringLists} for `defaultRegion`.
 * @throws ScoringListsError listing every problem.
 */
export function loadScoringLists(path: string, defaultRegion?: CountryCode): ScoringLists {
  const file = readConfigFile(path);
  if (!file.ok) throw new ScoringListsError(path, [file.problem]);
  return parseScoringLists(file.data, defaultRegion, path);
}
