import { headerValue } from './headers.js';
import { newTag, statelessTag } from './ids.js';
import type { HeaderField, SipRequest, WireResponse } from './message.js';
import type { ParseFailure } from './parser.js';
import { reasonPhrase } from './status-codes.js';

export interface ResponseOptions {
  /** Header fields added after the copied ones (Contact, Allow, Supported, Content-Type...). */
  readonly headers?: readonly HeaderField[];
  readonly body?: Buffer;
  /** The tag to add to To when the request's To has none (§8.2.6.2); a fresh one by default. */
  readonly toTag?: string;
  /** Copy Record-Route, for a response that establishes a dialog (§12.1.1). */
  readonly copyRecordRoute?: boolean;
}

const EMPTY_BODY = Buffer.alloc(0);

/**
 * A response to a request, per §8.2.6: Via fields copied in order, From, Call-ID and CSeq
 * copied, To copied with a tag added unless it has one or the status is 100, Timestamp copied
 * into a 100 (§8.2.6.1), Content-Length from the body. The copies are the fields as received.
 */
export function buildResponse(
  request: SipRequest,
  status: number,
  reason: string = reasonPhrase(status),
  options: ResponseOptions = {},
): WireResponse {
  if (!Number.isInteger(status) || status < 100 || status > 699) {
    throw new RangeError(`bad status code ${status}`);
  }
  const headers: HeaderField[] = [];
  for (const h of request.headers) {
    if (h.name === 'Via' || (h.name === 'Record-Route' && options.copyRecordRoute === true)) headers.push(h);
  }
  const to = headerValue(request, 'To')!;
  const needsTag = request.to.tag === undefined && status !== 100;
  headers.push(
    { name: 'From', value: headerValue(request, 'From')! },
    { name: 'To', value: needsTag ? `${to};tag=${options.toTag ?? newTag()}` : to },
    { name: 'Call-ID', value: headerValue(request, 'Call-ID')! },
    { name: 'CSeq', value: headerValue(request, 'CSeq')! },
  );
  const timestamp = status === 100 ? headerValue(request, 'Timestamp') : undefined;
  if (timestamp !== undefined) headers.push({ name: 'Timestamp', value: timestamp });
  if (options.headers !== undefined) headers.push(...options.headers);
  const body = options.body ?? EMPTY_BODY;
  headers.push({ name: 'Content-Length', value: String(body.length) });
  return { kind: 'response', status, reason, headers, body };
}

/**
 * The response that answers a request the parser refused (400 with a reason saying what was
 * wrong, 505, 416, 414, 513), built from what was salvaged; null when nothing should be sent:
 * the message was a response (RFC 4475 §3.1.2.5, §3.1.2.19: drop it), an ACK (never answered,
 * §17.1.1.3), or too broken to carry a Via and a CSeq to answer to. The To tag is derived from
 * the request, so a retransmission gets the same answer (§8.2.7).
 *
 * Not here, because they are not the parser's to decide: 420 for an unknown Require option
 * tag and 501 for an unknown method are the transaction user's; 483 belongs to an element that
 * forwards (see tooManyHopsResponse).
 */
export function errorResponseFor(failure: ParseFailure): WireResponse | null {
  const p = failure.partial;
  if (p === undefined || p.kind !== 'request' || p.method === 'ACK') return null;
  if (p.via.length === 0 || p.cseq === undefined || p.cseq.parsed?.method === 'ACK') return null;
  const headers: HeaderField[] = p.via.map((value) => ({ name: 'Via', value }));
  if (p.from !== undefined) headers.push({ name: 'From', value: p.from.value });
  if (p.to !== undefined) {
    const tagged = p.to.parsed !== undefined && p.to.parsed.tag === undefined;
    const tag = tagged ? statelessTag([p.via[0], p.from?.value, p.callId, p.cseq.value]) : '';
    headers.push({ name: 'To', value: tagged ? `${p.to.value};tag=${tag}` : p.to.value });
  }
  if (p.callId !== undefined) headers.push({ name: 'Call-ID', value: p.callId });
  headers.push({ name: 'CSeq', value: p.cseq.value }, { name: 'Content-Length', value: '0' });
  return {
    kind: 'response',
    status: failure.error.status,
    reason: failure.error.reason,
    headers,
    body: EMPTY_BODY,
  };
}

/**
 * For an element about to forward a request (proxy, B2BUA leg): Max-Forwards 0 must not be
 * forwarded and is answered 483 (§16.3 step 3; RFC 4475 §3.3.11). An endpoint that consumes the
 * request ignores Max-Forwards, so this is not a parser check. An OPTIONS may instead be
 * answered by the element itself (§11); that choice is the caller's.
 */
export function tooManyHopsResponse(request: SipRequest): WireResponse | undefined {
  return request.maxForwards === 0 ? buildResponse(request, 483) : undefined;
}
