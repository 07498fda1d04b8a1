import { hostsEqual } from './host.js';
import { findParam, type Param, paramsEqualIgnoringCase } from './params.js';
import type { SipUri, TelUri, Uri, UriHeader } from './uri.js';

/** uri-parameters that, when present in one URI, must be present in the other (§19.1.4). */
const MUST_MATCH = ['user', 'ttl', 'method', 'maddr', 'transport'];

/**
 * URI equivalence of RFC 3261 §19.1.4 (SIP and SIPS), RFC 3966 §4 (tel), and exact comparison
 * otherwise. Escapes are already decoded by the parser, so "%75ser" equals "user".
 */
export function uriEquals(a: Uri, b: Uri): boolean {
  if (a.kind === 'sip' && b.kind === 'sip') return sipUriEquals(a, b);
  if (a.kind === 'tel' && b.kind === 'tel') return telUriEquals(a, b);
  if (a.kind === 'absolute' && b.kind === 'absolute') return a.scheme === b.scheme && a.value === b.value;
  return false;
}

function sipUriEquals(a: SipUri, b: SipUri): boolean {
  // A SIP and a SIPS URI are never equivalent; userinfo is case-sensitive; no default port.
  if (a.scheme !== b.scheme || a.user !== b.user || a.password !== b.password) return false;
  if (a.port !== b.port || a.hostType !== b.hostType || !hostsEqual(a.host, b.host)) return false;
  for (const name of MUST_MATCH) {
    if ((findParam(a.params, name) === undefined) !== (findParam(b.params, name) === undefined)) return false;
  }
  // Any other parameter present in both must match; one present in only one is ignored.
  for (const p of a.params) {
    const q = findParam(b.params, p.name);
    if (q !== undefined && !sameValue(p, q)) return false;
  }
  return headersEqual(a.headers, b.headers) && headersEqual(b.headers, a.headers);
}

function sameValue(p: Param, q: Param): boolean {
  if (p.value === undefined || q.value === undefined) return p.value === q.value;
  return p.value.toLowerCase() === q.value.toLowerCase();
}

/** Every header component of a is in b with the same value (header names case-insensitive). */
function headersEqual(a: readonly UriHeader[], b: readonly UriHeader[]): boolean {
  return a.every((h) => b.some((k) => k.name.toLowerCase() === h.name.toLowerCase() && k.value === h.value));
}

function telUriEquals(a: TelUri, b: TelUri): boolean {
  return telDigits(a.number) === telDigits(b.number) && paramsEqualIgnoringCase(a.params, b.params);
}

/** The number without visual separators, hex digits in upper case (RFC 3966 §4). */
function telDigits(n: string): string {
  return n.replace(/[-.()]/g, '').toUpperCase();
}
