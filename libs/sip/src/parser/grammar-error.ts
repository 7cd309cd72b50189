// The parser's internal failure signal. Grammar functions throw it with a detail and the
// index where they gave up; the edges (parseMessage, parseUri, ...) turn it into a
// SipParseError with the code of the context (a bad URI in From is a 'from' error).
import { SipParseError, type SipParseErrorCode } from '../parse-error';

export class GrammarError extends Error {
  constructor(
    readonly detail: string,
    /** Index into the text being parsed where the problem was found. */
    readonly at: number,
  ) {
    super(detail);
    this.name = 'GrammarError';
  }
}

export function fail(detail: string, at: number): never {
  throw new GrammarError(detail, at);
}

/**
 * Converts anything caught at a parser edge into a SipParseError. A GrammarError keeps its
 * detail; anything else (a bug, never expected) is reported rather than rethrown so that no
 * input can make the parser throw.
 */
export function toParseError(
  caught: unknown,
  code: SipParseErrorCode,
  header: string | undefined,
  /** Byte offset to report; when undefined, `base` + the index into the parsed text. */
  offset: number | undefined,
  base = 0,
): SipParseError {
  if (caught instanceof SipParseError) return caught;
  if (caught instanceof GrammarError) {
    return new SipParseError(code, header, offset ?? base + caught.at, safeDetail(caught.detail));
  }
  return new SipParseError(code, header, offset, 'unparseable');
}

/**
 * Makes a detail safe for a reason phrase (SipParseError's contract: ASCII, no CR/LF): details
 * may quote the offending octet or version, which can be anything.
 */
export function safeDetail(detail: string): string {
  let out = '';
  const n = Math.min(detail.length, 80);
  for (let i = 0; i < n; i++) {
    const c = detail.charCodeAt(i);
    out += c >= 0x20 && c < 0x7f ? detail[i] : '?';
  }
  return out;
}
