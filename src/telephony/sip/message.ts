import type { FromTo, NameAddr } from './name-addr.js';
import type { CSeq, MediaType } from './scalars.js';
import type { Uri } from './uri.js';
import type { Via } from './via.js';

/**
 * SIP messages (RFC 3261 §7). A message is its start line, its header fields in order, and its
 * body. What goes to the wire is a Wire* message: that is all the serializer needs, and what
 * buildResponse() returns. What the parser returns is a SipRequest / SipResponse: the same
 * plus the typed values of the header fields it validated.
 */

/** One header field (§7.3): name in canonical long form when known (compact forms expanded), value unfolded. */
export interface HeaderField {
  readonly name: string;
  /** With line folding undone (§7.3.1) and surrounding whitespace trimmed; as written otherwise. */
  readonly value: string;
}

/** Request-Line = Method SP Request-URI SP SIP-Version CRLF (§7.1). */
export interface RequestLine {
  readonly kind: 'request';
  /** Case-sensitive token: INVITE, ACK, OPTIONS... or an extension method. */
  readonly method: string;
  readonly requestUri: Uri;
}

/** Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF (§7.2). */
export interface StatusLine {
  readonly kind: 'response';
  /** 100 to 699. */
  readonly status: number;
  /** UTF-8 text, possibly empty (RFC 4475 §3.1.1.13). */
  readonly reason: string;
}

export interface MessageContent {
  /** In message order. Content-Length is rewritten from the body by the serializer. */
  readonly headers: readonly HeaderField[];
  /** The message-body, exactly Content-Length bytes. May share memory with the parsed buffer. */
  readonly body: Buffer;
}

export type WireRequest = RequestLine & MessageContent;
export type WireResponse = StatusLine & MessageContent;
export type WireMessage = WireRequest | WireResponse;

/**
 * The typed values of the header fields the parser validated. Lists are empty when their
 * header is absent; single values are undefined.
 */
export interface MessageFields {
  /** Every Via value, top first, across all Via fields (§20.42). */
  readonly via: readonly Via[];
  readonly from: FromTo;
  readonly to: FromTo;
  readonly callId: string;
  readonly cseq: CSeq;
  /** Requests only; undefined when absent (RFC 2543 peers, RFC 4475 §3.4.1; §16.6 step 3). */
  readonly maxForwards: number | undefined;
  /** As declared; undefined when absent (allowed on datagrams, §18.3). */
  readonly contentLength: number | undefined;
  /** '*' (REGISTER removing all bindings, §10.2.2) or the contacts, empty when absent. */
  readonly contact: '*' | readonly NameAddr[];
  readonly route: readonly NameAddr[];
  readonly recordRoute: readonly NameAddr[];
  readonly contentType: MediaType | undefined;
  readonly expires: number | undefined;
  readonly require: readonly string[];
  readonly proxyRequire: readonly string[];
  readonly supported: readonly string[];
  readonly unsupported: readonly string[];
  readonly allow: readonly string[];
}

export type SipRequest = WireRequest & MessageFields;
export type SipResponse = WireResponse & MessageFields;
export type SipMessage = SipRequest | SipResponse;

/** Transport a message arrived on, as far as framing goes (§18.3). */
export type SipTransportKind = 'udp' | 'tcp' | 'stream';

/** Whether framing is by datagram (Content-Length optional, excess discarded) or by Content-Length. */
export function isStreamTransport(transport: SipTransportKind): boolean {
  return transport !== 'udp';
}
