import type { SipHeaders, Via } from './message';

/** Why a message could not be parsed; closed set, used as a metric label and in 400 phrases. */
export type SipParseErrorCode =
  | 'empty'
  | 'too-large'
  | 'start-line'
  | 'version'
  | 'method'
  | 'request-uri'
  /** Request-URI scheme other than sip/sips/tel: answer 416 (RFC 3261 §8.2.2.1, RFC 4475 §3.3.2). */
  | 'unsupported-uri-scheme'
  /** parseUri / parseNameAddr on a lazily parsed header (no message context). */
  | 'uri'
  | 'name-addr'
  | 'header-syntax'
  | 'missing-header'
  | 'duplicate-header'
  | 'via'
  | 'from'
  | 'to'
  | 'call-id'
  | 'cseq'
  | 'cseq-method-mismatch'
  | 'max-forwards'
  | 'content-length'
  | 'body-length'
  | 'encoding';

/**
 * A message that could not be parsed. Carries enough to answer it: `head` is set when the
 * start line was a request line and the header block could be split, so a 400 can copy Via,
 * From, To, Call-ID and CSeq (§8.2.6) even though one of them, or another header, is bad.
 */
export class SipParseError extends Error {
  constructor(
    readonly code: SipParseErrorCode,
    /** Canonical lower-case header name at fault, when one is. */
    readonly header: string | undefined,
    /** Byte offset into the message where the problem was found, when known. */
    readonly offset: number | undefined,
    /** Human-readable detail, safe to put in a reason phrase (ASCII, no CR/LF). */
    readonly detail: string,
    readonly head?: {
      readonly method: string;
      readonly headers: SipHeaders;
      /** Parsed Via values when they were fine (so the 400 can carry received/rport). */
      readonly via?: readonly Via[];
    },
  ) {
    super(header ? `${header}: ${detail}` : detail);
    this.name = 'SipParseError';
  }

  /** Reason phrase for the 400 (RFC 3261 §21.4.1: "the reason phrase SHOULD identify the syntax problem"). */
  reasonPhrase(): string {
    return `Bad Request - ${this.message}`.slice(0, 120);
  }
}

/** Parsing never throws at the lib's edge: it returns one of these. */
export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; error: SipParseError };
