import { CR, is, LF, TOKEN } from './chars.js';
import { DEFAULT_SIP_LIMITS, type SipLimits } from './limits.js';
import { fail, SipSyntaxError } from './parse-errors.js';
import type { ParseFailure } from './parser.js';
import { salvage } from './salvage.js';
import { parseContentLength } from './scalars.js';

export interface StreamFramerOptions {
  readonly limits?: SipLimits;
}

/**
 * What a chunk of a stream turned into. `message` holds the bytes of one whole message, its
 * own copy, to parse with parseMessage(bytes, { transport: 'tcp' }); a parse failure there
 * concerns that message only. `keepalive` is an RFC 5626 §3.5.1 ping (CRLF CRLF, to answer with
 * a CRLF pong) or pong (a lone CRLF). `error` means the stream cannot be framed any more: answer
 * it if errorResponseFor(failure) gives a response, then close the connection (RFC 4475 §3.1.2.3,
 * §3.3.9). A framer that reported an error ignores everything pushed after it.
 */
export type FramerEvent =
  | { readonly type: 'message'; readonly bytes: Buffer }
  | { readonly type: 'keepalive'; readonly kind: 'ping' | 'pong' }
  | { readonly type: 'error'; readonly failure: ParseFailure };

export interface StreamFramer {
  push(chunk: Uint8Array): FramerEvent[];
  /** Bytes received and not yet returned as a message. */
  readonly bufferedBytes: number;
  readonly failed: boolean;
}

const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const PING: FramerEvent = Object.freeze({ type: 'keepalive', kind: 'ping' });
const PONG: FramerEvent = Object.freeze({ type: 'keepalive', kind: 'pong' });

/**
 * Splits a stream (TCP, TLS) into SIP messages by Content-Length, which is mandatory there
 * (§18.3, §20.14). CRLFs before a start line are skipped (§7.5) and reported as keep-alives.
 * The buffer grows only with bytes that arrived; a header section or a message beyond the
 * limits, a missing or malformed Content-Length, or bytes that cannot start a message end the
 * stream with an error.
 */
export function createStreamFramer(options: StreamFramerOptions = {}): StreamFramer {
  const limits = options.limits ?? DEFAULT_SIP_LIMITS;
  let buf = Buffer.allocUnsafe(4096);
  let start = 0;
  let end = 0;
  /** Where the search for the end of the header section resumes. */
  let scanFrom = 0;
  /** Length of the message at `start`, once its header section has been read. */
  let messageLength = -1;
  /** The previous chunk ended in a lone CRLF, reported as a pong; one more CRLF makes it a ping. */
  let halfPing = false;
  let failed = false;

  function append(chunk: Uint8Array): void {
    if (start === end) start = end = scanFrom = 0;
    if (end + chunk.length > buf.length) {
      const live = end - start;
      const size = Math.max(buf.length, live + chunk.length);
      const next =
        live + chunk.length <= buf.length ? buf : Buffer.allocUnsafe(Math.max(size, buf.length * 2));
      buf.copy(next, 0, start, end);
      buf = next;
      scanFrom -= start;
      end = live;
      start = 0;
    }
    buf.set(chunk, end);
    end += chunk.length;
  }

  /** Consumes CRLFs at a message boundary; false when what is left may still become a ping. */
  function keepalives(events: FramerEvent[]): boolean {
    while (end - start >= 2 && buf[start] === CR && buf[start + 1] === LF) {
      const left = end - start;
      if (halfPing) {
        halfPing = false;
        start += 2;
        events.push(PING);
      } else if (left >= 4 && buf[start + 2] === CR && buf[start + 3] === LF) {
        start += 4;
        events.push(PING);
      } else if (left === 3 && buf[start + 2] === CR) {
        return false;
      } else {
        start += 2;
        halfPing = start === end;
        events.push(PONG);
      }
    }
    if (end - start === 1 && buf[start] === CR) return false;
    if (end > start) halfPing = false;
    scanFrom = Math.max(scanFrom, start);
    return true;
  }

  /** Reads the header section at `start` if it is complete; fails when it cannot be. */
  function readHead(): boolean {
    const first = buf[start]!;
    // A start line begins with a method (a token) or "SIP/": anything else is not SIP.
    if (!is(first, TOKEN)) fail('bytes that cannot start a SIP message', 'BadStartLine');
    const emptyLine = buf.subarray(0, end).indexOf(CRLFCRLF, scanFrom);
    if (emptyLine < 0) {
      scanFrom = Math.max(start, end - 3);
      const buffered = end - start;
      if (buffered > limits.maxMessageBytes) {
        fail('header section larger than the message limit', 'MessageTooLarge');
      }
      if (
        buffered > limits.maxLineLength &&
        buf.subarray(start, start + limits.maxLineLength + 2).indexOf('\r\n') < 0
      ) {
        fail('start line too long', 'LineTooLong');
      }
      return false;
    }
    const headLength = emptyLine + 4 - start;
    const contentLength = findContentLength(buf.toString('latin1', start, emptyLine + 2));
    if (headLength + contentLength > limits.maxMessageBytes) {
      fail(`message of ${headLength + contentLength} bytes`, 'MessageTooLarge');
    }
    messageLength = headLength + contentLength;
    return true;
  }

  function frame(events: FramerEvent[]): void {
    for (;;) {
      if (messageLength < 0) {
        if (!keepalives(events) || start === end || !readHead()) return;
      }
      if (end - start < messageLength) return;
      const bytes = Buffer.allocUnsafe(messageLength);
      buf.copy(bytes, 0, start, start + messageLength);
      events.push({ type: 'message', bytes });
      start += messageLength;
      scanFrom = start;
      messageLength = -1;
    }
  }

  return {
    push(chunk) {
      if (failed) return [];
      append(chunk);
      const events: FramerEvent[] = [];
      try {
        frame(events);
      } catch (err) {
        if (!(err instanceof SipSyntaxError)) throw err;
        failed = true;
        const partial = salvage(buf.subarray(start, end), limits);
        events.push({ type: 'error', failure: { ok: false, error: err.toParseError(), partial } });
        start = end = 0;
      }
      return events;
    },
    get bufferedBytes() {
      return end - start;
    },
    get failed() {
      return failed;
    },
  };
}

/**
 * The one Content-Length (or "l", §7.3.3) of a header section given as latin1 text, its lines
 * unfolded. Missing, repeated or malformed: the stream cannot be framed.
 */
function findContentLength(head: string): number {
  let found: string | undefined;
  let inField = false;
  let pos = head.indexOf('\r\n') + 2;
  while (pos < head.length) {
    const eol = head.indexOf('\r\n', pos);
    const line = head.slice(pos, eol);
    pos = eol + 2;
    const first = line.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      if (inField) found += ` ${line}`;
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon).trimEnd().toLowerCase();
    inField = name === 'content-length' || name === 'l';
    if (!inField) continue;
    if (found !== undefined) fail('more than one Content-Length', 'DuplicateHeader', 'Content-Length');
    found = line.slice(colon + 1);
  }
  if (found === undefined) {
    fail('no Content-Length on a stream transport', 'MissingContentLength', 'Content-Length');
  }
  try {
    return parseContentLength(found);
  } catch (err) {
    if (err instanceof SipSyntaxError) err.header = 'Content-Length';
    throw err;
  }
}
