// Frames a SIP byte stream into whole messages (RFC 3261 §18.3). One framer per connection.
//
// Hot-path shape: when a chunk holds whole messages they are emitted as zero-copy slices of it;
// a message spread over chunks is kept as a short list of slices and copied once, when complete.
// Model: the stream parser of kirm/sip.js (header/body byte limits and a flood callback).

import type { FramingError } from './transport';

/**
 * Signalling sizes: an INVITE header block is 1–3 KiB even with an RFC 8224 Identity PASSporT,
 * SDP bodies 0.5–4 KiB; 16 KiB / 64 KiB leave room for multipart bodies while bounding what one
 * connection can make us buffer (80 KiB).
 */
export const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export interface StreamFramerOptions {
  /** Start line + header fields + the empty line. */
  readonly maxHeaderBytes?: number;
  /** Content-Length above this is refused before any body byte is buffered. */
  readonly maxBodyBytes?: number;
}

export interface StreamFramerEvents {
  /** One whole message (header block + Content-Length body). */
  readonly onMessage: (data: Buffer) => void;
  /** RFC 5626 §3.5.1: a CRLFCRLF "ping" between messages; the connection answers CRLF "pong". */
  readonly onPing: () => void;
  /** The stream cannot be framed any further; the framer stops and the connection closes. */
  readonly onError: (reason: FramingError) => void;
}

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
const SIP_VERSION_PREFIX = Buffer.from('SIP/', 'latin1');
/** More digits than this cannot be a sane Content-Length (and would lose precision). */
const MAX_CONTENT_LENGTH_DIGITS = 10;
/**
 * A peer trickling one byte per segment would otherwise cost a Buffer object per byte; past this
 * many pending slices they are merged, so memory stays near the byte limits.
 */
const MAX_PENDING_PARTS = 64;

/** RFC 3261 §25.1 token characters: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~". */
const TOKEN_CHAR = new Uint8Array(256);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~") {
  TOKEN_CHAR[c.charCodeAt(0)] = 1;
}

/** Content-Length field at the start of a header line; long or compact (`l`) name, §7.3.3. */
const CONTENT_LENGTH_FIELD = /\n(?:content-length|l)[ \t]*:/gi;

type State = 'between' | 'header' | 'body' | 'failed';
type StartLineVerdict = 'ok' | 'garbage' | 'undecided';

export class StreamFramer {
  private readonly maxHeaderBytes: number;
  private readonly maxBodyBytes: number;

  private state: State = 'between';
  /** LFs seen since the last message or ping; two make a keep-alive ping. */
  private keepAliveLineFeeds = 0;
  /** Earlier parts of the current message, each a slice of an earlier chunk. */
  private parts: Buffer[] = [];
  private partsBytes = 0;
  /** Start-line plausibility: bytes of the method token, and how much of `SIP/` matched. */
  private tokenBytes = 0;
  private versionPrefixMatched = 0;
  private startLineVerdict: StartLineVerdict = 'undecided';
  /** How many bytes of CRLFCRLF the header bytes so far end with (0..3). */
  private headerEndMatched = 0;
  private headerBytes = 0;
  private bodyBytes = 0;

