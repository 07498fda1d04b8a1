import type { SipRequest } from './message.js';
import { formatUri } from './uri.js';
import { isRfc3261Branch } from './via.js';

/**
 * Keys under which transactions are found. Built once per message: a handful of string joins,
 * nothing parsed again.
 */

/**
 * §17.2.3: a request matches a server transaction by the branch of its top Via, the sent-by of
 * that Via and the method, ACK counting as INVITE. `method` overrides the request's own, to find
 * the INVITE transaction a CANCEL is for (§9.2). Without the magic cookie (RFC 2543 peers, RFC
 * 4475 §3.3.15) the fallback compares Request-URI, From tag, Call-ID, CSeq number and the top
 * Via; the To tag is left out, so that an ACK for a non-2xx finds its INVITE whatever tag the
 * response added.
 */
export function serverKey(request: SipRequest, method: string = request.method): string {
  const top = request.via[0]!;
  const m = method === 'ACK' ? 'INVITE' : method;
  const sentBy = `${top.host.toLowerCase()}:${top.port ?? ''}`;
  if (isRfc3261Branch(top.branch)) return `${top.branch}|${sentBy}|${m}`;
  return [
    '2543',
    formatUri(request.requestUri),
    request.from.tag ?? '',
    request.callId,
    request.cseq.seq,
    sentBy,
    top.branch ?? '',
    m,
  ].join('|');
}

/** §17.1.3: a response matches a client transaction by its top Via branch and its CSeq method. */
export function clientKey(branch: string, method: string): string {
  return `${branch}|${method}`;
}

/**
 * §8.2.2.2: requests that are the same request arriving by two paths share their From tag,
 * Call-ID and CSeq (and have no To tag yet). This key finds the transaction of the first.
 */
export function originKey(request: SipRequest): string | undefined {
  if (request.to.tag !== undefined || request.from.tag === undefined) return undefined;
  return `${request.callId}|${request.from.tag}|${request.cseq.seq}|${request.method}`;
}
