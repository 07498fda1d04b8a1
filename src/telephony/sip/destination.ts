import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { paramValue } from './params.js';
import { DEFAULT_SIP_PORT, type Flow, type TransportProtocol } from './transport.js';
import type { Uri } from './uri.js';
import type { Via } from './via.js';

/** Turns a host name into an IP address (RFC 3263 §4.2 without NAPTR/SRV: an A/AAAA lookup). */
export type HostResolver = (host: string) => Promise<string>;

export const dnsResolver: HostResolver = async (host) => (await lookup(host)).address;

/**
 * §18.2.2 with RFC 3581 §4: where a response goes. Over a connection, back on the connection the
 * request came on while it is open, else to `received` and the sent-by port.
 * Over UDP, to `received` (and to `rport` when the request asked for it), else to the sent-by
 * address. `forceRport` sends every response back to the packet's source, as if the request had
 * asked for rport (peers behind NAT that do not), and never to another port over TCP.
 * maddr (multicast) is not honoured: Hotline answers where requests came from.
 */
export function responseFlow(top: Via, source: Flow, forceRport: boolean): Flow {
  if (forceRport) return source;
  const sentByPort = top.port ?? DEFAULT_SIP_PORT;
  if (source.protocol === 'tcp') {
    // The source port of a connection is ephemeral: a new connection goes to the sent-by port.
    const address = top.received === undefined ? source.address : unbracket(top.received);
    return { protocol: 'tcp', address, port: sentByPort, connectionId: source.connectionId };
  }
  const port = typeof top.rport === 'number' ? top.rport : sentByPort;
  if (top.received !== undefined) {
    return { protocol: source.protocol, address: unbracket(top.received), port, connectionId: undefined };
  }
  return {
    protocol: source.protocol,
    address: unbracket(top.host),
    port: sentByPort,
    connectionId: undefined,
  };
}

/** Where a request for `uri` goes before name resolution (§18.1.1, RFC 3263 §4.1, §4.2). */
export interface RequestTarget {
  readonly protocol: TransportProtocol;
  readonly host: string;
  readonly port: number;
}

/**
 * The transport, host and port of the next hop for a request: the first Route URI, else the
 * Request-URI (§8.1.2). The URI's transport parameter decides the protocol, else `preferred`
 * (RFC 3263 §4.1 without NAPTR); maddr overrides the host. sips and tel URIs cannot be reached
 * here (no TLS transport; tel needs a gateway), nor a protocol the stack does not run.
 */
export function requestTarget(
  uri: Uri,
  available: readonly TransportProtocol[],
  preferred: TransportProtocol,
): RequestTarget | undefined {
  if (uri.kind !== 'sip' || uri.scheme !== 'sip') return undefined;
  const named = paramValue(uri.params, 'transport')?.toLowerCase();
  const protocol = named === undefined ? preferred : named === 'udp' || named === 'tcp' ? named : undefined;
  if (protocol === undefined || !available.includes(protocol)) return undefined;
  const host = paramValue(uri.params, 'maddr') ?? uri.host;
  return { protocol, host: unbracket(host), port: uri.port ?? DEFAULT_SIP_PORT };
}

/** The target as a flow: an IP address as is, a host name through the resolver. */
export async function resolveTarget(target: RequestTarget, resolve: HostResolver): Promise<Flow> {
  const address = isIP(target.host) !== 0 ? target.host : await resolve(target.host);
  return { protocol: target.protocol, address, port: target.port, connectionId: undefined };
}

function unbracket(host: string): string {
  return host.charCodeAt(0) === 0x5b ? host.slice(1, -1) : host;
}
