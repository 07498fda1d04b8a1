import { isUtf8 } from 'node:buffer';
import { allIn, CR, HTAB, LF, SP, TOKEN } from './chars.js';
import { readFields } from './fields.js';
import { canonicalHeaderName } from './headers.js';
import { DEFAULT_SIP_LIMITS, type SipLimits } from './limits.js';
import {
  type HeaderField,
  isStreamTransport,
  type MessageFields,
  type SipMessage,
  type SipTransportKind,
} from './message.js';
import { fail, type SipParseError, SipSyntaxError } from './parse-errors.js';
import { type ParsePartial, salvage } from './salvage.js';
import { parseStartLine } from './start-line.js';
import { parseUri, type Uri } from './uri.js';

export interface ParseOptions {
  /** 'udp': one datagram, Content-Length optional, bytes past it ignored (§18.3); 'tcp' / 'stream': one message framed by createStreamFramer(), Content-Length mandatory. */
  readonly transport: SipTransportKind;
  readonly limits?: SipLimits;
  /** Request-URI schemes this element serves; any other is refused with 416 (§8.2.2.1, §16.3). Default sip, sips, tel; 'any' lets every absoluteURI through. */
  readonly requestUriSchemes?: readonly string[] | 'any';
  /** Refuse requests without Max-Forwards. Off by default: RFC 2543 peers omit it (RFC 4475 §3.4.1) and §16.6 step 3 lets a proxy add it. */
  readonly requireMaxForwards?: boolean;
}

export interface ParseFailure {
  readonly ok: false;
  readonly error: SipParseError;
  /** What could be read anyway, to answer the request (errorResponseFor) or to log; undefined for garbage. */
  readonly partial: ParsePartial | undefined;
}

export type ParseResult = { readonly ok: true; readonly message: SipMessage } | ParseFailure;

const DEFAULT_SCHEMES: readonly string[] = ['sip', 'sips', 'tel'];
const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
/** A CR not followed by LF, or an LF not preceded by CR. */
const BARE_CR_OR_LF = /\r(?!\n)|(?<!\r)\n/;
/** Control characters other than HTAB, CR and LF. */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/**
 * Parses one SIP message (RFC 3261 §7) and validates the start line and the header fields
 * Hotline relies on. Never throws on bad input: a refusal comes back as ok: false with the
 * reason and what could be salvaged. The body is a view into `buffer`, not a copy.
 */
export function parseMessage(buffer: Uint8Array, options: ParseOptions): ParseResult {
  const buf = Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const limits = options.limits ?? DEFAULT_SIP_LIMITS;
  try {
    return { ok: true, message: parse(buf, options, limits) };
  } catch (err) {
    if (!(err instanceof SipSyntaxError)) throw err;
    return { ok: false, error: err.toParseError(), partial: salvage(buf, limits) };
  }
}

function parse(buf: Buffer, options: ParseOptions, limits: SipLimits): SipMessage {
  if (buf.length > limits.maxMessageBytes) fail(`message larger than ${limits.maxMessageBytes} bytes`, 'MessageTooLarge');
  // §7.5: CRLF before the start line is ignored (keep-alives on streams, padding on datagrams).
  let start = 0;
  while (start + 1 < buf.length && buf[start] === CR && buf[start + 1] === LF) start += 2;
  if (start >= buf.length) fail('no start line', 'EmptyMessage');
  const emptyLine = buf.indexOf(CRLFCRLF, start);
  // Without an empty line the header fields are still read, so that an error in them is reported first.
  const headEnd = emptyLine >= 0 ? emptyLine + 2 : endsWithCrlf(buf) ? buf.length : -1;
  if (headEnd < 0) fail('the header section does not end with CRLF CRLF', 'MissingEmptyLine');
  if (!isUtf8(buf.subarray(start, headEnd))) fail('header section is not UTF-8', 'InvalidUtf8');
  const text = buf.toString('utf8', start, headEnd);
  if (BARE_CR_OR_LF.test(text)) fail('bare CR or LF in the header section', 'BadLineEnding');

  const lineEnd = text.indexOf('\r\n');
  if (lineEnd > limits.maxLineLength) fail('start line too long', 'LineTooLong');
  const startLine = parseStartLine(text.slice(0, lineEnd));
  const requestUri = startLine.kind === 'request' ? parseRequestUri(startLine.uriText, limits) : undefined;
  const headers = readHeaderFields(text, lineEnd + 2, limits);
  const fields = readFields(
    headers,
    { kind: startLine.kind, requireMaxForwards: options.requireMaxForwards === true },
    limits,
  );
  if (emptyLine < 0) fail('the header section does not end with CRLF CRLF', 'MissingEmptyLine');
  const body = readBody(buf, emptyLine + 4, fields, options.transport);

  if (startLine.kind === 'response') {
    return { kind: 'response', status: startLine.status, reason: startLine.reason, headers, body, ...fields };
  }
  // §8.1.1.5: the CSeq method matches the request's (RFC 4475 §3.1.2.17, §3.1.2.18).
  if (fields.cseq.method !== startLine.method) fail('CSeq method differs from the request method', 'CSeqMethodMismatch');
  const uri = requestUri!;
  const schemes = options.requestUriSchemes ?? DEFAULT_SCHEMES;
  if (schemes !== 'any' && !schemes.includes(uri.scheme)) {
    fail(`Request-URI scheme "${uri.scheme}" is not served`, 'UnsupportedUriScheme');
  }
  return { kind: 'request', method: startLine.method, requestUri: uri, headers, body, ...fields };
}