  constructor(
    private readonly events: StreamFramerEvents,
    options: StreamFramerOptions = {},
  ) {
    this.maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  /** Bytes held for an incomplete message; for tests and metrics. */
  get bufferedBytes(): number {
    return this.partsBytes;
  }

  get failed(): boolean {
    return this.state === 'failed';
  }

  /** Stops framing; later chunks are ignored (the connection is closing). */
  stop(): void {
    this.state = 'failed';
    this.parts = [];
    this.partsBytes = 0;
  }

  push(chunk: Buffer): void {
    // Offset of the current message's first byte within this chunk (0 when it began earlier).
    let messageStart = 0;
    let i = 0;
    while (i < chunk.length) {
      switch (this.state) {
        case 'failed':
          return;
        case 'between':
          i = this.skipKeepAlive(chunk, i);
          messageStart = i;
          break;
        case 'header':
          i = this.scanHeader(chunk, i, messageStart);
          break;
        case 'body': {
          const received = this.partsBytes + (i - messageStart);
          const wanted = this.headerBytes + this.bodyBytes - received;
          if (chunk.length - i < wanted) {
            i = chunk.length;
            break;
          }
          i += wanted;
          this.emit(chunk, messageStart, i);
          break;
        }
      }
    }
    if (this.state === 'header' || this.state === 'body') {
      this.keep(chunk.subarray(messageStart));
    }
  }

  /** CR/LF between messages (§7.5 allows them; RFC 5626 uses them as keep-alives). */
  private skipKeepAlive(chunk: Buffer, from: number): number {
    let i = from;
    while (i < chunk.length) {
      const b = chunk[i];
      if (b === LF) {
        this.keepAliveLineFeeds += 1;
        if (this.keepAliveLineFeeds === 2) {
          this.keepAliveLineFeeds = 0;
          this.events.onPing();
          if (this.state === 'failed') return chunk.length;
        }
      } else if (b !== CR) {
        this.beginMessage();
        return i;
      }
      i += 1;
    }
    return i;
  }

  private beginMessage(): void {
    this.state = 'header';
    this.keepAliveLineFeeds = 0;
    this.tokenBytes = 0;
    this.versionPrefixMatched = 0;
    this.startLineVerdict = 'undecided';
    this.headerEndMatched = 0;
  }

  /** Looks for the empty line ending the header block; returns where to continue in the chunk. */
  private scanHeader(chunk: Buffer, from: number, messageStart: number): number {
    const headerSoFar = this.partsBytes + (from - messageStart);
    if (this.startLineVerdict === 'undecided') {
      const verdict = this.checkStartLine(chunk, from);
      if (verdict === 'garbage') return this.fail('garbage');
      if (verdict === 'undecided') {
        return this.checkHeaderSize(headerSoFar + (chunk.length - from), chunk.length);
      }
    }
    // The terminator may straddle the previous chunk: finish matching it byte by byte.
    let i = from;
    while (this.headerEndMatched > 0 && i < chunk.length) {
      this.headerEndMatched = nextHeaderEndState(this.headerEndMatched, chunk[i]);
      i += 1;
      if (this.headerEndMatched === HEADER_END.length) {
        return this.endHeader(chunk, messageStart, headerSoFar + (i - from), i);
      }
    }
    // Search no further than the limit allows, so a flood is not scanned to its end.
    const allowance = this.maxHeaderBytes - (headerSoFar + (i - from));
    const searchEnd = Math.min(chunk.length, i + Math.max(allowance, 0));
    const found = chunk.subarray(0, searchEnd).indexOf(HEADER_END, i);
    if (found >= 0) {
      const end = found + HEADER_END.length;
      return this.endHeader(chunk, messageStart, headerSoFar + (end - from), end);
    }
    this.headerEndMatched = trailingHeaderEndState(this.headerEndMatched, chunk, i, searchEnd);
    return this.checkHeaderSize(headerSoFar + (searchEnd - from), searchEnd);
  }

  private checkHeaderSize(headerSoFar: number, resumeAt: number): number {
    // The terminator needs at least one more byte, so reaching the limit without it is too much.
    if (headerSoFar >= this.maxHeaderBytes) return this.fail('header-too-large');
    return resumeAt;
  }

  /**
   * A message starts with `Method SP` (§7.1) or `SIP/` (§7.2); anything else on a stream is
   * junk we cannot resynchronise from. Decided on the first bytes, before buffering more.
   */
  private checkStartLine(chunk: Buffer, from: number): StartLineVerdict {
    for (let i = from; i < chunk.length; i += 1) {
      const b = chunk[i];
      if (this.versionPrefixMatched >= 0 && b === SIP_VERSION_PREFIX[this.versionPrefixMatched]) {
        this.versionPrefixMatched += 1;
        if (this.versionPrefixMatched === SIP_VERSION_PREFIX.length) return this.decide('ok');
      } else {
        this.versionPrefixMatched = -1;
      }
      if (TOKEN_CHAR[b] === 1) {
        this.tokenBytes += 1;
      } else if (b === SP && this.tokenBytes > 0) {
        return this.decide('ok');
      } else if (this.versionPrefixMatched < 0) {
        return this.decide('garbage');
      }
    }
    return 'undecided';
  }

  private decide(verdict: StartLineVerdict): StartLineVerdict {
    this.startLineVerdict = verdict;
    return verdict;
  }

  private endHeader(chunk: Buffer, messageStart: number, headerBytes: number, at: number): number {
    if (headerBytes > this.maxHeaderBytes) return this.fail('header-too-large');
    const contentLength = readContentLength(this.headerText(chunk, messageStart, at));
    if (contentLength === 'invalid') return this.fail('garbage');
    if (contentLength > this.maxBodyBytes) return this.fail('body-too-large');
    this.headerBytes = headerBytes;
    this.bodyBytes = contentLength;
    this.state = 'body';
    if (contentLength === 0) this.emit(chunk, messageStart, at);
    return at;
  }

  private headerText(chunk: Buffer, messageStart: number, end: number): string {
    const tail = chunk.toString('latin1', messageStart, end);
    if (this.parts.length === 0) return tail;
    return this.parts.map((p) => p.toString('latin1')).join('') + tail;
  }

  private emit(chunk: Buffer, messageStart: number, end: number): void {
    const data =
      this.parts.length === 0
        ? chunk.subarray(messageStart, end)
        : Buffer.concat([...this.parts, chunk.subarray(messageStart, end)]);
    this.parts = [];
    this.partsBytes = 0;
    this.state = 'between';
    this.keepAliveLineFeeds = 0;
    this.events.onMessage(data);
  }

  private keep(part: Buffer): void {
    if (part.length === 0) return;
    this.parts.push(part);
    this.partsBytes += part.length;
    if (this.parts.length > MAX_PENDING_PARTS) {
      this.parts = [Buffer.concat(this.parts, this.partsBytes)];
    }
  }

  private fail(reason: FramingError): number {
    this.stop();
    this.events.onError(reason);
    return Number.MAX_SAFE_INTEGER;
  }
}

/** KMP step for CRLFCRLF: the only self-overlap is a CR restarting the match. */
function nextHeaderEndState(matched: number, b: number): number {
  if (b === HEADER_END[matched]) return matched + 1;
  return b === CR ? 1 : 0;
}

/** Match state after [from, end); a partial match fits in the last 3 bytes of a longer range. */
function trailingHeaderEndState(matched: number, chunk: Buffer, from: number, end: number): number {
  const tail = HEADER_END.length - 1;
  let state = end - from >= tail ? 0 : matched;
  for (let i = Math.max(from, end - tail); i < end; i += 1) {
    state = nextHeaderEndState(state, chunk[i]);
  }
  return state;
}

/**
 * Content-Length of a header block (§20.14, compact `l`, case-insensitive, folded LWS allowed).
 * Absent → 0: §18.3 makes it mandatory on streams, but the parser downstream answers what it can.
 * Non-numeric, negative, absurdly long or conflicting values → 'invalid'.
 */
export function readContentLength(header: string): number | 'invalid' {
  let result: number | undefined;
  CONTENT_LENGTH_FIELD.lastIndex = 0;
  for (let m = CONTENT_LENGTH_FIELD.exec(header); m; m = CONTENT_LENGTH_FIELD.exec(header)) {
    const value = unfoldValue(header, CONTENT_LENGTH_FIELD.lastIndex);
    if (!/^[0-9]+$/.test(value) || value.length > MAX_CONTENT_LENGTH_DIGITS) return 'invalid';
    const n = Number(value);
    if (result !== undefined && result !== n) return 'invalid';
    result = n;
  }
  return result ?? 0;
}

/** The field value from `from` to the end of its (possibly folded) line, LWS trimmed. */
function unfoldValue(header: string, from: number): string {
  let end = from;
  for (;;) {
    const lf = header.indexOf('\n', end);
    if (lf < 0) {
      end = header.length;
      break;
    }
    const next = header.charCodeAt(lf + 1);
    end = lf;
    if (next !== 0x20 && next !== 0x09) break;
    end = lf + 1;
  }
  return header
    .slice(from, end)
    .replace(/[ \t\r\n]+/g, ' ')
    .trim();
}
