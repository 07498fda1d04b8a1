import { isIPv6 } from 'node:net';
import { ALPHA, ALPHANUM, DIGIT, is } from './chars.js';
import { fail } from './parse-errors.js';

/** host = hostname / IPv4address / IPv6reference (§25.1). IPv6 hosts keep their brackets. */
export type HostType = 'hostname' | 'ipv4' | 'ipv6';

/** IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT, each at most 255. */
export function isIPv4(s: string): boolean {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || value > 255) return false;
      parts++;
      digits = 0;
      value = 0;
    } else if (is(c, DIGIT) && digits < 3) {
      value = value * 10 + (c - 0x30);
      digits++;
    } else {
      return false;
    }
  }
  return parts === 4;
}

/**
 * hostname = *( domainlabel "." ) toplabel [ "." ]; domainlabel = alphanum / alphanum *( alphanum
 * / "-" ) alphanum; toplabel = ALPHA / ALPHA *( alphanum / "-" ) alphanum.
 */
export function isHostname(s: string): boolean {
  const end = s.length > 0 && s.charCodeAt(s.length - 1) === 0x2e ? s.length - 1 : s.length;
  if (end === 0 || end > 255) return false;
  let labelStart = 0;
  for (let i = 0; i <= end; i++) {
    const c = i < end ? s.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (i === labelStart || s.charCodeAt(i - 1) === 0x2d) return false;
      if (i === end && !is(s.charCodeAt(labelStart), ALPHA)) return false;
      labelStart = i + 1;
    } else if (c === 0x2d) {
      if (i === labelStart) return false;
    } else if (!is(c, ALPHANUM)) {
      return false;
    }
  }
  return true;
}

/** Classifies a host as written in a URI or a Via sent-by; fails when it is none of the three. */
export function hostType(host: string): HostType {
  const first = host.charCodeAt(0);
  if (first === 0x5b) {
    if (host.charCodeAt(host.length - 1) !== 0x5d || !isIPv6(host.slice(1, -1))) {
      fail(`bad IPv6 reference "${host}"`);
    }
    return 'ipv6';
  }
  if (is(first, DIGIT) && isIPv4(host)) return 'ipv4';
  if (!isHostname(host)) fail(`bad host "${host.slice(0, 64)}"`);
  return 'hostname';
}

/** port = 1*DIGIT, 0..65535. */
export function parsePort(s: string, start: number, end: number): number {
  if (end <= start || end - start > 5) fail('bad port');
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!is(c, DIGIT)) fail('bad port');
    value = value * 10 + (c - 0x30);
  }
  if (value > 65535) fail('port out of range');
  return value;
}

/** Hosts compared per §19.1.4: case-insensitively, IPv6 by address rather than spelling. */
export function hostsEqual(a: string, b: string): boolean {
  if (a.length === b.length && a.toLowerCase() === b.toLowerCase()) return true;
  if (a.charCodeAt(0) !== 0x5b || b.charCodeAt(0) !== 0x5b) return false;
  return expandIPv6(a.slice(1, -1)) === expandIPv6(b.slice(1, -1));
}

function expandIPv6(address: string): string {
  let text = address.toLowerCase();
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const o = tail.split('.').map(Number);
    const hi = (((o[0] ?? 0) << 8) | (o[1] ?? 0)).toString(16);
    const lo = (((o[2] ?? 0) << 8) | (o[3] ?? 0)).toString(16);
    text = `${text.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? 0 : 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...restGroups];
  return groups.map((g) => g.padStart(4, '0')).join(':');
}
