import { AnswerRetransmission } from './answer-retransmission.js';
import { contactUri, type DialogState, dialogKey, dialogRouting, nextHopUri } from './dialog-state.js';
import { newBranch } from './ids.js';
import type { HeaderField, SipRequest, SipResponse, WireResponse } from './message.js';
import type { NameAddr } from './name-addr.js';
import { nextHop } from './next-hop.js';
import { buildRequest } from './request-builder.js';
import { serializeMessage } from './serializer.js';
import type { IncomingInvite, IncomingRequest } from './server-request.js';
import { reasonPhrase } from './status-codes.js';
import type { InviteServerTransaction } from './transaction-server-invite.js';
import type { Flow } from './transport.js';
import { Emitter, type EventMap } from './typed-emitter.js';
import { capabilityHeaders, localContact, type UaContext } from './ua-context.js';
import type { Uri } from './uri.js';

export type DialogRole = 'uac' | 'uas';

/** Why a dialog ended. */
export type DialogEndReason =
  /** The peer sent BYE (§15.1.2). */
  | 'bye-received'
  /** We sent BYE (§15.1.1). */
  | 'bye-sent'
  /** Our 2xx was never acknowledged; we sent BYE (§13.3.1.4). */
  | 'no-ack'
  /** A request in the dialog got 481 or 408, or timed out (§12.2.1.2). */
  | 'request-failed'
  /** The stack closed. */
  | 'stack-closed';

export interface DialogEvents extends EventMap {
  /** The ACK for our 2xx (§13.3.1.4): the call is up. */
  ack: [ack: SipRequest];
  /** The peer hung up; the stack has answered 200. 'terminated' follows. */
  bye: [bye: SipRequest];
  /** A re-INVITE (§14.2): accept() it with the new answer, or respond() 488/491. */
  reinvite: [invite: IncomingInvite];
  /** INFO (RFC 6086), e.g. DTMF as application/dtmf-relay. 200 is sent if nobody listens. */
  info: [request: IncomingRequest];
  /** UPDATE (RFC 3311). */
  update: [request: IncomingRequest];
  /** Any other request in the dialog (OPTIONS, REFER, NOTIFY, MESSAGE...). */
  request: [request: IncomingRequest];
  /** The peer cancelled a re-INVITE; the stack has answered it 487. */
  cancel: [invite: IncomingInvite, cancel: SipRequest];
  terminated: [reason: DialogEndReason];
}

/** What to put in a request sent in the dialog. */
export interface DialogRequestOptions {
  readonly headers?: readonly HeaderField[];
  readonly body?: Buffer;
  readonly contentType?: string;
}

/**
 * The outcome of a request: the final response, or, per §8.1.3.1, a timeout as 408 and a
 * transport failure (or an unreachable next hop) as 503, with no response.
 */
export interface RequestResult {
  readonly status: number;
  readonly reason: string;
  readonly response: SipResponse | undefined;
}

export function localResult(status: number, reason: string = reasonPhrase(status)): RequestResult {
  return { status, reason, response: undefined };
}

/** Requests that replace the remote target with their Contact (§12.2, RFC 3311 §5.2). */
const TARGET_REFRESH = new Set(['INVITE', 'UPDATE', 'SUBSCRIBE', 'NOTIFY', 'REFER']);

/**
 * A dialog (§12): a confirmed INVITE dialog between this stack and a peer, as UAS (we accepted
 * an INVITE) or UAC (our INVITE got a 2xx). Sends requests in the dialog with the right
 * CSeq, Route and Request-URI (§12.2.1.1); receives the peer's, checks their CSeq (§12.2.2) and
 * hands them to the TU as events; makes our 2xx reliable until the ACK (§13.3.1.4) and ACKs
 * the peer's 2xx (§13.2.2.4); ends with BYE (§15).
 */
export class Dialog extends Emitter<DialogEvents> {
  readonly key: string;
  private phase: 'confirmed' | 'terminated' = 'confirmed';
  private hop: Flow | undefined;
  private answer: AnswerRetransmission | undefined;
  /** CSeq of the INVITE whose 2xx awaits its ACK. */
  private awaitedAck: number | undefined;
  private byeAfterAck: (() => void) | undefined;
  private incomingInvite: IncomingInvite | undefined;
  private outgoingInvite = false;
  private lastAck: { readonly seq: number; readonly bytes: Buffer; readonly flow: Flow } | undefined;

  constructor(
    private readonly ua: UaContext,
    readonly role: DialogRole,
    private readonly st: DialogState,
    /** The flow the dialog was set up over: its connection is reused (and with forceRport, its address). */
    private readonly flow: Flow,
  ) {
    super(ua.logger);
    this.key = dialogKey(st.callId, st.localTag, st.remoteTag);
  }

