import { answerChallenge, type ClientCredentials } from '../auth/digest-client.js';
import { localResult, type RequestResult } from './dialog.js';
import { headerValues } from './headers.js';
import { newBranch, newCallId, newTag } from './ids.js';
import type { HeaderField, SipResponse } from './message.js';
import { parseRoute } from './name-addr.js';
import { nextHop } from './next-hop.js';
import { type InviteResult, OutgoingInvite } from './outgoing-invite.js';
import { buildRequest } from './request-builder.js';
import type { Flow } from './transport.js';
import { capabilityHeaders, localContact, type UaContext } from './ua-context.js';
import { formatUri, parseUri, type Uri } from './uri.js';

/** A request sent outside a dialog (§8.1.1). */
export interface OutgoingRequestOptions {
  /** From without a tag, e.g. '"Hotline" <sip:ivr@192.0.2.10>'; the stack adds the tag. */
  readonly from: string;
  /** To; `<target>` by default. */
  readonly to?: string;
  readonly headers?: readonly HeaderField[];
  readonly body?: Buffer;
  readonly contentType?: string;
  /** A preloaded route set, e.g. an outbound proxy: Route values such as '<sip:proxy.example;lr>' (§8.1.2). */
  readonly route?: readonly string[];
  readonly callId?: string;
  /**
   * Where to send, instead of the next hop the Request-URI (or route) gives: for a registered
   * phone behind NAT, the address its REGISTER came from (the binding's received flow).
   */
  readonly destination?: Flow;
}

export interface InviteOptions extends OutgoingRequestOptions {
  /** Contact URI text (no brackets); the stack's own by default. */
  readonly contact?: string;
  /** Called with each provisional response (180 Ringing, 183 Session Progress...). */
  readonly onProvisional?: (response: SipResponse) => void;
  /** Answers a 401 or 407 once with these (a carrier's trunk that authenticates callers, §22.2). */
  readonly credentials?: ClientCredentials;
}

/**
 * The UAC core (§8.1): builds requests outside a dialog, finds their next hop and sends them
 * through client transactions. INVITEs are followed by an OutgoingInvite; other requests
 * resolve with their final response (§8.1.3).
 */
export class UacCore {
  constructor(private readonly ua: UaContext) {}

  /** Places a call; see OutgoingInvite for ACK, forks and CANCEL when `signal` aborts. */
  async invite(target: string | Uri, options: InviteOptions, signal?: AbortSignal): Promise<InviteResult> {
    const uri = typeof target === 'string' ? parseUri(target) : target;
    const flow = options.destination ?? (await this.hop(uri, options.route));
    if (flow === undefined)
      return { ...localResult(503, 'Next Hop Unreachable'), dialog: undefined, cancelled: false };
    if (signal?.aborted === true) return { ...localResult(487), dialog: undefined, cancelled: true };
    const ids = { from: `${options.from};tag=${newTag()}`, callId: options.callId ?? this.newCallId(flow) };
    const first = await this.sendInvite(uri, flow, options, ids, 1, [], signal);
    const challenged = first.status === 401 || first.status === 407;
    if (!challenged || !options.credentials || first.dialog || !first.response || signal?.aborted)
      return first;
    // §22.2: the same Call-ID, From and To, the next CSeq, and the answer to the challenge.
    const answer = answerChallenge(
      headerValues(first.response, first.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate'),
      { method: 'INVITE', uri: formatUri(uri) },
      options.credentials,
    );
    if (answer === undefined) return first;
    const name = first.status === 401 ? 'Authorization' : 'Proxy-Authorization';
    return this.sendInvite(uri, flow, options, ids, 2, [{ name, value: answer }], signal);
  }

  private sendInvite(
    uri: Uri,
    flow: Flow,
    options: InviteOptions,
    ids: { from: string; callId: string },
    cseq: number,
    authorization: HeaderField[],
    signal: AbortSignal | undefined,
  ): Promise<InviteResult> {
    const branch = newBranch();
    const body = options.body;
    const request = buildRequest({
      ...this.common('INVITE', uri, branch, flow, options),
      ...ids,
      cseq,
      contact: options.contact ?? localContact(this.ua, flow.protocol),
      headers: [...capabilityHeaders(this.ua.settings), ...authorization, ...(options.headers ?? [])],
      contentType:
        options.contentType ?? (body !== undefined && body.length > 0 ? 'application/sdp' : undefined),
    });
    return new OutgoingInvite(this.ua, request, branch, cseq, flow, options.onProvisional, signal).run();
  }

  /** Sends a non-INVITE request outside a dialog (OPTIONS, MESSAGE, REGISTER...) and resolves with its outcome. */
  async request(
    method: string,
    target: string | Uri,
    options: OutgoingRequestOptions,
  ): Promise<RequestResult> {
    if (method === 'INVITE' || method === 'ACK' || method === 'CANCEL') {
      throw new RangeError(`${method} is not sent with request()`);
    }
    const uri = typeof target === 'string' ? parseUri(target) : target;
    const flow = options.destination ?? (await this.hop(uri, options.route));
    if (flow === undefined) return localResult(503, 'Next Hop Unreachable');
    const branch = newBranch();
    const request = buildRequest({
      ...this.common(method, uri, branch, flow, options),
      headers: options.headers,
      contentType: options.contentType,
    });
    return new Promise((resolve) => {
      this.ua.layer.createClient(request, branch, flow, {
        onResponse: (response) => {
          if (response.status >= 200) resolve({ status: response.status, reason: response.reason, response });
        },
        onFailure: (status) => resolve(localResult(status)),
      });
    });
  }

  private newCallId(flow: Flow): string {
    return newCallId(this.ua.transports.get(flow.protocol)!.sentBy.host);
  }

  /** The next hop: the first preloaded route, else the Request-URI (§8.1.2). */
  private async hop(uri: Uri, route: readonly string[] | undefined): Promise<Flow | undefined> {
    const first = route?.[0];
    return nextHop(this.ua, first === undefined ? uri : parseRoute(first)[0]!.uri);
  }

  private common(method: string, uri: Uri, branch: string, flow: Flow, options: OutgoingRequestOptions) {
    return {
      method,
      requestUri: uri,
      via: this.ua.transports.via(flow.protocol, branch),
      from: `${options.from};tag=${newTag()}`,
      to: options.to ?? `<${formatUri(uri)}>`,
      callId: options.callId ?? this.newCallId(flow),
      cseq: 1,
      routes: options.route,
      body: options.body,
      userAgent: this.ua.settings.userAgent,
    };
  }
}
