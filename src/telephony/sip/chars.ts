/**
 * Character classes of the RFC 3261 §25.1 grammar, as bit flags over ASCII, so that every
 * scanner tests a character with one table lookup instead of a regular expression.
 */

export const ALPHANUM = 1;
/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
export const TOKEN = 2;
/** word (Call-ID) = token chars plus "(" / ")" / "<" / ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}" */
export const WORD = 4;
/** unreserved = alphanum / mark */
export const UNRESERVED = 8;
/** user = unreserved / user-unreserved ("&" / "=" / "+" / "$" / "," / ";" / "?" / "/"); escapes apart */
export const USER = 16;
/** password = unreserved / "&" / "=" / "+" / "$" / ","; escapes apart */
export const PASSWORD = 32;
/** paramchar = param-unreserved ("[" / "]" / "/" / ":" / "&" / "+" / "$") / unreserved; escapes apart */
export const PARAM = 64;
/** hname / hvalue chars = hnv-unreserved ("[" / "]" / "/" / "?" / ":" / "+" / "$") / unreserved */
export const HNV = 128;
/** uric = reserved / unreserved (RFC 2396, for absoluteURI); escapes apart */
export const URIC = 256;
export const HEX = 512;
export const DIGIT = 1024;
export const ALPHA = 2048;

const table = new Uint16Array(128);

function mark(chars: string, flags: number): void {
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)]! |= flags;
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const ALNUM_FLAGS = ALPHANUM | TOKEN | WORD | UNRESERVED | USER | PASSWORD | PARAM | HNV | URIC;
mark(LOWER + UPPER, ALNUM_FLAGS | ALPHA);
mark(DIGITS, ALNUM_FLAGS | DIGIT | HEX);
mark('abcdefABCDEF', HEX);
/** mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")" */
mark("-_.!~*'()", UNRESERVED | USER | PASSWORD | PARAM | HNV | URIC);
mark("-.!%*_+`'~", TOKEN | WORD);
mark('()<>:\\"/[]?{}', WORD);
mark('&=+$,;?/', USER);
mark('&=+$,', PASSWORD);
mark('[]/:&+$', PARAM);
mark('[]/?:+$', HNV);
/** reserved = ";" / "/" / "?" / ":" / "@" / "&" / "=" / "+" / "$" / "," */
mark(';/?:@&=+$,', URIC);

/** True when the UTF-16 code unit c is ASCII and belongs to every class in flags. */
export function is(c: number, flags: number): boolean {
  return c < 128 && ((table[c] ?? 0) & flags) === flags;
}

/** True when every character of s[start, end) is in the class and the range is not empty. */
export function allIn(s: string, flags: number, start = 0, end = s.length): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || ((table[c] ?? 0) & flags) === 0) return false;
  }
  return true;
}

export const SP = 0x20;
export const HTAB = 0x09;
export const CR = 0x0d;
export const LF = 0x0a;
export const DQUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const SEMI = 0x3b;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const EQUAL = 0x3d;
export const SLASH = 0x2f;
export const LAQUOT = 0x3c;
export const RAQUOT = 0x3e;
export const PERCENT = 0x25;
export const AT = 0x40;
export const QUESTION = 0x3f;
export const AMPERSAND = 0x26;
export const LBRACKET = 0x5b;
export const RBRACKET = 0x5d;
export const STAR = 0x2a;
export const PLUS = 0x2b;

export function isWs(c: number): boolean {
  return c === SP || c === HTAB;
}

/** s[start, end) without the SP / HTAB around it (String.prototype.trim would take other spaces too). */
export function trimWs(s: string, start = 0, end = s.length): string {
  while (start < end && isWs(s.charCodeAt(start))) start++;
  while (end > start && isWs(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Whether s holds a control character other than HTAB (CTL of RFC 3261 §25.1, minus HTAB). */
export function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== HTAB) || c === 0x7f) return true;
  }
  return false;
}