  get state(): 'confirmed' | 'terminated' {
    return this.phase;
  }
  get callId(): string {
    return this.st.callId;
  }
  get localTag(): string {
    return this.st.localTag;
  }
  get remoteTag(): string {
    return this.st.remoteTag;
  }
  /** From of our requests (local URI and tag), as written. */
  get localIdentity(): string {
    return this.st.localHeader;
  }
  /** To of our requests (remote URI and tag), as written. */
  get remoteIdentity(): string {
    return this.st.remoteHeader;
  }
  get remoteTarget(): Uri {
    return this.st.remoteTarget;
  }
  get routeSet(): readonly NameAddr[] {
    return this.st.routeSet;
  }
  get localSeq(): number {
    return this.st.localSeq;
  }
  get remoteSeq(): number | undefined {
    return this.st.remoteSeq;
  }

  /**
   * Sends a request in the dialog (§12.2.1.1) and resolves with its outcome. A re-INVITE's 2xx
   * is ACKed here. ACK and CANCEL are not sent this way; BYE is better sent by terminate().
   */
  sendRequest(method: string, options: DialogRequestOptions = {}): Promise<RequestResult> {
    if (method === 'ACK' || method === 'CANCEL')
      throw new RangeError(`${method} is not sent with sendRequest()`);
    if (this.phase === 'terminated') return Promise.resolve(localResult(481, 'Dialog Terminated'));
    if (method === 'INVITE') {
      // §14.1: no re-INVITE while another INVITE transaction is in progress either way.
      if (this.outgoingInvite || (this.incomingInvite !== undefined && !this.incomingInvite.answered)) {
        return Promise.resolve(localResult(491));
      }
      this.outgoingInvite = true;
    }
    return this.send(method, options);
  }

  /**
   * Ends the dialog with BYE (§15.1.1). A UAS whose 2xx is not yet acknowledged waits for the
   * ACK, or for the 64*T1 timeout, before sending it (§15). Resolves once the BYE is answered.
   */
  async terminate(): Promise<void> {
    if (this.phase === 'terminated') return;
    if (this.answer !== undefined) {
      await new Promise<void>((resolve) => {
        const previous = this.byeAfterAck;
        this.byeAfterAck = () => {
          previous?.();
          resolve();
        };
      });
      return;
    }
    await this.bye('bye-sent');
  }

  /** UAS: our 2xx (to the INVITE or a re-INVITE with CSeq `cseq`) goes out and is retransmitted until ACKed. */
  answered(cseq: number, response: WireResponse, tx: InviteServerTransaction): void {
    const bytes = tx.respond(response);
    if (bytes === undefined) return;
    this.answer?.stop();
    this.awaitedAck = cseq;
    const answer = new AnswerRetransmission(
      this.ua.clock,
      this.ua.timers,
      () => this.ua.transports.send(bytes, tx.flow),
      () => this.noAck(answer),
    );
    this.answer = answer;
    answer.start();
  }

  /** UAS: an ACK for a 2xx (it matched no transaction, §17.2.3). */
  receiveAck(ack: SipRequest): void {
    if (this.awaitedAck !== ack.cseq.seq) return;
    this.awaitedAck = undefined;
    this.answer?.stop();
    this.answer = undefined;
    this.emit('ack', ack);
    this.runByeAfterAck();
  }

  /**
   * UAC: ACKs a 2xx to our INVITE with CSeq `cseq` (§13.2.2.4): a new transaction-less request
   * with the INVITE's CSeq number; a retransmitted 2xx gets the same ACK again.
   */
  acknowledge(cseq: number): void {
    const last = this.lastAck;
    if (last !== undefined && last.seq === cseq) {
      this.ua.transports.send(last.bytes, last.flow);
      return;
    }
    void this.nextHop().then((flow) => {
      if (flow === undefined) return;
      const { requestUri, routes } = dialogRouting(this.st);
      const ack = buildRequest({
        method: 'ACK',
        requestUri,
        via: this.ua.transports.via(flow.protocol, newBranch()),
        from: this.st.localHeader,
        to: this.st.remoteHeader,
        callId: this.st.callId,
        cseq,
        routes,
        userAgent: this.ua.settings.userAgent,
      });
      const bytes = serializeMessage(ack);
      this.lastAck = { seq: cseq, bytes, flow };
      this.ua.transports.send(bytes, flow);
    });
  }

  /** A request the peer sent in this dialog (§12.2.2), already wrapped with its server transaction. */
  receiveRequest(request: IncomingRequest | IncomingInvite): void {
    const m = request.message;
    if (this.st.remoteSeq !== undefined && m.cseq.seq < this.st.remoteSeq) {
      request.respond(500, 'Request Out Of Order');
      return;
    }
    this.st.remoteSeq = m.cseq.seq;
    if (TARGET_REFRESH.has(m.method)) this.refreshTarget(m);
    switch (m.method) {
      case 'BYE':
        this.receiveBye(request);
        return;
      case 'INVITE':
        this.receiveReinvite(request as IncomingInvite);
        return;
      case 'INFO':
        if (!this.emit('info', request) && !this.emit('request', request)) request.respond(200);
        return;
      case 'UPDATE':
        if (!this.emit('update', request) && !this.emit('request', request)) request.respond(501);
        return;
      case 'OPTIONS':
        if (!this.emit('request', request))
          request.respond(200, undefined, { headers: capabilityHeaders(this.ua.settings) });
        return;
      default:
        if (!this.emit('request', request)) request.respond(501);
    }
  }

