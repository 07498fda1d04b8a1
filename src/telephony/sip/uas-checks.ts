import { headerValue, headerValues } from './headers.js';
import type { HeaderField, SipRequest } from './message.js';
import { mediaTypeEssence } from './scalars.js';
import type { UaSettings } from './ua-context.js';
import { capabilityHeaders } from './ua-context.js';

/** A response that refuses a request before the TU sees it. */
export interface Refusal {
  readonly status: number;
  readonly reason?: string;
  readonly headers: readonly HeaderField[];
}

/** Methods of RFC 3261 and the extensions in common use: not allowed → 405, anything else → 501. */
const KNOWN_METHODS = new Set([
  'INVITE',
  'ACK',
  'CANCEL',
  'BYE',
  'OPTIONS',
  'REGISTER',
  'INFO',
  'UPDATE',
  'PRACK',
  'SUBSCRIBE',
  'NOTIFY',
  'REFER',
  'MESSAGE',
  'PUBLISH',
]);

/** §8.2.1: a method the UAS does not support: 405 with Allow if it knows it, else 501 (with Allow too). */
export function methodRefusal(request: SipRequest, settings: UaSettings): Refusal | undefined {
  if (settings.allow.includes(request.method)) return undefined;
  return { status: KNOWN_METHODS.has(request.method) ? 405 : 501, headers: capabilityHeaders(settings) };
}

/** §8.2.2.3: option tags in Require that are not supported → 420 listing them in Unsupported. */
export function requireRefusal(request: SipRequest, settings: UaSettings): Refusal | undefined {
  if (request.require.length === 0 || request.method === 'CANCEL') return undefined;
  const unsupported = request.require.filter((tag) => !settings.supported.includes(tag));
  if (unsupported.length === 0) return undefined;
  return { status: 420, headers: [{ name: 'Unsupported', value: unsupported.join(', ') }] };
}

/**
 * §8.2.3: a body the UAS cannot process: a Content-Type it does not accept, or a
 * Content-Encoding other than identity → 415 with Accept (and Accept-Encoding).
 */
export function contentRefusal(request: SipRequest, settings: UaSettings): Refusal | undefined {
  if (request.body.length === 0) return undefined;
  const encoding = headerValue(request, 'Content-Encoding');
  const type = request.contentType;
  const typeOk = type === undefined || settings.accept.includes(mediaTypeEssence(type));
  const encodingOk = encoding === undefined || encoding.trim().toLowerCase() === 'identity';
  if (typeOk && encodingOk) return undefined;
  return {
    status: 415,
    headers: [
      { name: 'Accept', value: settings.accept.join(', ') },
      { name: 'Accept-Encoding', value: 'identity' },
    ],
  };
}

/**
 * Max-Forwards 0 on a request outside a dialog: with 'reject', 483 (§16.3 step 3 for an element
 * that may forward it, as a B2BUA does); with 'process', served as an endpoint does (RFC 4475
 * §3.3.11).
 */
export function maxForwardsRefusal(request: SipRequest, settings: UaSettings): Refusal | undefined {
  if (request.maxForwards !== 0 || settings.maxForwardsZero === 'process') return undefined;
  return { status: 483, headers: [] };
}

/**
 * Whether the request's Accept (§20.1) lets the response carry `type` (e.g. application/sdp):
 * true without Accept, else when a media-range (type/subtype, type/* or * /*) covers it. A TU
 * that would answer in a type not accepted responds 406 (§21.4.7).
 */
export function acceptsMediaType(request: SipRequest, type: string): boolean {
  const values = headerValues(request, 'Accept');
  if (values.length === 0) return true;
  const wanted = type.toLowerCase();
  const slash = wanted.indexOf('/');
  for (const value of values) {
    for (const range of value.split(',')) {
      const essence = range.split(';')[0]!.trim().toLowerCase();
      if (essence === '') continue;
      if (essence === wanted || essence === '*/*') return true;
      if (essence.endsWith('/*') && essence.slice(0, -1) === wanted.slice(0, slash + 1)) return true;
    }
  }
  return false;
}
