import { isIPv4, isIPv6 } from 'node:net';

/**
 * Address ranges (trunk allow-lists): `203.0.113.7`, `203.0.113.0/24`, `::1`, `2001:db8::/32`.
 * IPv4-mapped IPv6 addresses (::ffff:1.2.3.4) match their IPv4 form.
 */
export interface AddressRange {
  family: 4 | 6;
  bits: bigint;
  prefix: number;
}

export function parseRange(text: string): AddressRange {
  const [address, prefixText] = text.split('/');
  const family = isIPv4(address ?? '') ? 4 : isIPv6(address ?? '') ? 6 : undefined;
  if (!address || family === undefined) throw new Error(`'${text}' is not an IP address or CIDR range`);
  const width = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width)
    throw new Error(`'${text}' has an invalid prefix length`);
  return { family, bits: toBits(address, family), prefix };
}

export function inRange(address: string, range: AddressRange): boolean {
  let plain = address;
  if (range.family === 4 && plain.toLowerCase().startsWith('::ffff:') && isIPv4(plain.slice(7)))
    plain = plain.slice(7);
  const family = isIPv4(plain) ? 4 : isIPv6(plain) ? 6 : undefined;
  if (family !== range.family) return false;
  const width = family === 4 ? 32n : 128n;
  const shift = width - BigInt(range.prefix);
  return toBits(plain, family) >> shift === range.bits >> shift;
}

function toBits(address: string, family: 4 | 6): bigint {
  if (family === 4) return address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  const [head = '', tail = ''] = address.split('::');
  const expand = (s: string) => (s === '' ? [] : s.split(':'));
  let groups = [...expand(head)];
  const tailGroups = expand(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4) is two groups.
  const last = tailGroups[tailGroups.length - 1] ?? groups[groups.length - 1];
  if (last?.includes('.')) {
    const v4 = toBits(last, 4);
    const replace = [((v4 >> 16n) & 0xffffn).toString(16), (v4 & 0xffffn).toString(16)];
    if (tailGroups.length > 0) tailGroups.splice(tailGroups.length - 1, 1, ...replace);
    else groups.splice(groups.length - 1, 1, ...replace);
  }
  const fill = address.includes('::') ? 8 - groups.length - tailGroups.length : 0;
  groups = [...groups, ...Array<string>(fill).fill('0'), ...tailGroups];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g || '0', 16)), 0n);
}
