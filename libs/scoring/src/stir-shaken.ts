// STIR/SHAKEN verification outcome as the terminating verifier reported it (DESIGN.md §5):
// `verstat` (3GPP TS 24.229 §7.2A.20: TN-Validation-Passed | TN-Validation-Failed |
// No-TN-Validation, often with a vendor attestation suffix `-A/-B/-C`) and an
// `Attestation-Info` / `P-Attestation-Indicator` header. Both arrive in many spellings.

export type StirShakenStatus = 'passed' | 'failed' | 'none';
export type Attestation = 'A' | 'B' | 'C' | 'unknown';

/** What the gateway logs and the STIR/SHAKEN rule scores. */
export interface StirShakenResult {
  readonly status: StirShakenStatus;
  readonly attestation: Attestation;
}

const VERSTAT = /^(tn-validation-passed|tn-validation-failed|no-tn-validation)(?:[-_ ]?([abc]))?$/i;
const QUOTES = /^["']+|["']+$/g;

/**
 * Normalises `verstat` and the attestation header. The header, when it holds A, B or C, wins
 * over a `verstat` suffix; an unrecognised `verstat` counts as no verification (`none`).
 */
export function normalizeStirShaken(
  verstat: string | undefined,
  attestationHeader: string | undefined,
): StirShakenResult {
  const match = VERSTAT.exec(unquote(verstat));
  const status = match === null ? 'none' : toStatus(match[1].toLowerCase());
  const fromHeader = toAttestation(unquote(attestationHeader));
  const attestation = fromHeader !== 'unknown' ? fromHeader : toAttestation(match?.[2] ?? '');
  return { status, attestation };
}

function toStatus(value: string): StirShakenStatus {
  if (value === 'tn-validation-passed') return 'passed';
  if (value === 'tn-validation-failed') return 'failed';
  return 'none';
}

function toAttestation(value: string): Attestation {
  const letter = value.toUpperCase();
  return letter === 'A' || letter === 'B' || letter === 'C' ? letter : 'unknown';
}

function unquote(value: string | undefined): string {
  return value === undefined ? '' : value.trim().replace(QUOTES, '').trim();
}
