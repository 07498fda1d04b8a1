import { AnswerRetransmission } from './answer-retransmission.js';
import {
  type DialogRequestOptions,
  DialogSender,
  localResult,
  type RequestResult,
  TARGET_REFRESH,
} from './dialog-sender.js';
import { contactUri, type DialogState, dialogKey } from './dialog-state.js';
import type { SipRequest, SipResponse, WireResponse } from './message.js';
import type { NameAddr } from './name-addr.js';
import type { IncomingInvite, IncomingRequest } from './server-request.js';
import type { InviteServerTransaction } from './transaction-server-invite.js';
import type { Flow } from './transport.js';
import { Emitter, type EventMap } from './typed-emitter.js';
import { capabilityHeaders, type UaContext } from './ua-context.js';
import type { Uri } from './uri.js';

export { type DialogRequestOptions, localResult, type RequestResult } from './dialog-sender.js';

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
  private readonly sender: DialogSender;
  private answer: AnswerRetransmission | undefined;
  /** CSeq of the INVITE whose 2xx awaits its ACK. */
  private awaitedAck: number | undefined;
  /** Who waits for the BYE that follows the ACK (terminate() before the ACK came). */
  private byeAfterAck: ((result: RequestResult) => void) | undefined;
  private incomingInvite: IncomingInvite | undefined;
  private outgoingInvite = false;

  constructor(
    private readonly ua: UaContext,
    readonly role: DialogRole,
    private readonly st: DialogState,
    /** The flow the dialog was set up over: its connection is reused (and with forceRport, its address). */
    flow: Flow,
  ) {
    super(ua.logger);
    this.key = dialogKey(st.callId, st.localTag, st.remoteTag);
    this.sender = new DialogSender(ua, st, flow, role === 'uas' && ua.settings.forceRport);
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
   * is ACKed here. BYE is terminate(). ACK and CANCEL are not sent this way.
   */
  sendRequest(method: string, options: DialogRequestOptions = {}): Promise<RequestResult> {
    if (method === 'ACK' || method === 'CANCEL')
      throw new RangeError(`${method} is not sent with sendRequest()`);
    if (method === 'BYE') return this.terminate(options);
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
   * Ends the dialog with BYE (§15.1.1) and resolves with the BYE's outcome. A UAS whose 2xx is
   * not yet acknowledged waits for the ACK, or for the 64*T1 timeout, before sending it (§15).
   * A dialog already ended resolves at once (481, locally).
   */
  terminate(options: DialogRequestOptions = {}): Promise<RequestResult> {
    if (this.phase === 'terminated') return Promise.resolve(localResult(481, 'Dialog Terminated'));
    if (this.answer === undefined) return this.bye('bye-sent', options);
    return new Promise((resolve) => {
      const previous = this.byeAfterAck;
      this.byeAfterAck = (result) => {
        previous?.(result);
        resolve(result);
      };
    });
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

  /** UAC: ACKs a 2xx to our INVITE with CSeq `cseq`, again for each retransmission (§13.2.2.4). */
  acknowledge(cseq: number): void {
    this.sender.acknowledge(cseq);
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
    this.sender.forgetHop();
  }

  /** Sends through the sender; a 481 or 408 (or no answer at all) ends the dialog (§12.2.1.2). */
  private async send(method: string, options: DialogRequestOptions): Promise<RequestResult> {
    const result = await this.sender.send(method, options, (response) => this.refreshTarget(response));
    if (method === 'INVITE') this.outgoingInvite = false;
    const failed = result.status === 481 || result.status === 408 || result.response === undefined;
    if (failed && method !== 'BYE') this.end('request-failed');
    return result;
  }

  private noAck(answer: AnswerRetransmission): void {
    if (this.answer !== answer) return;
    this.answer = undefined;
    this.awaitedAck = undefined;
    this.ua.logger.info({ callId: this.st.callId }, 'SIP 2xx never acknowledged; sending BYE');
    const waiter = this.byeAfterAck;
    this.byeAfterAck = undefined;
    void this.bye('no-ack', {}).then((result) => waiter?.(result));
  }

  /** The ACK came, the wait timed out, or the dialog ended: the BYE terminate() asked for, if any. */
  private runByeAfterAck(): void {
    const waiter = this.byeAfterAck;
    if (waiter === undefined) return;
    this.byeAfterAck = undefined;
    if (this.phase === 'terminated') waiter(localResult(481, 'Dialog Terminated'));
    else void this.bye('bye-sent', {}).then(waiter);
  }

  private bye(reason: DialogEndReason, options: DialogRequestOptions): Promise<RequestResult> {
    this.end(reason);
    return this.send('BYE', options);
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
