import { headerValue, headerValues } from './headers.js';
import type { HeaderField, SipResponse, WireRequest } from './message.js';

const EMPTY = Buffer.alloc(0);

/** The fields a request sent by this stack always has (built by request-builder.ts). */
function copied(request: WireRequest, name: string): HeaderField {
  const value = headerValue(request, name);
  if (value === undefined) throw new RangeError(`request has no ${name}`);
  return { name, value };
}

function routes(request: WireRequest): HeaderField[] {
  return headerValues(request, 'Route').map((value) => ({ name: 'Route', value }));
}

function cseqNumber(request: WireRequest): string {
  const cseq = copied(request, 'CSeq').value;
  return cseq.slice(0, cseq.indexOf(' '));
}

/**
 * §17.1.1.3: the ACK the INVITE client transaction sends for a non-2xx final response: the
 * INVITE's Request-URI, Call-ID, From, top Via (same branch) and Route, the response's To, and
 * the INVITE's CSeq number with the method ACK.
 */
export function ackForNon2xx(invite: WireRequest, response: SipResponse): WireRequest {
  const headers: HeaderField[] = [
    copied(invite, 'Via'),
    { name: 'Max-Forwards', value: '70' },
    copied(invite, 'From'),
    { name: 'To', value: headerValue(response, 'To')! },
    copied(invite, 'Call-ID'),
    { name: 'CSeq', value: `${cseqNumber(invite)} ACK` },
    ...routes(invite),
  ];
  return { kind: 'request', method: 'ACK', requestUri: invite.requestUri, headers, body: EMPTY };
}

/**
 * §9.1: a CANCEL for a request: the same Request-URI, Call-ID, To, From and CSeq number, one Via
 * equal to the request's top Via (so it lands on the same server transaction, §9.2), the same
 * Route header fields, CSeq method CANCEL.
 */
export function cancelFor(request: WireRequest): WireRequest {
  const headers: HeaderField[] = [
    copied(request, 'Via'),
    { name: 'Max-Forwards', value: '70' },
    copied(request, 'From'),
    copied(request, 'To'),
    copied(request, 'Call-ID'),
    { name: 'CSeq', value: `${cseqNumber(request)} CANCEL` },
    ...routes(request),
  ];
  return { kind: 'request', method: 'CANCEL', requestUri: request.requestUri, headers, body: EMPTY };
}
