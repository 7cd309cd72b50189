// The SIP message model (RFC 3261 §7). Every layer of libs/sip codes against these types.
//
// Parsing is split in two on purpose (Kamailio's parse_headers(msg, flags) idea):
// - eager: the start line, the header split, and the headers every request needs to be
//   answered or matched to a transaction (Via, From, To, Call-ID, CSeq, Max-Forwards,
//   Content-Length). A request with any of these broken gets a 400 that names it.
// - lazy: everything else stays a raw string in `headers` and is parsed only when asked
//   (parseNameAddr, parseUri, ... on e.g. P-Asserted-Identity), so the hot path pays for
//   nothing it does not read.

/** URI / header parameters; names lower-cased, value `null` for a flag parameter (`;lr`). */
export type SipParams = ReadonlyMap<string, string | null>;

/**
 * A parsed `sip:`, `sips:` or `tel:` URI (RFC 3261 §19.1, RFC 3966). Any other scheme
 * (`isbn:`, `http:`, RFC 4475 §3.3.4) parses as 'other': only `raw` is meaningful then, and
 * the scheme name is `raw` up to its first ":".
 */
export interface SipUri {
  readonly scheme: 'sip' | 'sips' | 'tel' | 'other';
  /** User part (sip/sips) or the number (tel), percent-escapes kept as sent. */
  readonly user: string | undefined;
  /**
   * Parameters inside the user part: `sip:+12025550123;verstat=TN-Validation-Passed@host`
   * (user=phone style) or a tel URI's own parameters. Empty when there are none.
   */
  readonly userParams: SipParams;
  readonly password: string | undefined;
  /** Host as sent; an IPv6 reference keeps its brackets (`[2001:db8::1]`). Empty for tel. */
  readonly host: string;
  readonly port: number | undefined;
  readonly params: SipParams;
  /** URI headers after `?` (`?subject=x&priority=urgent`), names lower-cased. */
  readonly headers: SipParams;
  /** The URI text exactly as it appeared. */
  readonly raw: string;
}

/** name-addr or addr-spec with header parameters (From, To, Contact, PAI, ...). */
export interface NameAddr {
  /** Display name without quotes and with escapes resolved; undefined when absent. */
  readonly displayName: string | undefined;
  readonly uri: SipUri;
  /** Header parameters after the URI (`;tag=`, `;expires=`), names lower-cased. */
  readonly params: SipParams;
  readonly tag: string | undefined;
  readonly raw: string;
}

/** One Via value (RFC 3261 §20.42, RFC 3581 rport). */
export interface Via {
  /** `UDP`, `TCP`, `TLS`, `SCTP`, ... upper-cased. */
  readonly transport: string;
  /** sent-by host as sent; IPv6 keeps brackets. */
  readonly host: string;
  readonly port: number | undefined;
  readonly params: SipParams;
  readonly branch: string | undefined;
  readonly received: string | undefined;
  /** RFC 3581: `undefined` = no rport; `null` = `;rport` without a value; number = filled in. */
  readonly rport: number | null | undefined;
  readonly maddr: string | undefined;
  readonly ttl: number | undefined;
  /** The value exactly as it appeared (one comma-separated element). */
  readonly raw: string;
}

export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

/** A header field as it appeared: canonical lower-case long name (compact forms expanded). */
export interface HeaderField {
  readonly name: string;
  /**
   * Value with folding (LWS CRLF SP) collapsed to one space and outer whitespace trimmed.
   * Decoded as latin1 so every byte round-trips unchanged into responses; re-decode as UTF-8
   * (`Buffer.from(v, 'latin1').toString('utf8')`) where text is shown to a person.
   */
  readonly value: string;
}

/**
 * The header fields of a message in wire order. Names are canonical lower-case long forms
 * (`v` → `via`, `i` → `call-id`), so look-ups take lower-case long names only.
 */
export interface SipHeaders {
  readonly fields: readonly HeaderField[];
  /** First field with that name, or undefined. */
  get(name: string): string | undefined;
  /**
   * Every value of that name, with comma-separated lists split outside quotes and angle
   * brackets (`Via: a, b` and two `Via:` lines both give [a, b]). Headers whose grammar is
   * not a list (e.g. WWW-Authenticate, Date) are returned one value per field line.
   */
  getAll(name: string): string[];
  has(name: string): boolean;
}

interface SipMessageBase {
  readonly headers: SipHeaders;
  readonly body: Buffer;
  /** Every Via value, top first. A request always has at least one. */
  readonly via: readonly Via[];
  readonly from: NameAddr;
  readonly to: NameAddr;
  readonly callId: string;
  readonly cseq: CSeq;
}

export interface SipRequest extends SipMessageBase {
  readonly kind: 'request';
  /** Method token, case-sensitive as RFC 3261 §7.1 says (`INVITE`, not `invite`). */
  readonly method: string;
  readonly uri: SipUri;
  /** Max-Forwards value; undefined when the header is absent (allowed, §8.1.1.6 is a SHOULD). */
  readonly maxForwards: number | undefined;
}

export interface SipResponse extends SipMessageBase {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
}

export type SipMessage = SipRequest | SipResponse;
