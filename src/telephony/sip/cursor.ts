import { BACKSLASH, DQUOTE, HTAB, is, SP, TOKEN } from './chars.js';
import { fail } from './parse-errors.js';

/**
 * A position in one unfolded header value, with the small moves every header grammar of
 * RFC 3261 §25.1 is made of: SWS, separators with optional whitespace around them (SEMI,
 * COMMA, EQUAL, SLASH, COLON, LAQUOT, RAQUOT), tokens and quoted strings. Folding is already
 * undone by the parser, so LWS here is only SP and HTAB.
 */
export class Cursor {
  readonly s: string;
  i: number;
  readonly end: number;

  constructor(s: string, start = 0, end = s.length) {
    this.s = s;
    this.i = start;
    this.end = end;
  }

  atEnd(): boolean {
    return this.i >= this.end;
  }

  /** The code unit at the cursor, or -1 at the end. */
  peek(): number {
    return this.i < this.end ? this.s.charCodeAt(this.i) : -1;
  }

  /** Skips SP/HTAB; returns whether there was any. */
  skipWs(): boolean {
    const from = this.i;
    while (this.i < this.end) {
      const c = this.s.charCodeAt(this.i);
      if (c !== SP && c !== HTAB) break;
      this.i++;
    }
    return this.i > from;
  }

  /** SWS c SWS: consumes the separator and the whitespace around it, or moves nothing. */
  eatSeparator(c: number): boolean {
    const from = this.i;
    this.skipWs();
    if (this.peek() !== c) {
      this.i = from;
      return false;
    }
    this.i++;
    this.skipWs();
    return true;
  }

  expectSeparator(c: number, what: string): void {
    if (!this.eatSeparator(c)) fail(`expected ${what} at offset ${this.i}`);
  }

  /** The longest run of characters of the class starting at the cursor ('' if none). */
  run(flags: number): string {
    const from = this.i;
    while (this.i < this.end && is(this.s.charCodeAt(this.i), flags)) this.i++;
    return this.s.slice(from, this.i);
  }

  /** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
  token(what: string): string {
    const t = this.run(TOKEN);
    if (t === '') fail(`expected ${what} (a token) at offset ${this.i}`);
    return t;
  }

  /**
   * quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE, cursor on the DQUOTE.
   * Returns the content with quoted-pairs undone.
   */
  quoted(): string {
    const start = this.i + 1;
    const close = this.scanQuoted();
    const raw = this.s.slice(start, close);
    return raw.indexOf('\\') === -1 ? raw : raw.replace(/\\([\s\S])/g, '$1');
  }

  /** The quoted-string as written, quotes and backslashes included. */
  quotedRaw(): string {
    const start = this.i;
    const close = this.scanQuoted();
    return this.s.slice(start, close + 1);
  }

  /** Moves past a quoted-string; returns the index of its closing quote. */
  private scanQuoted(): number {
    let i = this.i + 1;
    for (;;) {
      if (i >= this.end) fail('unterminated quoted string');
      const c = this.s.charCodeAt(i);
      if (c === DQUOTE) break;
      if (c === BACKSLASH) {
        // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
        const next = i + 1 < this.end ? this.s.charCodeAt(i + 1) : -1;
        if (next < 0 || next > 0x7f || next === 0x0a || next === 0x0d) fail('bad quoted-pair');
        i += 2;
        continue;
      }
      // qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII
      if ((c < 0x20 && c !== HTAB) || c === 0x7f) fail('control character in quoted string');
      i++;
    }
    this.i = i + 1;
    return i;
  }

  /** Fails unless only whitespace is left. */
  expectEnd(what: string): void {
    this.skipWs();
    if (this.i < this.end) fail(`unexpected "${this.s.slice(this.i, this.i + 16)}" after ${what}`);
  }
}
