import { isUtf8 } from 'node:buffer';
import { assembleRequest, assembleResponse } from './assemble.js';
import { allIn, CR, HTAB, isWs, LF, SP, TOKEN, trimWs } from './chars.js';
import { readFields } from './fields.js';
import { knownHeaderName } from './headers.js';
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
  /**
   * Framing rules of §18.3. 'udp': the buffer is one datagram (or one WebSocket message);
   * Content-Length is optional and bytes past it are ignored. 'tcp' / 'stream' (the same rules):
   * the buffer is one message cut by createStreamFramer(); Content-Length is mandatory.
   */
  readonly transport: SipTransportKind;
  /** DEFAULT_SIP_LIMITS when absent; build others once with sipLimits(). */
  readonly limits?: SipLimits;
  /**
   * Request-URI schemes this element serves; a request for any other is refused with 416
   * (§8.2.2.1, §16.3). Default sip, sips, tel; 'any' lets every absoluteURI through.
   */
  readonly requestUriSchemes?: readonly string[] | 'any';
  /**
   * Refuse requests without Max-Forwards. Off by default: RFC 2543 peers omit it (RFC 4475
   * §3.4.1), and §16.6 step 3 has a proxy add one rather than refuse the request.
   */
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

/**
 * Parses one SIP message (RFC 3261 §7) and validates the start line and the header fields
 * Hotline relies on. Never throws on bad input: a refusal comes back as ok: false with the
 * reason and what could be salvaged. The body is a view into `buffer`, not a copy.
 */
export function parseMessage(buffer: Uint8Array, options: ParseOptions): ParseResult {
  const buf = Buffer.isBuffer(buffer)
    ? buffer
    : Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const limits = options.limits ?? DEFAULT_SIP_LIMITS;
  try {
    return { ok: true, message: parse(buf, options, limits) };
  } catch (err) {
    if (!(err instanceof SipSyntaxError)) throw err;
    return { ok: false, error: err.toParseError(), partial: salvage(buf, limits) };
  }
}

function parse(buf: Buffer, options: ParseOptions, limits: SipLimits): SipMessage {
  if (buf.length > limits.maxMessageBytes) {
    fail(`message larger than ${limits.maxMessageBytes} bytes`, 'MessageTooLarge');
  }
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

  const lineEnd = lineEndAt(text, 0);
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
    return assembleResponse(startLine, headers, body, fields);
  }
  // §8.1.1.5: the CSeq method matches the request's (RFC 4475 §3.1.2.17, §3.1.2.18).
  if (fields.cseq.method !== startLine.method) {
    fail('CSeq method differs from the request method', 'CSeqMethodMismatch');
  }
  const uri = requestUri!;
  const schemes = options.requestUriSchemes ?? DEFAULT_SCHEMES;
  if (schemes !== 'any' && !schemes.includes(uri.scheme)) {
    fail(`Request-URI scheme "${uri.scheme}" is not served`, 'UnsupportedUriScheme');
  }
  return assembleRequest(
    { kind: 'request', method: startLine.method, requestUri: uri },
    headers,
    body,
    fields,
  );
}

/**
 * The index of the CRLF that ends the line starting at `pos`. A CR or LF alone inside the line
 * is refused (§7: lines end with CRLF, and a bare one could smuggle a line past other parsers).
 */
function lineEndAt(text: string, pos: number): number {
  const eol = text.indexOf('\r\n', pos);
  const cr = text.indexOf('\r', pos);
  const lf = text.indexOf('\n', pos);
  if (cr !== eol || lf !== eol + 1) fail('bare CR or LF in the header section', 'BadLineEnding');
  return eol;
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
  if (uri.kind === 'sip' && uri.headers.length > 0) {
    fail('headers are not allowed in a Request-URI', 'BadRequestUri');
  }
  return uri;
}

/**
 * message-header lines (§7.3): name HCOLON value, folded lines (§7.3.1) joined with one SP,
 * names canonical (compact forms expanded, §7.3.3). `text` ends with the CRLF of the last field.
 */
function readHeaderFields(text: string, from: number, limits: SipLimits): HeaderField[] {
  const headers: HeaderField[] = [];
  let name: string | undefined;
  let value = '';
  let pos = from;
  while (pos < text.length) {
    const eol = lineEndAt(text, pos);
    if (eol - pos > limits.maxLineLength) fail('header line too long', 'LineTooLong', name);
    const first = text.charCodeAt(pos);
    if (first === SP || first === HTAB) {
      if (name === undefined) fail('continuation line with no header field to continue', 'BadHeaderLine');
      const more = trimWs(text, pos, eol);
      value = value === '' ? more : more === '' ? value : `${value} ${more}`;
    } else {
      if (name !== undefined) headers.push({ name, value });
      const colon = text.indexOf(':', pos);
      if (colon < 0 || colon > eol) fail('header line without ":"', 'BadHeaderLine');
      let nameEnd = colon;
      while (nameEnd > pos && isWs(text.charCodeAt(nameEnd - 1))) nameEnd--;
      if (!allIn(text, TOKEN, pos, nameEnd)) fail('header field name is not a token', 'BadHeaderLine');
      if (headers.length >= limits.maxHeaderFields) fail('too many header fields', 'TooManyHeaders');
      name = knownHeaderName(text, pos, nameEnd) ?? text.slice(pos, nameEnd);
      value = trimWs(text, colon + 1, eol);
    }
    if (value.length > limits.maxHeaderValueLength) fail('header value too long', 'HeaderValueTooLong', name);
    pos = eol + 2;
  }
  if (name !== undefined) headers.push({ name, value });
  return headers;
}

/**
 * §18.3 framing. Datagram: with Content-Length the body is that many bytes and the rest is
 * discarded (RFC 4475 §3.1.1.8), a larger claim is an error (§3.1.2.2); without it the body runs
 * to the end. Stream: Content-Length is mandatory and the framer gave exactly that many bytes.
 */
function readBody(
  buf: Buffer,
  bodyStart: number,
  fields: MessageFields,
  transport: SipTransportKind,
): Buffer {
  const available = buf.length - bodyStart;
  const declared = fields.contentLength;
  if (isStreamTransport(transport)) {
    if (declared === undefined) {
      fail('no Content-Length on a stream transport', 'MissingContentLength', 'Content-Length');
    }
    if (declared !== available) {
      fail(`body is ${available} bytes, not ${declared}`, 'ContentLengthMismatch', 'Content-Length');
    }
    return buf.subarray(bodyStart);
  }
  if (declared === undefined) return buf.subarray(bodyStart);
  if (declared > available) {
    fail(
      `Content-Length ${declared} but ${available} bytes arrived`,
      'ContentLengthExceedsMessage',
      'Content-Length',
    );
  }
  return buf.subarray(bodyStart, bodyStart + declared);
}
