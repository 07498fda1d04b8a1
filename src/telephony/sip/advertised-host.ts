import { isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * The host a transport bound to `host` puts in Via sent-by and Contact (§18.1.1): the configured
 * advertised host, else the bound address, else (bound to every interface) the first external
 * IPv4 address of the machine. IPv6 addresses get their brackets (§25.1 IPv6reference).
 */
export function advertisedHost(host: string, advertised: string | undefined): string {
  const chosen = advertised ?? (isUnspecified(host) ? firstExternalIPv4() : host);
  return isIPv6(chosen) ? `[${chosen}]` : chosen;
}

function isUnspecified(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

function firstExternalIPv4(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) if (entry.family === 'IPv4' && !entry.internal) return entry.address;
  }
  return '127.0.0.1';
}
