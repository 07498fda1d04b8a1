import type { MessageFields, RequestLine, SipRequest, SipResponse, StatusLine } from './message.js';

/*
 * A parsed message is one object literal with every property written out, so that V8 gives all
 * requests one hidden class and all responses another (spreading or Object.assign-ing the fields
 * costs several times more, as the benchmark shows).
 */

export function assembleRequest(
  line: RequestLine,
  headers: SipRequest['headers'],
  body: Buffer,
  f: MessageFields,
): SipRequest {
  return {
    kind: 'request',
    method: line.method,
    requestUri: line.requestUri,
    headers,
    body,
    via: f.via,
    from: f.from,
    to: f.to,
    callId: f.callId,
    cseq: f.cseq,
    maxForwards: f.maxForwards,
    contentLength: f.contentLength,
    contact: f.contact,
    route: f.route,
    recordRoute: f.recordRoute,
    contentType: f.contentType,
    expires: f.expires,
    require: f.require,
    proxyRequire: f.proxyRequire,
    supported: f.supported,
    unsupported: f.unsupported,
    allow: f.allow,
  };
}

export function assembleResponse(
  line: StatusLine,
  headers: SipResponse['headers'],
  body: Buffer,
  f: MessageFields,
): SipResponse {
  return {
    kind: 'response',
    status: line.status,
    reason: line.reason,
    headers,
    body,
    via: f.via,
    from: f.from,
    to: f.to,
    callId: f.callId,
    cseq: f.cseq,
    maxForwards: f.maxForwards,
    contentLength: f.contentLength,
    contact: f.contact,
    route: f.route,
    recordRoute: f.recordRoute,
    contentType: f.contentType,
    expires: f.expires,
    require: f.require,
    proxyRequire: f.proxyRequire,
    supported: f.supported,
    unsupported: f.unsupported,
    allow: f.allow,
  };
}
