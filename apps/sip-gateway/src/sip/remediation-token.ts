import { randomBytes } from 'node:crypto';

/**
 * A remediation token: 128 random bits as 22 base64url characters, so it is unguessable
 * (DESIGN.md §4 asks ≥ 96 bits), unique per decision with overwhelming probability, and fits
 * ATIS-1000099's `id` rule (≤ 64 chars of [A-Za-z0-9_-]).
 */
export function newRemediationToken(): string {
  return randomBytes(16).toString('base64url');
}