  /** Ends the dialog without a BYE (the stack is closing). */
  close(): void {
    this.end('stack-closed');
  }

  private receiveBye(request: IncomingRequest): void {
    request.respond(200);
    // §15.1.2: requests still pending in the dialog are answered 487.
    const pending = this.incomingInvite;
    if (pending !== undefined && !pending.answered) pending.respond(487);
    this.emit('bye', request.message);
    this.end('bye-received');
  }

  private receiveReinvite(invite: IncomingInvite): void {
    if (this.outgoingInvite) {
      invite.respond(491);
      return;
    }
    if (this.incomingInvite !== undefined && !this.incomingInvite.answered) {
      // §14.2: an INVITE before the final response to the previous one.
      const retryAfter = String(Math.floor(Math.random() * 10));
      invite.respond(500, undefined, { headers: [{ name: 'Retry-After', value: retryAfter }] });
      return;
    }
    this.incomingInvite = invite;
    invite.on('cancel', (cancel) => this.emit('cancel', invite, cancel));
    if (!this.emit('reinvite', invite)) invite.respond(488);
  }

  private refreshTarget(message: SipRequest | SipResponse): void {
    const target = contactUri(message);
    if (target === undefined) return;
    this.st.remoteTarget = target;
    this.hop = undefined;
  }

  private async send(method: string, options: DialogRequestOptions): Promise<RequestResult> {
    const flow = await this.nextHop();
    if (flow === undefined) {
      if (method === 'INVITE') this.outgoingInvite = false;
      return localResult(503, 'Next Hop Unreachable');
    }
    const cseq = ++this.st.localSeq;
    const branch = newBranch();
    const { requestUri, routes } = dialogRouting(this.st);
    const request = buildRequest({
      method,
      requestUri,
      via: this.ua.transports.via(flow.protocol, branch),
      from: this.st.localHeader,
      to: this.st.remoteHeader,
      callId: this.st.callId,
      cseq,
      routes,
      contact: TARGET_REFRESH.has(method) ? localContact(this.ua, flow.protocol) : undefined,
      headers: options.headers,
      body: options.body,
      contentType: options.contentType,
      userAgent: this.ua.settings.userAgent,
    });
    return new Promise((resolve) => {
      this.ua.layer.createClient(request, branch, flow, {
        onResponse: (response) => {
          if (response.status < 200) return;
          if (method === 'INVITE') this.inviteAnswered(cseq, response);
          resolve({ status: response.status, reason: response.reason, response });
          if ((response.status === 481 || response.status === 408) && method !== 'BYE')
            this.end('request-failed');
        },
        onFailure: (status) => {
          if (method === 'INVITE') this.outgoingInvite = false;
          resolve(localResult(status));
          if (method !== 'BYE') this.end('request-failed');
        },
      });
    });
  }

  /** A final response to our re-INVITE: target refresh and ACK on 2xx (§12.2.1.2, §13.2.2.4). */
  private inviteAnswered(cseq: number, response: SipResponse): void {
    this.outgoingInvite = false;
    if (response.status >= 300) return;
    this.refreshTarget(response);
    this.acknowledge(cseq);
  }

  private async nextHop(): Promise<Flow | undefined> {
    if (this.hop !== undefined) return this.hop;
    if (this.role === 'uas' && this.ua.settings.forceRport) {
      this.hop = this.flow;
      return this.hop;
    }
    this.hop = await nextHop(this.ua, nextHopUri(this.st), this.flow);
    return this.hop;
  }

  private noAck(answer: AnswerRetransmission): void {
    if (this.answer !== answer) return;
    this.answer = undefined;
    this.awaitedAck = undefined;
    this.ua.logger.info({ callId: this.st.callId }, 'SIP 2xx never acknowledged; sending BYE');
    void this.bye('no-ack').then(() => this.runByeAfterAck());
  }

  private runByeAfterAck(): void {
    const waiter = this.byeAfterAck;
    if (waiter === undefined) return;
    this.byeAfterAck = undefined;
    if (this.phase === 'terminated') waiter();
    else void this.bye('bye-sent').then(waiter);
  }

  private async bye(reason: DialogEndReason): Promise<void> {
    this.end(reason);
    await this.send('BYE', {});
  }

  private end(reason: DialogEndReason): void {
    if (this.phase === 'terminated') return;
    this.phase = 'terminated';
    this.answer?.stop();
    this.answer = undefined;
    if (this.ua.dialogs.get(this.key) === this) this.ua.dialogs.delete(this.key);
    this.emit('terminated', reason);
    this.removeAllListeners();
    this.runByeAfterAck();
  }
}
