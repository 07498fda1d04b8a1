import { allIn, TOKEN } from './chars.js';
import { canonicalHeaderName } from './headers.js';
import type { WireMessage } from './message.js';
import { formatUri } from './uri.js';

/**
 * The start line of a message as text, without CRLF (§7.1, §7.2).
 */
export function formatStartLine(message: WireMessage): string {
  return message.kind === 'request'
    ? `${message.method} ${formatUri(message.requestUri)} SIP/2.0`
    : `SIP/2.0 ${message.status} ${message.reason}`;
}

/**
 * Canonical wire bytes of a message: the start line, each header field as "Name: value" on one
 * line (canonical long names, §7.3.3), Content-Length set to the body's length (in place if
 * there is one, appended otherwise; §20.14), the empty line and the body.
 * Throws RangeError on a header name that is not a token or a value holding CR or LF, which
 * would let one field smuggle in another.
 */
export function serializeMessage(message: WireMessage): Buffer {
  const body = message.body;
  const startLine = formatStartLine(message);
  if (LINE_BREAK.test(startLine)) throw new RangeError('start line holds CR or LF');
  if (message.kind === 'request' && !allIn(message.method, TOKEN)) {
    throw new RangeError('method is not a token');
  }
  let head = `${startLine}\r\n`;
  let wroteLength = false;
  for (const h of message.headers) {
    const name = canonicalHeaderName(h.name);
    if (name === 'Content-Length') {
      if (wroteLength) continue;
      wroteLength = true;
      head += `Content-Length: ${body.length}\r\n`;
      continue;
    }
    checkField(name, h.value);
    head += h.value === '' ? `${name}:\r\n` : `${name}: ${h.value}\r\n`;
  }
  if (!wroteLength) head += `Content-Length: ${body.length}\r\n`;
  head += '\r\n';
  const headLength = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLength + body.length);
  out.write(head, 0, 'utf8');
  body.copy(out, headLength);
  return out;
}

const LINE_BREAK = /[\r\n]/;

function checkField(name: string, value: string): void {
  if (!allIn(name, TOKEN)) throw new RangeError(`header name "${name}" is not a token`);
  if (LINE_BREAK.test(value)) throw new RangeError(`value of ${name} holds CR or LF`);
}
