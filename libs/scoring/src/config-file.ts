// Shared plumbing of the two file loaders: read JSON or YAML, turn zod issues into lines.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

export type ConfigFileContent =
  { readonly ok: true; readonly data: unknown } | { readonly ok: false; readonly problem: string };

/** Reads a `.json`, `.yaml` or `.yml` file; never throws. */
export function readConfigFile(path: string): ConfigFileContent {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, problem: `cannot read the file: ${messageOf(error)}` };
  }
  try {
    const yaml = /\.ya?ml$/i.test(path);
    return { ok: true, data: yaml ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown) };
  } catch (error) {
    return { ok: false, problem: `cannot parse the file: ${messageOf(error)}` };
  }
}

/** `thresholds.label: Too small: expected number to be >=1`, one line per issue. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${describePath(issue.path)}: ${issue.message}`);
}

/** `block[2].number`; `(root)` for the document itself. */
export function describePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      return index === 0 ? String(key) : `.${String(key)}`;
    })
    .join('');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Freezes a plain data tree in place and returns it typed as read-only. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
