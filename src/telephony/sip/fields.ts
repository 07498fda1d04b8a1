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

/** A header field that may appear once: a second one is an error (RFC 4475 §3.3.8, §3.3.9). */
function once<K extends keyof Fields>(key: K, parse: (value: string, limits: SipLimits) => Fields[K]): FieldReader {
  return (fields, value, limits) => {
    if (fields[key] !== undefined) fail('a single-valued header field appears twice', 'DuplicateHeader');
    fields[key] = parse(value, limits);
  };
}

/** A header field whose values may be spread over several fields (§7.3.1): lists concatenate. */
function list<K extends 'route' | 'recordRoute' | 'require' | 'proxyRequire' | 'supported' | 'unsupported' | 'allow'>(
  key: K,
  parse: (value: string, limits: SipLimits) => NonNullable<Fields[K]>,
): FieldReader {
  return (fields, value, limits) => {
    const values = parse(value, limits) as unknown[];
    const existing = fields[key] as unknown[] | undefined;
    if (existing === undefined) fields[key] = values as Fields[K];
    else for (const v of values) existing.push(v);
  };
}

/** The header fields the parser validates, by canonical name; every other field is kept as text. */
const READERS = new Map<string, FieldReader>([
  [
    'Via',
    (fields, value, limits) => {
      for (const via of parseVia(value, limits.maxViaValues - fields.via.length)) fields.via.push(via);
    },
  ],
  ['From', once('from', (v, l) => parseFromTo(v, l.maxUriLength))],
  ['To', once('to', (v, l) => parseFromTo(v, l.maxUriLength))],
  ['Call-ID', once('callId', parseCallId)],
  ['CSeq', once('cseq', parseCSeq)],
  ['Max-Forwards', once('maxForwards', parseMaxForwards)],
  ['Content-Length', once('contentLength', (v, l) => parseContentLength(v, l.maxMessageBytes))],
  ['Content-Type', once('contentType', parseMediaType)],
  ['Expires', once('expires', parseExpires)],
  [
    'Contact',
    (fields, value, limits) => {
      const contact = parseContact(value, limits.maxUriLength);
      const existing = fields.contact;
      if (existing === undefined) fields.contact = contact;
      else if (existing === '*' || contact === '*') fail('Contact "*" must stand alone');
      else for (const c of contact) existing.push(c);
    },
  ],
  ['Route', list('route', (v, l) => parseRoute(v, l.maxUriLength))],
  ['Record-Route', list('recordRoute', (v, l) => parseRoute(v, l.maxUriLength))],
  ['Require', list('require', (v) => parseTokenList(v, false, 'option-tag'))],
  ['Proxy-Require', list('proxyRequire', (v) => parseTokenList(v, false, 'option-tag'))],
  ['Supported', list('supported', (v) => parseTokenList(v, true, 'option-tag'))],
  ['Unsupported', list('unsupported', (v) => parseTokenList(v, false, 'option-tag'))],
  ['Allow', list('allow', (v) => parseTokenList(v, true, 'Method'))],
]);

const EMPTY: readonly never[] = Object.freeze([]);

export interface FieldRules {
  readonly kind: 'request' | 'response';
  /** Refuse requests without Max-Forwards (RFC 3261 §8.1.1.6 makes it mandatory for senders). */
  readonly requireMaxForwards: boolean;
}

/**
 * Parses and validates the header fields Hotline understands, and checks that the mandatory
 * ones are there: To, From, CSeq, Call-ID and Via (§8.1.1), Max-Forwards when asked.
 * Throws SipSyntaxError naming the header at fault.
 */
export function readFields(headers: readonly HeaderField[], rules: FieldRules, limits: SipLimits): MessageFields {
  const fields = new Fields();
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    const reader = READERS.get(h.name);
    if (reader === undefined) continue;
    try {
      reader(fields, h.value, limits);
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
  if (rules.kind === 'request' && rules.requireMaxForwards && fields.maxForwards === undefined) missing('Max-Forwards');
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
