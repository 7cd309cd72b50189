// The eager header checks of one message (Kamailio's parse_headers(msg, flags) idea): find the
// headers every request needs, reject conflicting duplicates, parse and validate each, and
// attach `head` to every error on a request so a 400 can still be built (§8.2.6).
import type { CSeq, HeaderField, NameAddr, SipHeaders, Via } from '../message';
import { SipParseError, type SipParseErrorCode } from '../parse-error';
import { splitHeaderList } from '../sip-headers';
import { safeDetail, toParseError } from './grammar-error';
import { parseNameAddrAt } from './name-addr';
import { parseCSeq, parseCallId, parseContentLength, parseMaxForwards } from './scalar-headers';
import { parseViaAt } from './via';

export type Head = NonNullable<SipParseError['head']>;

/** Eager header names; each is also the error code for a bad value of that header. */
type EagerName = 'from' | 'to' | 'call-id' | 'cseq' | 'max-forwards' | 'content-length';

/** Indexes into the fields of the eager headers (-1 when absent). */
export interface EagerIndex {
  readonly via: number[];
  from: number;
  to: number;
  'call-id': number;
  cseq: number;
  'max-forwards': number;
  'content-length': number;
  /** The first field that repeats a single-value header with a different value, or -1. */
  duplicate: number;
}

export function indexEager(fields: readonly HeaderField[]): EagerIndex {
  const e: EagerIndex = {
    via: [],
    from: -1,
    to: -1,
    'call-id': -1,
    cseq: -1,
    'max-forwards': -1,
    'content-length': -1,
    duplicate: -1,
  };
  for (let k = 0; k < fields.length; k++) {
    const name = fields[k].name;
    switch (name) {
      case 'via':
        e.via.push(k);
        break;
      case 'from':
      case 'to':
      case 'call-id':
      case 'cseq':
      case 'max-forwards':
      case 'content-length': {
        const first = e[name];
        if (first === -1) e[name] = k;
        // A repeat is tolerated when identical, a conflict otherwise (RFC 4475 multi01, mcl01).
        else if (e.duplicate === -1 && fields[first].value !== fields[k].value) e.duplicate = k;
        break;
      }
    }
  }
  return e;
}

/** Every Via value, top first, across lines and commas (§7.3.1); or the first failure. */
export function parseVias(
  fields: readonly HeaderField[],
  indexes: readonly number[],
  offsetOf: (k: number) => number | undefined,
): Via[] | SipParseError {
  const vias: Via[] = [];
  for (const k of indexes) {
    const value = fields[k].value;
    try {
      if (value.indexOf(',') === -1) {
        vias.push(parseViaAt(value, 0, value.length));
      } else {
        // The same split SipHeaders.getAll('via') does, so vias[i] matches getAll('via')[i].
        for (const part of splitHeaderList(value)) vias.push(parseViaAt(part, 0, part.length));
      }
    } catch (caught) {
      return toParseError(caught, 'via', 'via', offsetOf(k));
    }
  }
  return vias;
}

/** Builds the head of a request (method, headers, Vias when they parsed). */
export function makeHead(method: string, headers: SipHeaders, vias: Via[] | SipParseError): Head {
  return {
    method,
    headers,
    via: vias instanceof SipParseError || vias.length === 0 ? undefined : vias,
  };
}

/** Attaches `head` to an error that lacks one. */
export function withHead(error: SipParseError, head: Head | undefined): SipParseError {
  if (head === undefined || error.head !== undefined) return error;
  return new SipParseError(error.code, error.header, error.offset, error.detail, head);
}

/** The eager checks of one message; errors carry the byte offset of the field and `head`. */
export class EagerHeaders {
  constructor(
    private readonly fields: readonly HeaderField[],
    readonly index: EagerIndex,
    /** Byte offset in the message of each field's first line. */
    private readonly offsetOf: (k: number) => number,
    readonly head: Head | undefined,
  ) {}

  error(code: SipParseErrorCode, k: number, detail: string): SipParseError {
    const header = k === -1 ? undefined : this.fields[k].name;
    const offset = k === -1 ? undefined : this.offsetOf(k);
    return new SipParseError(code, header, offset, safeDetail(detail), this.head);
  }

  checkDuplicates(): void {
    const k = this.index.duplicate;
    if (k !== -1)
      throw this.error('duplicate-header', k, `conflicting ${this.fields[k].name} values`);
  }

  from(): NameAddr {
    return this.required('from', nameAddrValue);
  }

  to(): NameAddr {
    return this.required('to', nameAddrValue);
  }

  callId(): string {
    return this.required('call-id', parseCallId);
  }

  /** CSeq; for a request its method must equal the request method (§8.1.1.5, §9.1). */
  cseq(method: string | undefined): CSeq {
    const cseq = this.required('cseq', parseCSeq);
    if (method !== undefined && cseq.method !== method) {
      // RFC 4475 mismatch01 (400) and mismatch02 (501 preferred, 400 accepted).
      const detail = `CSeq method ${cseq.method} does not match ${method}`;
      throw this.error('cseq-method-mismatch', this.index.cseq, detail);
    }
    return cseq;
  }

  /** Max-Forwards when present (absent is allowed, §8.1.1.6 is a SHOULD). */
  maxForwards(): number | undefined {
    return this.index['max-forwards'] === -1
      ? undefined
      : this.required('max-forwards', parseMaxForwards);
  }

  /**
   * The body: `available` octets when Content-Length is absent (the rest of the datagram,
   * RFC 4475 inv2543), else exactly Content-Length, cutting a longer datagram (§18.3,
   * RFC 4475 dblreq) and refusing a shorter one (§18.3: 400, RFC 4475 clerr).
   */
  bodyLength(available: number): number {
    if (this.index['content-length'] === -1) return available;
    const length = this.required('content-length', parseContentLength);
    if (length > available) {
      const detail = `Content-Length ${length} exceeds the ${available} octets of body`;
      throw this.error('body-length', this.index['content-length'], detail);
    }
    return length;
  }

  private required<T>(name: EagerName, parseValue: (value: string) => T): T {
    const k = this.index[name];
    if (k === -1)
      throw new SipParseError('missing-header', name, undefined, `missing ${name}`, this.head);
    try {
      return parseValue(this.fields[k].value);
    } catch (caught) {
      throw withHead(toParseError(caught, name, name, this.offsetOf(k)), this.head);
    }
  }
}

function nameAddrValue(value: string): NameAddr {
  return parseNameAddrAt(value, 0, value.length);
}
