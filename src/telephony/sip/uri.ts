import { ALPHA, DIGIT, HEX, HNV, is, PARAM, PASSWORD, URIC, USER } from './chars.js';
import { decodeEscaped, encodeEscaped } from './escape.js';
import { type HostType, hostType, parsePort } from './host.js';
import { DEFAULT_SIP_LIMITS } from './limits.js';
import type { Param } from './params.js';
import { fail } from './parse-errors.js';

/**
 * SIP-URI / SIPS-URI (RFC 3261 §19.1): user, password, parameters and headers are unescaped
 * (§19.1.2); formatUri() escapes them again. The host keeps its spelling (an IPv6 host keeps its
 * brackets); compare hosts and URIs with uriEquals() (§19.1.4), never with ===.
 */
export interface SipUri {
  readonly kind: 'sip';
  readonly scheme: 'sip' | 'sips';
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly host: string;
  readonly hostType: HostType;
  readonly port: number | undefined;
  /** uri-parameters, names in lower case, values unescaped. */
  readonly params: readonly Param[];
  /** headers (?hname=hvalue&...), unescaped, names as written. */
  readonly headers: readonly UriHeader[];
}

export interface UriHeader {
  readonly name: string;
  readonly value: string;
}

/** tel URI (RFC 3966): the telephone-subscriber as written, and its parameters. */
export interface TelUri {
  readonly kind: 'tel';
  readonly scheme: 'tel';
  readonly number: string;
  readonly params: readonly Param[];
}

/** Any other absoluteURI (RFC 2396 §3, allowed by §25.1): kept opaque. */
export interface AbsoluteUri {
  readonly kind: 'absolute';
  /** In lower case. */
  readonly scheme: string;
  /** Everything after "scheme:", as written. */
  readonly value: string;
}

export type Uri = SipUri | TelUri | AbsoluteUri;

/** Parses a URI (Request-URI or the addr-spec of a header field); throws SipSyntaxError. */
export function parseUri(text: string, maxLength: number = DEFAULT_SIP_LIMITS.maxUriLength): Uri {
  if (text.length > maxLength) fail(`URI longer than ${maxLength}`);
  const colon = schemeEnd(text);
  const scheme = text.slice(0, colon).toLowerCase();
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(text, colon + 1, scheme);
  if (scheme === 'tel') return parseTelUri(text, colon + 1);
  const value = decodeEscaped(text, colon + 1, text.length, URIC, 'URI');
  if (value === '') fail('empty URI after scheme');
  return { kind: 'absolute', scheme, value: text.slice(colon + 1) };
}

/** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), followed by ":". */
function schemeEnd(text: string): number {
  if (!is(text.charCodeAt(0), ALPHA)) fail('URI does not start with a scheme');
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3a) return i;
    if (!is(c, ALPHA) && !is(c, DIGIT) && c !== 0x2b && c !== 0x2d && c !== 0x2e) break;
  }
  return fail('URI has no scheme');
}

/** SIP-URI = "sip:" [ userinfo ] hostport uri-parameters [ headers ] (§25.1). */
function parseSipUri(s: string, start: number, scheme: 'sip' | 'sips'): SipUri {
  const end = s.length;
  let user: string | undefined;
  let password: string | undefined;
  let i = start;
  // No character after the userinfo may be "@" (params and headers exclude it), so the first
  // "@" ends the userinfo; the user part has no ":" either, so the first ":" before it starts the password.
  const at = s.indexOf('@', start);
  if (at >= 0) {
    const colon = s.indexOf(':', start);
    const userEnd = colon >= 0 && colon < at ? colon : at;
    if (userEnd === start) fail('empty user part in SIP URI');
    user = decodeEscaped(s, start, userEnd, USER, 'user part');
    if (userEnd < at) password = decodeEscaped(s, userEnd + 1, at, PASSWORD, 'password');
    i = at + 1;
  }
  let hostEnd: number;
  if (s.charCodeAt(i) === 0x5b) {
    const close = s.indexOf(']', i);
    if (close < 0) fail('unterminated IPv6 reference');
    hostEnd = close + 1;
  } else {
    hostEnd = i;
    while (hostEnd < end && !isHostPortEnd(s.charCodeAt(hostEnd)) && s.charCodeAt(hostEnd) !== 0x3a)
      hostEnd++;
  }
  if (hostEnd === i) fail('SIP URI has no host');
  const host = s.slice(i, hostEnd);
  const type = hostType(host);
  i = hostEnd;
  let port: number | undefined;
  if (s.charCodeAt(i) === 0x3a) {
    let portEnd = i + 1;
    while (portEnd < end && !isHostPortEnd(s.charCodeAt(portEnd))) portEnd++;
    port = parsePort(s, i + 1, portEnd);
    i = portEnd;
  } else if (i < end && !isHostPortEnd(s.charCodeAt(i))) {
    fail('bad character after host');
  }
  const params: Param[] = [];
  i = parseUriParams(s, i, params);
  const headers: UriHeader[] = [];
  if (i < end) {
    // headers = "?" header *( "&" header ); header = hname "=" hvalue
    for (;;) {
      i++;
      let eq = i;
      while (eq < end && s.charCodeAt(eq) !== 0x3d && s.charCodeAt(eq) !== 0x26) eq++;
      if (eq === i || s.charCodeAt(eq) !== 0x3d) fail('bad URI header');
      let valueEnd = eq + 1;
      while (valueEnd < end && s.charCodeAt(valueEnd) !== 0x26) valueEnd++;
      headers.push({
        name: decodeEscaped(s, i, eq, HNV, 'URI header name'),
        value: decodeEscaped(s, eq + 1, valueEnd, HNV, 'URI header value'),
      });
      i = valueEnd;
      if (i >= end) break;
    }
  }
  return { kind: 'sip', scheme, user, password, host, hostType: type, port, params, headers };
}

