/**
 * The SIP message layer (RFC 3261 §7, §19, §20, §25): parse, frame, serialize, answer.
 * Pure code: no sockets, no timers.
 */
export {
  createStreamFramer,
  type FramerEvent,
  type StreamFramer,
  type StreamFramerOptions,
} from './framer.js';
export { canonicalHeaderName, compactHeaderName, headerValue, headerValues } from './headers.js';
export { type HostType, hostsEqual } from './host.js';
export { newBranch, newCallId, newTag, statelessTag } from './ids.js';
export { DEFAULT_SIP_LIMITS, type SipLimits, sipLimits } from './limits.js';
export type {
  HeaderField,
  MessageContent,
  MessageFields,
  RequestLine,
  SipMessage,
  SipRequest,
  SipResponse,
  SipTransportKind,
  StatusLine,
  WireMessage,
  WireRequest,
  WireResponse,
} from './message.js';
export {
  type FromTo,
  formatNameAddr,
  type NameAddr,
  parseContact,
  parseFromTo,
  parseNameAddrList,
  parseRoute,
  quoteDisplayName,
} from './name-addr.js';
export { findParam, type Param, paramValue, unquote } from './params.js';
export {
  SIP_PARSE_ERRORS,
  type SipParseError,
  type SipParseErrorCode,
  SipSyntaxError,
} from './parse-errors.js';
export { type ParseFailure, type ParseOptions, type ParseResult, parseMessage } from './parser.js';
export { buildResponse, errorResponseFor, type ResponseOptions, tooManyHopsResponse } from './response.js';
export type { ParsePartial, Salvaged } from './salvage.js';
export {
  type CSeq,
  MAX_CONTENT_LENGTH,
  MAX_CSEQ,
  MAX_DELTA_SECONDS,
  type MediaType,
  mediaTypeEssence,
  parseCallId,
  parseContentLength,
  parseCSeq,
  parseExpires,
  parseMaxForwards,
  parseMediaType,
  parseTokenList,
} from './scalars.js';
export { formatStartLine, serializeMessage } from './serializer.js';
export { reasonPhrase } from './status-codes.js';
export {
  type AbsoluteUri,
  formatUri,
  parseUri,
  type SipUri,
  type TelUri,
  type Uri,
  type UriHeader,
} from './uri.js';
export { uriEquals } from './uri-compare.js';
export { formatVia, isRfc3261Branch, MAGIC_COOKIE, parseVia, sentByEquals, type Via } from './via.js';
