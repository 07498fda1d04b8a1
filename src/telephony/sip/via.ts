import { isIPv6 } from 'node:net';
import { ALPHANUM, COLON, COMMA, DIGIT, is, LBRACKET, SLASH } from './chars.js';
import { Cursor } from './cursor.js';
import { type HostType, hostsEqual, hostType, isIPv4, parsePort } from './host.js';
import { DEFAULT_SIP_LIMITS } from './limits.js';
import { findParam, formatHeaderParams, type Param, parseHeaderParams } from './params.js';
import { fail } from './parse-errors.js';

/**
 * One via-parm (§20.42, §25.1): sent-protocol, sent-by and via-params. The well-known
 * parameters are also given typed; `params` keeps every parameter in order.
 */
export interface Via {
  /** protocol-name in upper case, "SIP" in practice. */
  readonly protocolName: string;
  readonly protocolVersion: string;
  /** transport in upper case: UDP, TCP, TLS, SCTP, WS, WSS or any other token. */
  readonly transport: string;
  /** sent-by host as written (IPv6 with brackets). */
  readonly host: string;
  readonly hostType: HostType;
  readonly port: number | undefined;
  readonly params: readonly Param[];
  readonly branch: string | undefined;
  readonly received: string | undefined;
  /** RFC 3581: true when "rport" is present without a value (a request asking for it). */
  readonly rport: number | true | undefined;
  readonly maddr: string | undefined;
  readonly ttl: number | undefined;
}

/** The magic cookie that starts every RFC 3261 branch (§8.1.1.7). */
export const MAGIC_COOKIE = 'z9hG4bK';

/**
 * Via values of one header field: via-parm *(COMMA via-parm). `maxValues` bounds how many
 * may be parsed (limits.maxViaValues minus those already seen).
 */
export function parseVia(text: string, maxValues: number = DEFAULT_SIP_LIMITS.maxViaValues): Via[] {
  const c = new Cursor(text);
  const values: Via[] = [];
  do {
    if (values.length >= maxValues) fail('too many Via values', 'TooManyVias', 'Via');
    values.push(parseViaParm(c));
  } while (c.eatSeparator(COMMA));
  c.expectEnd('the Via value');
  return values;
}

/** via-parm = sent-protocol LWS sent-by *( SEMI via-params ) */
function parseViaParm(c: Cursor): Via {
  c.skipWs();
  // sent-protocol = protocol-name SLASH protocol-version SLASH transport (SLASH = SWS "/" SWS)
  const protocolName = c.token('protocol-name').toUpperCase();
  c.expectSeparator(SLASH, '"/" in sent-protocol');
  const protocolVersion = c.token('protocol-version');
  c.expectSeparator(SLASH, '"/" in sent-protocol');
  const transport = c.token('transport').toUpperCase();
  if (!c.skipWs()) fail('expected whitespace between sent-protocol and sent-by');
  const host = sentByHost(c);
  const type = hostType(host);
  let port: number | undefined;
  if (c.eatSeparator(COLON)) {
    const from = c.i;
    while (c.i < c.end && is(c.s.charCodeAt(c.i), DIGIT)) c.i++;
    port = parsePort(c.s, from, c.i);
  }
  const params = parseHeaderParams(c, { colonInValues: true });
  return {
    protocolName,
    protocolVersion,
    transport,
    host,
    hostType: type,
    port,
    params,
    branch: branchOf(params),
    received: receivedOf(params),
    rport: rportOf(params),
    maddr: maddrOf(params),
    ttl: ttlOf(params),
  };
}

function sentByHost(c: Cursor): string {
  const from = c.i;
  if (c.peek() === LBRACKET) {
    const close = c.s.indexOf(']', from);
    if (close < 0 || close >= c.end) fail('unterminated IPv6 reference in sent-by');
    c.i = close + 1;
  } else {
    while (c.i < c.end) {
      const ch = c.s.charCodeAt(c.i);
      if (!is(ch, ALPHANUM) && ch !== 0x2d && ch !== 0x2e) break;
      c.i++;
    }
  }
  if (c.i === from) fail('missing sent-by host');
  return c.s.slice(from, c.i);
}

/** via-branch = "branch" EQUAL token */
function branchOf(params: readonly Param[]): string | undefined {
  const p = findParam(params, 'branch');
  if (p === undefined) return undefined;
  if (p.value === undefined || !isTokenValue(p.value)) fail('branch needs a token value');
  return p.value;
}

/** via-received = "received" EQUAL (IPv4address / IPv6address) */
function receivedOf(params: readonly Param[]): string | undefined {
  const p = findParam(params, 'received');
  if (p === undefined) return undefined;
  const v = p.value ?? '';
  const bare = v.charCodeAt(0) === LBRACKET ? v.slice(1, -1) : v;
  if (!isIPv4(bare) && !isIPv6(bare)) fail('received needs an IP address');
  return v;
}

/** response-port = "rport" [EQUAL 1*DIGIT] (RFC 3581 §3) */
function rportOf(params: readonly Param[]): number | true | undefined {
  const p = findParam(params, 'rport');
  if (p === undefined) return undefined;
  if (p.value === undefined) return true;
  return parsePort(p.value, 0, p.value.length);
}

/** via-maddr = "maddr" EQUAL host */
function maddrOf(params: readonly Param[]): string | undefined {
  const p = findParam(params, 'maddr');
  if (p === undefined) return undefined;
  if (p.value === undefined) fail('maddr needs a host');
  hostType(p.value);
  return p.value;
}

/** via-ttl = "ttl" EQUAL ttl, ttl = 1*3DIGIT ; 0 to 255 */
function ttlOf(params: readonly Param[]): number | undefined {
  const p = findParam(params, 'ttl');
  if (p === undefined) return undefined;
  const v = p.value ?? '';
  if (!/^[0-9]{1,3}$/.test(v) || Number(v) > 255) fail('ttl must be 0 to 255');
  return Number(v);
}

function isTokenValue(v: string): boolean {
  return v.charCodeAt(0) !== 0x22 && v.charCodeAt(0) !== LBRACKET && !v.includes(':');
}

/** A via-parm as text: "SIP/2.0/UDP host:port;params". */
export function formatVia(via: Via): string {
  const port = via.port === undefined ? '' : `:${via.port}`;
  return `${via.protocolName}/${via.protocolVersion}/${via.transport} ${via.host}${port}${formatHeaderParams(via.params)}`;
}

/** Whether the branch was built by an RFC 3261 element, so it alone names the transaction (§17.2.3). */
export function isRfc3261Branch(branch: string | undefined): branch is string {
  return branch !== undefined && branch.length > MAGIC_COOKIE.length && branch.startsWith(MAGIC_COOKIE);
}

/** sent-by equality used to match requests to server transactions (§17.2.3). */
export function sentByEquals(a: Via, b: Via): boolean {
  return a.port === b.port && hostsEqual(a.host, b.host);
}
