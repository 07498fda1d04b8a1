/**
 * SIP for Hotline. The message layer (RFC 3261 §7, §19, §20, §25: parse, frame, serialize,
 * answer) is pure code, no sockets, no timers. The stack on top of it (transports §18,
 * transactions §17, UA cores §8, dialogs §12) starts with createSipStack(); it does nothing at
 * import time.
 */

// The stack: transports, transactions, dialogs, UA cores.
export type { HostResolver } from './destination.js';
export {
  Dialog,
  type DialogEndReason,
  type DialogEvents,
  type DialogRequestOptions,
  type DialogRole,
  type RequestResult,
} from './dialog.js';
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
export { type SipLogger, silentSipLogger } from './logger.js';
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
export type { InviteResult } from './outgoing-invite.js';
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
export {
  type AnswerContent,
  IncomingInvite,
  type IncomingInviteEvents,
  IncomingRequest,
  type ResponseContent,
} from './server-request.js';
export { createSipStack, type SipStack, type SipStackOptions, type SipStackStats } from './sip-stack.js';
export { reasonPhrase } from './status-codes.js';
export { DEFAULT_TIMERS, type SipTimerValues, sipTimerValues } from './timers.js';
export type { TransactionCounts } from './transaction-layer.js';
export {
  DEFAULT_SIP_PORT,
  type Flow,
  type SendFailure,
  type SipTransport,
  type TransportConfig,
  type TransportProtocol,
  type TransportReceiver,
} from './transport.js';
export { createTcpTransport, type TcpTransportOptions } from './transport-tcp.js';
export { createUdpTransport, type UdpTransportOptions } from './transport-udp.js';
export type { InviteOptions, OutgoingRequestOptions } from './uac-core.js';
export { acceptsMediaType } from './uas-checks.js';
export type { RequestHandler } from './uas-core.js';
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