function isHostPortEnd(c: number): boolean {
  return c === 0x3b || c === 0x3f;
}

/** uri-parameters = *( ";" uri-parameter ), uri-parameter = pname [ "=" pvalue ]; stops at "?" or the end. */
function parseUriParams(s: string, start: number, params: Param[]): number {
  const end = s.length;
  let i = start;
  while (i < end && s.charCodeAt(i) === 0x3b) {
    i++;
    let nameEnd = i;
    while (nameEnd < end && !isParamEnd(s.charCodeAt(nameEnd)) && s.charCodeAt(nameEnd) !== 0x3d) nameEnd++;
    if (nameEnd === i) fail('empty URI parameter name');
    const name = decodeEscaped(s, i, nameEnd, PARAM, 'URI parameter').toLowerCase();
    let value: string | undefined;
    i = nameEnd;
    if (s.charCodeAt(i) === 0x3d) {
      let valueEnd = i + 1;
      while (valueEnd < end && !isParamEnd(s.charCodeAt(valueEnd))) valueEnd++;
      if (valueEnd === i + 1) fail(`empty value of URI parameter ${name}`);
      value = decodeEscaped(s, i + 1, valueEnd, PARAM, 'URI parameter');
      i = valueEnd;
    }
    params.push({ name, value });
  }
  if (i < end && s.charCodeAt(i) !== 0x3f) fail('bad character in URI parameters');
  return i;
}

function isParamEnd(c: number): boolean {
  return c === 0x3b || c === 0x3f;
}

/**
 * telephone-subscriber (RFC 3966 §3): global-number-digits ("+" digits and visual separators)
 * or local-number-digits (hex digits, "*", "#" and visual separators), then parameters.
 */
function parseTelUri(s: string, start: number): TelUri {
  let numberEnd = s.indexOf(';', start);
  if (numberEnd < 0) numberEnd = s.length;
  const number = s.slice(start, numberEnd);
  if (!isTelephoneNumber(number)) fail('bad telephone-subscriber in tel URI');
  const params: Param[] = [];
  const i = parseUriParams(s, numberEnd, params);
  if (i < s.length) fail('bad character in tel URI');
  return { kind: 'tel', scheme: 'tel', number, params };
}

function isTelephoneNumber(n: string): boolean {
  const global = n.charCodeAt(0) === 0x2b;
  let significant = 0;
  for (let i = global ? 1 : 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    if (c === 0x2d || c === 0x2e || c === 0x28 || c === 0x29) continue;
    if (global ? is(c, DIGIT) : is(c, HEX) || c === 0x2a || c === 0x23) significant++;
    else return false;
  }
  return significant > 0;
}

/** The URI as text, escaping what its grammar requires (§19.1.2). */
export function formatUri(uri: Uri): string {
  switch (uri.kind) {
    case 'absolute':
      return `${uri.scheme}:${uri.value}`;
    case 'tel':
      return `tel:${uri.number}${formatUriParams(uri.params)}`;
    case 'sip': {
      let out = `${uri.scheme}:`;
      if (uri.user !== undefined) {
        out += encodeEscaped(uri.user, USER);
        if (uri.password !== undefined) out += `:${encodeEscaped(uri.password, PASSWORD)}`;
        out += '@';
      }
      out += uri.host;
      if (uri.port !== undefined) out += `:${uri.port}`;
      out += formatUriParams(uri.params);
      for (let i = 0; i < uri.headers.length; i++) {
        const h = uri.headers[i]!;
        out += `${i === 0 ? '?' : '&'}${encodeEscaped(h.name, HNV)}=${encodeEscaped(h.value, HNV)}`;
      }
      return out;
    }
  }
}

function formatUriParams(params: readonly Param[]): string {
  let out = '';
  for (const p of params) {
    out += `;${encodeEscaped(p.name, PARAM)}`;
    if (p.value !== undefined) out += `=${encodeEscaped(p.value, PARAM)}`;
  }
  return out;
}
