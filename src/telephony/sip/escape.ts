import { HEX, is, PERCENT } from './chars.js';
import { fail } from './parse-errors.js';

/**
 * escaped = "%" HEXDIG HEXDIG (§25.1; RFC 2396 §2.4.1). Checks that s[start, end) holds only
 * characters of the class or escapes, and returns it with the escapes decoded (bytes read as
 * UTF-8). §19.1.4: an unreserved character and its escape are the same character.
 */
export function decodeEscaped(s: string, start: number, end: number, flags: number, what: string): string {
  let escapes = false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === PERCENT) {
      if (i + 2 >= end) fail(`truncated escape in ${what}`);
      if (!is(s.charCodeAt(i + 1), HEX) || !is(s.charCodeAt(i + 2), HEX)) fail(`bad escape in ${what}`);
      escapes = true;
      i += 2;
    } else if (!is(c, flags)) {
      fail(`invalid character in ${what}`);
    }
  }
  if (!escapes) return s.slice(start, end);
  const bytes = Buffer.allocUnsafe(end - start);
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === PERCENT) {
      bytes[n++] = Number.parseInt(s.slice(i + 1, i + 3), 16);
      i += 2;
    } else {
      bytes[n++] = c;
    }
  }
  return bytes.toString('utf8', 0, n);
}

const HEX_DIGITS = '0123456789ABCDEF';

/** The reverse of decodeEscaped: escapes every character outside the class (and "%"). */
export function encodeEscaped(s: string, flags: number): string {
  let i = 0;
  while (i < s.length && is(s.charCodeAt(i), flags)) i++;
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (const b of Buffer.from(s.slice(i), 'utf8')) {
    out += is(b, flags) ? String.fromCharCode(b) : `%${HEX_DIGITS[b >> 4]}${HEX_DIGITS[b & 15]}`;
  }
  return out;
}
