import { COMMA, DQUOTE, HTAB, is, LAQUOT, RAQUOT, SEMI, SP, STAR, TOKEN, trimWs } from './chars.js';
import { Cursor } from './cursor.js';
import { DEFAULT_SIP_LIMITS } from './limits.js';
import { formatHeaderParams, type Param, paramValue, parseHeaderParams } from './params.js';
import { fail } from './parse-errors.js';
import { formatUri, parseUri, type Uri } from './uri.js';

/**
 * name-addr / addr-spec with its header parameters (§20.10, §25.1): the value of From, To,
 * Contact, Route, Record-Route, Reply-To... In the addr-spec form (no "<>") every parameter after
 * the URI belongs to the header field, not to the URI (§20.10).
 */
export interface NameAddr {
  /** display-name with quotes and quoted-pairs undone; undefined when absent. */
  readonly displayName: string | undefined;
  readonly uri: Uri;
  /** Header parameters (tag, expires, q, lr...), names in lower case, values as written. */
  readonly params: readonly Param[];
}

/** From and To (§20.20, §20.39): a NameAddr whose tag (§19.3) is at hand. */
export interface FromTo extends NameAddr {
  readonly tag: string | undefined;
}

export interface NameAddrSyntax {
  /** Whether the addr-spec form (a bare URI) is allowed; Route and Record-Route require "<>". */
  readonly allowAddrSpec: boolean;
  readonly maxUriLength: number;
}

/** One ( name-addr / addr-spec ) *( SEMI param ) at the cursor; stops before a COMMA or the end. */
export function parseNameAddr(c: Cursor, syntax: NameAddrSyntax): NameAddr {
  c.skipWs();
  let displayName: string | undefined;
  let uriText: string;
  const first = c.peek();
  if (first === DQUOTE) {
    displayName = c.quoted();
    // LAQUOT = SWS "<": whitespace before, none after (nor before RAQUOT, RFC 4475 §3.1.2.14).
    c.skipWs();
    if (c.peek() !== LAQUOT) fail('expected "<" after the display name');
    c.i++;
    uriText = bracketed(c);
  } else {
    // display-name = *(token LWS): a run of tokens and whitespace that ends at "<".
    const from = c.i;
    while (c.i < c.end) {
      const ch = c.s.charCodeAt(c.i);
      if (!is(ch, TOKEN) && ch !== SP && ch !== HTAB) break;
      c.i++;
    }
    if (c.peek() === LAQUOT) {
      const name = trimWs(c.s, from, c.i);
      displayName = name === '' ? undefined : name;
      c.i++;
      uriText = bracketed(c);
    } else {
      c.i = from;
      if (!syntax.allowAddrSpec) fail('expected "<" (name-addr)');
      uriText = addrSpec(c);
    }
  }
  const uri = parseUri(uriText, syntax.maxUriLength);
  const params = parseHeaderParams(c);
  return { displayName, uri, params };
}

/** The addr-spec between LAQUOT and RAQUOT; no whitespace inside the brackets (§25.1). */
function bracketed(c: Cursor): string {
  const close = c.s.indexOf('>', c.i);
  if (close < 0 || close >= c.end) fail('missing ">"');
  const text = c.s.slice(c.i, close);
  if (text === '') fail('empty "<>"');
  c.i = close + 1;
  return text;
}

/**
 * A bare addr-spec ends at whitespace, ";" or ",". It must not contain "?" (nor ";" or ",",
 * which would end it): those need the name-addr form (§20.10, RFC 4475 §3.1.2.13).
 */
function addrSpec(c: Cursor): string {
  const from = c.i;
  while (c.i < c.end) {
    const ch = c.s.charCodeAt(c.i);
    if (ch === SP || ch === HTAB || ch === SEMI || ch === COMMA) break;
    if (ch === 0x3f) fail('"?" in an addr-spec outside "<>"');
    if (ch === LAQUOT || ch === RAQUOT || ch === DQUOTE) fail('unexpected character in addr-spec');
    c.i++;
  }
  if (c.i === from) fail('empty address');
  return c.s.slice(from, c.i);
}

function parseSingle(text: string, maxUriLength: number): NameAddr {
  const c = new Cursor(text);
  const value = parseNameAddr(c, { allowAddrSpec: true, maxUriLength });
  c.expectEnd('the address');
  return value;
}

/** From / To value: exactly one ( name-addr / addr-spec ) *( SEMI param ). */
export function parseFromTo(text: string, maxUriLength: number = DEFAULT_SIP_LIMITS.maxUriLength): FromTo {
  const value = parseSingle(text, maxUriLength);
  const tag = paramValue(value.params, 'tag');
  if (tag === '') fail('tag without a value');
  return { displayName: value.displayName, uri: value.uri, params: value.params, tag };
}

/** Comma-separated NameAddr values (Contact, Route, Record-Route...); at least one. */
export function parseNameAddrList(text: string, syntax: NameAddrSyntax): NameAddr[] {
  const c = new Cursor(text);
  const values: NameAddr[] = [];
  do values.push(parseNameAddr(c, syntax));
  while (c.eatSeparator(COMMA));
  c.expectEnd('the address list');
  return values;
}

/** Contact = ( STAR / (contact-param *(COMMA contact-param)) ) (§20.10). */
export function parseContact(
  text: string,
  maxUriLength: number = DEFAULT_SIP_LIMITS.maxUriLength,
): '*' | NameAddr[] {
  const trimmed = trimWs(text);
  if (trimmed.length === 1 && trimmed.charCodeAt(0) === STAR) return '*';
  return parseNameAddrList(text, { allowAddrSpec: true, maxUriLength });
}

/** Route / Record-Route: name-addr values only (§20.30, §20.34). */
export function parseRoute(text: string, maxUriLength: number = DEFAULT_SIP_LIMITS.maxUriLength): NameAddr[] {
  return parseNameAddrList(text, { allowAddrSpec: false, maxUriLength });
}

/** Always the name-addr form, which is valid whatever the URI holds (§20.10). */
export function formatNameAddr(value: NameAddr): string {
  const name = value.displayName === undefined ? '' : `${quoteDisplayName(value.displayName)} `;
  return `${name}<${formatUri(value.uri)}>${formatHeaderParams(value.params)}`;
}

/**
 * quoted-string: DQUOTE, backslash and control characters become quoted-pairs; CR and LF, which
 * no quoted-pair may carry, become spaces.
 */
export function quoteDisplayName(name: string): string {
  let out = '"';
  for (const ch of name) {
    const c = ch.charCodeAt(0);
    if (c === 0x0d || c === 0x0a) out += ' ';
    else if (c === DQUOTE || c === 0x5c || (c < 0x20 && c !== HTAB) || c === 0x7f) out += `\\${ch}`;
    else out += ch;
  }
  return `${out}"`;
}
