import { hostsEqual } from './host.js';
import type { HeaderField, SipRequest } from './message.js';
import type { Param } from './params.js';
import type { Flow } from './transport.js';
import { formatVia, type Via } from './via.js';

/**
 * §18.2.1: the server transport notes where a request really came from in its top Via, so that
 * the response finds the way back. `received` is added when the sent-by host is a name or an
 * address other than the packet's source; RFC 3581 §4: when the client asked with a bare
 * `rport`, `rport` gets the source port and `received` is added in every case.
 * Returns the request unchanged when there is nothing to add.
 */
export function stampReceived(request: SipRequest, source: Flow): SipRequest {
  const top = request.via[0];
  if (top === undefined) return request;
  const wantsRport = top.rport === true;
  if (!wantsRport && top.hostType !== 'hostname' && sameAddress(top.host, source.address)) return request;
  const params: Param[] = [];
  for (const p of top.params) {
    if (p.name === 'received') continue;
    params.push(p.name === 'rport' && wantsRport ? { name: 'rport', value: String(source.port) } : p);
  }
  params.push({ name: 'received', value: source.address });
  const stamped: Via = {
    ...top,
    params,
    received: source.address,
    rport: wantsRport ? source.port : top.rport,
  };
  const via = [stamped, ...request.via.slice(1)];
  return { ...request, via, headers: withTopVia(request, via) };
}

function sameAddress(sentByHost: string, address: string): boolean {
  return sentByHost.charCodeAt(0) === 0x5b ? hostsEqual(sentByHost, `[${address}]`) : sentByHost === address;
}

/**
 * The header fields with the top Via value replaced. When each Via field holds one value only
 * the first field changes; otherwise every Via field is rewritten, one value each (§7.3.1 makes
 * both forms equivalent), in place of the first and in the same order.
 */
function withTopVia(request: SipRequest, via: readonly Via[]): HeaderField[] {
  const headers = request.headers;
  let fields = 0;
  let first = -1;
  for (let i = 0; i < headers.length; i++) {
    if (headers[i]!.name !== 'Via') continue;
    if (first < 0) first = i;
    fields++;
  }
  const out = headers.slice();
  if (fields === via.length) {
    out[first] = { name: 'Via', value: formatVia(via[0]!) };
    return out;
  }
  const rewritten = via.map((v) => ({ name: 'Via', value: formatVia(v) }));
  const rest = out.filter((h, i) => h.name !== 'Via' || i === first);
  rest.splice(first, 1, ...rewritten);
  return rest;
}
