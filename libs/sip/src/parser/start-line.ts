// Start lines (RFC 3261 §7.1, §7.2, §25.1):
//   Request-Line = Method SP Request-URI SP SIP-Version CRLF
//   Status-Line  = SIP-Version SP Status-Code SP Reason-Phrase CRLF
// Exactly one SP between elements: RFC 4475 lwsstart and trws may be rejected, and are.
import { SP, isDigit, isToken } from './char-class';

export type StartLine =
  | {
      readonly kind: 'request';
      readonly method: string;
      readonly uriStart: number;
      readonly uriEnd: number;
    }
  | { readonly kind: 'response'; readonly status: number; readonly reason: string };

/** Where the start line failed and which error code the failure maps to. */
export class StartLineError {
  constructor(
    readonly code: 'start-line' | 'version' | 'method' | 'request-uri',
    readonly detail: string,
    readonly at: number,
    /** The method when the line is a request line whose method token was readable. */
    readonly method: string | undefined,
  ) {}
}

/** True when the text at `i` is a SIP-Version (case-insensitive "SIP/", §7.1). */
function startsWithSipSlash(s: string, i: number, end: number): boolean {
  return (
    end - i >= 4 &&
    (s.charCodeAt(i) | 0x20) === 0x73 &&
    (s.charCodeAt(i + 1) | 0x20) === 0x69 &&
    (s.charCodeAt(i + 2) | 0x20) === 0x70 &&
    s.charCodeAt(i + 3) === 0x2f
  );
}

/** "SIP/2.0", case-insensitively ("The SIP-Version string is case-insensitive", §7.1). */
function isSip20(s: string, i: number, end: number): boolean {
  return end - i === 7 && startsWithSipSlash(s, i, end) && s.startsWith('2.0', i + 4);
}

/** Parses the start line s[0, end). Returns the line or a StartLineError; never throws. */
export function parseStartLine(s: string, end: number): StartLine | StartLineError {
  if (startsWithSipSlash(s, 0, end)) return parseStatusLine(s, end);
  return parseRequestLine(s, end);
}

function parseRequestLine(s: string, end: number): StartLine | StartLineError {
  const sp1 = s.indexOf(' ', 0);
  if (sp1 <= 0 || sp1 >= end)
    return new StartLineError('start-line', 'not a request or status line', 0, undefined);
  for (let i = 0; i < sp1; i++) {
    if (!isToken(s.charCodeAt(i)))
      return new StartLineError('method', 'method is not a token', i, undefined);
  }
  const method = s.slice(0, sp1);
  const uriStart = sp1 + 1;
  if (uriStart < end && s.charCodeAt(uriStart) === SP) {
    return new StartLineError('start-line', 'more than one SP in request line', uriStart, method);
  }
  if (s.charCodeAt(end - 1) === SP) {
    return new StartLineError('start-line', 'trailing whitespace in request line', end - 1, method);
  }
  const sp2 = s.lastIndexOf(' ', end - 1);
  if (sp2 < uriStart) return new StartLineError('start-line', 'missing SIP-Version', end, method);
  const versionStart = sp2 + 1;
  if (!isSip20(s, versionStart, end)) {
    return startsWithSipSlash(s, versionStart, end)
      ? new StartLineError(
          'version',
          `unsupported version ${s.slice(versionStart, end)}`,
          versionStart,
          method,
        )
      : new StartLineError('start-line', 'missing SIP-Version', versionStart, method);
  }
  for (let i = uriStart; i < sp2; i++) {
    const c = s.charCodeAt(i);
    if (c <= SP || c === 0x7f) {
      return new StartLineError('request-uri', 'whitespace or control in Request-URI', i, method);
    }
  }
  if (sp2 === uriStart)
    return new StartLineError('request-uri', 'empty Request-URI', uriStart, method);
  return { kind: 'request', method, uriStart, uriEnd: sp2 };
}

function parseStatusLine(s: string, end: number): StartLine | StartLineError {
  const sp1 = s.indexOf(' ', 0);
  const versionEnd = sp1 === -1 || sp1 > end ? end : sp1;
  if (!isSip20(s, 0, versionEnd)) {
    return new StartLineError(
      'version',
      `unsupported version ${s.slice(0, versionEnd)}`,
      0,
      undefined,
    );
  }
  if (versionEnd === end)
    return new StartLineError('start-line', 'missing status code', end, undefined);
  const codeStart = versionEnd + 1;
  let i = codeStart;
  while (i < end && isDigit(s.charCodeAt(i))) i++;
  // Status-Code = 3DIGIT, 100..699 (§7.2; RFC 4475 bigcode: drop)
  const status = i - codeStart === 3 ? Number(s.slice(codeStart, i)) : -1;
  if (status < 100 || status > 699)
    return new StartLineError('start-line', 'invalid status code', codeStart, undefined);
  if (i < end && s.charCodeAt(i) !== SP)
    return new StartLineError('start-line', 'invalid status code', i, undefined);
  // Reason-Phrase may be empty (RFC 4475 noreason: "SIP/2.0 100 " and tolerated without the SP).
  const reason = i < end ? s.slice(i + 1, end) : '';
  for (let j = 0; j < reason.length; j++) {
    const c = reason.charCodeAt(j);
    if (c === 0x0d || c === 0x0a)
      return new StartLineError('start-line', 'CR or LF in reason phrase', i + 1 + j, undefined);
  }
  return { kind: 'response', status, reason };
}
