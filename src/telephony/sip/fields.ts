import { hasControl } from './chars.js';
import type { SipLimits } from './limits.js';
import type { HeaderField, MessageFields } from './message.js';
import { type FromTo, type NameAddr, parseContact, parseFromTo, parseRoute } from './name-addr.js';
import { fail, SipSyntaxError } from './parse-errors.js';
import {
  type CSeq,
  type MediaType,
  parseCallId,
  parseContentLength,
  parseCSeq,
  parseExpires,
  parseMaxForwards,
  parseMediaType,
  parseTokenList,
} from './scalars.js';
import { parseVia, type Via } from './via.js';

/** What the typed values are being collected into while the header fields are read. */
class Fields {
  via: Via[] = [];
  from: FromTo | undefined = undefined;
  to: FromTo | undefined = undefined;
  callId: string | undefined = undefined;
  cseq: CSeq | undefined = undefined;
  maxForwards: number | undefined = undefined;
  contentLength: number | undefined = undefined;
  contact: '*' | NameAddr[] | undefined = undefined;
  route: NameAddr[] | undefined = undefined;
  recordRoute: NameAddr[] | undefined = undefined;
  contentType: MediaType | undefined = undefined;
  expires: number | undefined = undefined;
  require: string[] | undefined = undefined;
  proxyRequire: string[] | undefined = undefined;
  supported: string[] | undefined = undefined;
  unsupported: string[] | undefined = undefined;
  allow: string[] | undefined = undefined;
}

type FieldReader = (fields: Fields, value: string, limits: SipLimits) => void;

/** A second instance of a single-valued header field (RFC 4475 §3.3.8, §3.3.9). */
function unique<T>(existing: T | undefined): void {
  if (existing !== undefined) fail('a single-valued header field appears twice', 'DuplicateHeader');
}

/** Values of a field spread over several lines concatenate (§7.3.1). */
function concat<T>(existing: T[] | undefined, values: T[]): T[] {
  if (existing === undefined) return values;
  for (const v of values) existing.push(v);
  return existing;
}

/**
 * The header fields the parser validates by their grammar, by canonical name. Every other field
 * is only checked to be text (§25.1 header-value).
 */
const READERS = new Map<string, FieldReader>([
  [
    'Via',
    (f, v, l) => {
      for (const via of parseVia(v, l.maxViaValues - f.via.length)) f.via.push(via);
    },
  ],
  [
    'From',
    (f, v, l) => {
      unique(f.from);
      f.from = parseFromTo(v, l.maxUriLength);
    },
  ],
  [
    'To',
    (f, v, l) => {
      unique(f.to);
      f.to = parseFromTo(v, l.maxUriLength);
    },
  ],
  [
    'Call-ID',
    (f, v) => {
      unique(f.callId);
      f.callId = parseCallId(v);
    },
  ],
  [
    'CSeq',
    (f, v) => {
      unique(f.cseq);
      f.cseq = parseCSeq(v);
    },
  ],
  [
    'Max-Forwards',
    (f, v) => {
      unique(f.maxForwards);
      f.maxForwards = parseMaxForwards(v);
    },
  ],
  [
    'Content-Length',
    (f, v) => {
      unique(f.contentLength);
      f.contentLength = parseContentLength(v);
    },
  ],
  [
    'Content-Type',
    (f, v) => {
      unique(f.contentType);
      f.contentType = parseMediaType(v);
    },
  ],
  [
    'Expires',
    (f, v) => {
      unique(f.expires);
      f.expires = parseExpires(v);
    },
  ],
  [
    'Contact',
    (f, v, l) => {
      const contact = parseContact(v, l.maxUriLength);
      if (f.contact === undefined) f.contact = contact;
      else if (f.contact === '*' || contact === '*') fail('Contact "*" must stand alone');
      else concat(f.contact, contact);
    },
  ],
  [
    'Route',
    (f, v, l) => {
      f.route = concat(f.route, parseRoute(v, l.maxUriLength));
    },
  ],
  [
    'Record-Route',
    (f, v, l) => {
      f.recordRoute = concat(f.recordRoute, parseRoute(v, l.maxUriLength));
    },
  ],
  [
    'Require',
    (f, v) => {
      f.require = concat(f.require, parseTokenList(v, false, 'option-tag'));
    },
  ],
  [
    'Proxy-Require',
    (f, v) => {
      f.proxyRequire = concat(f.proxyRequire, parseTokenList(v, false, 'option-tag'));
    },
  ],
  [
    'Supported',
    (f, v) => {
      f.supported = concat(f.supported, parseTokenList(v, true, 'option-tag'));
    },
  ],
  [
    'Unsupported',
    (f, v) => {
      f.unsupported = concat(f.unsupported, parseTokenList(v, false, 'option-tag'));
    },
  ],
  [
    'Allow',
    (f, v) => {
      f.allow = concat(f.allow, parseTokenList(v, true, 'Method'));
    },
  ],
]);

/**
 * header-value = *(TEXT-UTF8char / UTF8-CONT / LWS): no control characters, except as the
 * second half of a quoted-pair inside a quoted-string (RFC 4475 §3.1.1.2).
 */
function checkText(value: string): void {
  if (!hasControl(value)) return;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (c === 0x5c && quoted) i++;
    else if ((c < 0x20 && c !== 0x09) || c === 0x7f) fail('control character in header value');
  }
}

const EMPTY: readonly never[] = Object.freeze([]);

export interface FieldRules {
  readonly kind: 'request' | 'response';
  /** Refuse requests without Max-Forwards (RFC 3261 §8.1.1.6 makes it mandatory for senders). */
  readonly requireMaxForwards: boolean;
}

/**
 * Validates every header field, by its grammar for those Hotline understands and as text for the
 * rest, and checks that the mandatory ones are there: To, From, CSeq, Call-ID and Via (§8.1.1),
 * Max-Forwards when asked. Throws SipSyntaxError naming the header at fault.
 */
export function readFields(
  headers: readonly HeaderField[],
  rules: FieldRules,
  limits: SipLimits,
): MessageFields {
  const fields = new Fields();
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    const reader = READERS.get(h.name);
    try {
      if (reader === undefined) checkText(h.value);
      else reader(fields, h.value, limits);
    } catch (err) {
      if (err instanceof SipSyntaxError) err.header ??= h.name;
      throw err;
    }
  }
  const { from, to, callId, cseq } = fields;
  if (fields.via.length === 0) missing('Via');
  if (from === undefined) return missing('From');
  if (to === undefined) return missing('To');
  if (callId === undefined) return missing('Call-ID');
  if (cseq === undefined) return missing('CSeq');
  if (rules.kind === 'request' && rules.requireMaxForwards && fields.maxForwards === undefined) {
    missing('Max-Forwards');
  }
  return {
    via: fields.via,
    from,
    to,
    callId,
    cseq,
    maxForwards: fields.maxForwards,
    contentLength: fields.contentLength,
    contact: fields.contact ?? EMPTY,
    route: fields.route ?? EMPTY,
    recordRoute: fields.recordRoute ?? EMPTY,
    contentType: fields.contentType,
    expires: fields.expires,
    require: fields.require ?? EMPTY,
    proxyRequire: fields.proxyRequire ?? EMPTY,
    supported: fields.supported ?? EMPTY,
    unsupported: fields.unsupported ?? EMPTY,
    allow: fields.allow ?? EMPTY,
  };
}

function missing(header: string): never {
  throw new SipSyntaxError(`no ${header} header field`, 'MissingHeader', header);
}
