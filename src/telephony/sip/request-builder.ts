import type { HeaderField, WireRequest } from './message.js';
import type { Uri } from './uri.js';

/** What a request built by this stack is made of (§8.1.1). Values are header field text. */
export interface RequestParts {
  readonly method: string;
  readonly requestUri: Uri;
  /** The one Via value, with a fresh branch (§8.1.1.7). */
  readonly via: string;
  /** From with our tag (§8.1.1.3). */
  readonly from: string;
  /** To, with the remote tag inside a dialog (§8.1.1.2). */
  readonly to: string;
  readonly callId: string;
  readonly cseq: number;
  /** Contact URI text, without brackets (§8.1.1.8); absent on requests that need none. */
  readonly contact?: string;
  /** Route values in order (§8.1.2, §12.2.1.1). */
  readonly routes?: readonly string[];
  readonly headers?: readonly HeaderField[];
  readonly body?: Buffer;
  /** Content-Type of the body (§20.15), e.g. application/sdp. */
  readonly contentType?: string;
  /** Sent as User-Agent (§20.41). */
  readonly userAgent?: string;
}

const EMPTY = Buffer.alloc(0);

/**
 * A request with the header fields of §8.1.1 in the customary order: Via, Max-Forwards (70,
 * §8.1.1.6), From, To, Call-ID, CSeq, then Route, Contact, User-Agent, the caller's own fields
 * and Content-Type. The serializer adds Content-Length.
 */
export function buildRequest(p: RequestParts): WireRequest {
  const headers: HeaderField[] = [
    { name: 'Via', value: p.via },
    { name: 'Max-Forwards', value: '70' },
    { name: 'From', value: p.from },
    { name: 'To', value: p.to },
    { name: 'Call-ID', value: p.callId },
    { name: 'CSeq', value: `${p.cseq} ${p.method}` },
  ];
  if (p.routes !== undefined) for (const value of p.routes) headers.push({ name: 'Route', value });
  if (p.contact !== undefined) headers.push({ name: 'Contact', value: `<${p.contact}>` });
  if (p.userAgent !== undefined) headers.push({ name: 'User-Agent', value: p.userAgent });
  if (p.headers !== undefined) headers.push(...p.headers);
  const body = p.body ?? EMPTY;
  if (body.length > 0 && p.contentType !== undefined)
    headers.push({ name: 'Content-Type', value: p.contentType });
  return { kind: 'request', method: p.method, requestUri: p.requestUri, headers, body };
}
