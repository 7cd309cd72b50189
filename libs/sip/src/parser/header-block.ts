// Splits the header block into fields (RFC 3261 §7.3): names canonical (compact forms
// expanded, lower-cased), values unfolded (LWS CRLF SP/HT → one SP, §7.3.1) and trimmed of
// SP/HT. One pass with indexOf; the only allocations are the name/value strings and the field.
import type { HeaderField } from '../message';
import { SipParseError } from '../parse-error';
import { LF, isToken, isWs, sliceTrimmed, trimWsEnd } from './char-class';
import { canonicalHeaderName } from './compact-forms';
import { fail } from './grammar-error';

/** More fields than any sane peer sends (RFC 4475 longreq has 47); bounds work per message. */
export const MAX_HEADER_FIELDS = 1000;

export interface HeaderBlock {
  readonly fields: HeaderField[];
  /** Index into the decoded head of each field's first line (same order as `fields`). */
  readonly offsets: number[];
}

/**
 * Splits s[from, end) — the header lines after the start line, without the final CRLFCRLF.
 * Throws GrammarError (bare CR or LF, a line without ":", a bad name, folding before any
 * field) or SipParseError 'too-large'.
 */
export function splitHeaderBlock(s: string, from: number, end: number): HeaderBlock {
  const fields: HeaderField[] = [];
  const offsets: number[] = [];
  let name: string | undefined;
  let valueStart = 0;
  let valueEnd = 0;
  let folded: string | undefined;
  let i = from;
  while (i < end) {
    const lineEnd = findLineEnd(s, i, end);
    if (isWs(s.charCodeAt(i))) {
      // Continuation of the previous field's value (folding).
      if (name === undefined) fail('continuation line before any header', i);
      const piece = sliceTrimmed(s, i, lineEnd);
      if (piece.length > 0) {
        const base = folded ?? sliceTrimmed(s, valueStart, valueEnd);
        folded = base.length > 0 ? `${base} ${piece}` : piece;
      }
    } else {
      if (name !== undefined)
        fields.push({ name, value: folded ?? sliceTrimmed(s, valueStart, valueEnd) });
      if (fields.length >= MAX_HEADER_FIELDS) {
        throw new SipParseError('too-large', undefined, undefined, 'too many header fields');
      }
      const colon = s.indexOf(':', i);
      if (colon === -1 || colon >= lineEnd) fail('header line without ":"', i);
      const nameEnd = trimWsEnd(s, i, colon);
      for (let j = i; j < nameEnd; j++) {
        if (!isToken(s.charCodeAt(j))) fail('invalid header name', j);
      }
      name = canonicalHeaderName(s.slice(i, nameEnd));
      offsets.push(i);
      valueStart = colon + 1;
      valueEnd = lineEnd;
      folded = undefined;
    }
    i = lineEnd + 2;
  }
  if (name !== undefined)
    fields.push({ name, value: folded ?? sliceTrimmed(s, valueStart, valueEnd) });
  return { fields, offsets };
}

/**
 * End of the line starting at `i`: the CR of its CRLF, or `end`. A CR or LF that is not part
 * of a CRLF is refused: it would otherwise be copied into responses (header injection).
 */
function findLineEnd(s: string, i: number, end: number): number {
  let cr = s.indexOf('\r', i);
  if (cr === -1 || cr > end) cr = end;
  const lf = s.indexOf('\n', i);
  if (lf !== -1 && lf < end && lf !== cr + 1) fail('bare LF in header block', lf);
  if (cr < end && s.charCodeAt(cr + 1) !== LF) fail('bare CR in header block', cr);
  return cr;
}