function endsWithCrlf(buf: Buffer): boolean {
  return buf.length >= 2 && buf[buf.length - 2] === CR && buf[buf.length - 1] === LF;
}

/** Request-URI (§7.1): a URI without "<>", spaces, or headers (§19.1.1, RFC 4475 §3.1.2.11). */
function parseRequestUri(text: string, limits: SipLimits): Uri {
  if (text.length > limits.maxUriLength) fail(`Request-URI longer than ${limits.maxUriLength}`, 'UriTooLong');
  let uri: Uri;
  try {
    uri = parseUri(text, limits.maxUriLength);
  } catch (err) {
    if (err instanceof SipSyntaxError) fail(`Request-URI: ${err.message}`, 'BadRequestUri');
    throw err;
  }
  if (uri.kind === 'sip' && uri.headers.length > 0) fail('headers are not allowed in a Request-URI', 'BadRequestUri');
  return uri;
}

/**
 * message-header lines (§7.3): name HCOLON value, folded lines (§7.3.1) joined with one SP,
 * names canonical (compact forms expanded, §7.3.3). `text` ends with the CRLF of the last field.
 */
function readHeaderFields(text: string, from: number, limits: SipLimits): HeaderField[] {
  const headers: HeaderField[] = [];
  const controls = CONTROL.test(text);
  let name: string | undefined;
  let value = '';
  let pos = from;
  while (pos < text.length) {
    const eol = text.indexOf('\r\n', pos);
    if (eol - pos > limits.maxLineLength) fail('header line too long', 'LineTooLong', name);
    const first = text.charCodeAt(pos);
    if (first === SP || first === HTAB) {
      if (name === undefined) fail('continuation line with no header field to continue', 'BadHeaderLine');
      const more = trimWs(text, pos, eol);
      value = value === '' ? more : more === '' ? value : `${value} ${more}`;
    } else {
      if (name !== undefined) headers.push(field(name, value, controls));
      const colon = text.indexOf(':', pos);
      if (colon < 0 || colon > eol) fail('header line without ":"', 'BadHeaderLine');
      let nameEnd = colon;
      while (nameEnd > pos && isWs(text.charCodeAt(nameEnd - 1))) nameEnd--;
      if (!allIn(text, TOKEN, pos, nameEnd)) fail('header field name is not a token', 'BadHeaderLine');
      if (headers.length >= limits.maxHeaderFields) fail('too many header fields', 'TooManyHeaders');
      name = canonicalHeaderName(text.slice(pos, nameEnd));
      value = trimWs(text, colon + 1, eol);
    }
    if (value.length > limits.maxHeaderValueLength) fail('header value too long', 'HeaderValueTooLong', name);
    pos = eol + 2;
  }
  if (name !== undefined) headers.push(field(name, value, controls));
  return headers;
}

function field(name: string, value: string, controls: boolean): HeaderField {
  if (controls) checkControls(name, value);
  return { name, value };
}

/**
 * header-value = *(TEXT-UTF8char / UTF8-CONT / LWS): no control characters, except as the
 * second half of a quoted-pair inside a quoted-string (RFC 4475 §3.1.1.2).
 */
function checkControls(name: string, value: string): void {
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (c === 0x5c && quoted) i++;
    else if ((c < 0x20 && c !== HTAB) || c === 0x7f) fail('control character in header value', 'BadHeaderValue', name);
  }
}

function isWs(c: number): boolean {
  return c === SP || c === HTAB;
}

function trimWs(s: string, start: number, end: number): string {
  while (start < end && isWs(s.charCodeAt(start))) start++;
  while (end > start && isWs(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/**
 * §18.3 framing. Datagram: with Content-Length the body is that many bytes and the rest is
 * discarded (RFC 4475 §3.1.1.8), a larger claim is an error (§3.1.2.2); without it the body runs
 * to the end. Stream: Content-Length is mandatory and the framer gave exactly that many bytes.
 */
function readBody(buf: Buffer, bodyStart: number, fields: MessageFields, transport: SipTransportKind): Buffer {
  const available = buf.length - bodyStart;
  const declared = fields.contentLength;
  if (isStreamTransport(transport)) {
    if (declared === undefined) fail('no Content-Length on a stream transport', 'MissingContentLength', 'Content-Length');
    if (declared !== available) fail(`body is ${available} bytes, not ${declared}`, 'ContentLengthMismatch', 'Content-Length');
    return buf.subarray(bodyStart);
  }
  if (declared === undefined) return buf.subarray(bodyStart);
  if (declared > available) {
    fail(`Content-Length ${declared} but ${available} bytes arrived`, 'ContentLengthExceedsMessage', 'Content-Length');
  }
  return buf.subarray(bodyStart, bodyStart + declared);
}
