import { Dialog } from './dialog.js';
import { contactUri, dialogKey, uasDialogState } from './dialog-state.js';
import type { SipRequest, WireResponse } from './message.js';
import { IncomingInvite, IncomingRequest } from './server-request.js';
import type { ServerTransaction } from './transaction-layer.js';
import type { InviteServerTransaction } from './transaction-server-invite.js';
import type { Flow } from './transport.js';
import type { UaContext } from './ua-context.js';
import {
  contentRefusal,
  maxForwardsRefusal,
  methodRefusal,
  type Refusal,
  requireRefusal,
} from './uas-checks.js';

/** The TU's handler for requests outside a dialog: an IncomingInvite for INVITE. */
export type RequestHandler = (request: IncomingRequest | IncomingInvite) => void;

/**
 * The UAS core (§8.2, §12.2.2, §9.2): every new request gets its server transaction (an INVITE
 * its 100 Trying at once), then the checks of §8.2 in order (merged request 482, method 405/501,
 * Require 420, body 415, Max-Forwards 483); a CANCEL is matched to its INVITE; a request with a
 * To tag goes to its dialog or gets 481; OPTIONS is answered here (§11.2); the rest goes to the
 * TU's handler.
 */
export class UasCore {
  handler: RequestHandler | undefined;

  constructor(private readonly ua: UaContext) {}

  onRequest(request: SipRequest, source: Flow, trying?: Buffer): void {
    const tx = this.ua.layer.createServer(request, source, trying);
    if (this.ua.layer.isMerged(tx)) {
      this.refuse(request, source, tx, { status: 482, headers: [] });
      return;
    }
    if (request.method === 'CANCEL') {
      this.cancel(request, source, tx);
      return;
    }
    const settings = this.ua.settings;
    const outside = request.to.tag === undefined;
    const refusal =
      methodRefusal(request, settings) ??
      requireRefusal(request, settings) ??
      contentRefusal(request, settings) ??
      (outside ? maxForwardsRefusal(request, settings) : undefined);
    if (refusal !== undefined) this.refuse(request, source, tx, refusal);
    else if (outside) this.outsideDialog(request, source, tx);
    else this.insideDialog(request, source, tx);
  }

  /** An ACK that matched no transaction: the ACK for a 2xx, for its dialog (§13.3.1.4). */
  onAck(ack: SipRequest): void {
    const dialog = this.ua.dialogs.get(dialogKey(ack.callId, ack.to.tag ?? '', ack.from.tag ?? ''));
    dialog?.receiveAck(ack);
  }

  private refuse(request: SipRequest, source: Flow, tx: ServerTransaction, refusal: Refusal): void {
    new IncomingRequest(request, source, tx, this.ua).respond(refusal.status, refusal.reason, {
      headers: refusal.headers,
    });
  }

  /** §9.2: 200 to the CANCEL if it matches an INVITE transaction (481 otherwise); 487 to a pending INVITE. */
  private cancel(request: SipRequest, source: Flow, tx: ServerTransaction): void {
    const inviteTx = this.ua.layer.findInviteFor(request);
    const handle = new IncomingRequest(request, source, tx, this.ua);
    if (inviteTx === undefined) {
      handle.respond(481);
      return;
    }
    handle.respond(200);
    if (inviteTx.lastResponseStatus < 200) inviteTx.tu.onCancel?.(request);
  }

  /** §12.2.2: a request with a To tag belongs to a dialog, or gets 481. */
  private insideDialog(request: SipRequest, source: Flow, tx: ServerTransaction): void {
    const dialog = this.ua.dialogs.get(dialogKey(request.callId, request.to.tag!, request.from.tag ?? ''));
    if (dialog === undefined) {
      new IncomingRequest(request, source, tx, this.ua).respond(481);
      return;
    }
    const handle =
      request.method === 'INVITE'
        ? new IncomingInvite(
            request,
            source,
            tx as InviteServerTransaction,
            this.ua,
            (invite, response, itx) => {
              dialog.answered(invite.message.cseq.seq, response, itx);
              return dialog;
            },
          )
        : new IncomingRequest(request, source, tx, this.ua);
    dialog.receiveRequest(handle);
  }

  private outsideDialog(request: SipRequest, source: Flow, tx: ServerTransaction): void {
    if (request.method === 'INVITE') {
      const invite = new IncomingInvite(request, source, tx as InviteServerTransaction, this.ua, (i, r, t) =>
        this.establish(i, r, t),
      );
      // §8.1.1.8: an INVITE must carry the Contact that becomes the remote target.
      if (contactUri(request) === undefined) invite.respond(400, 'Missing Contact');
      else this.deliver(invite);
      return;
    }
    const handle = new IncomingRequest(request, source, tx, this.ua);
    if (request.method === 'OPTIONS' && this.ua.settings.answerOptions) {
      handle.answerOptions();
      return;
    }
    this.deliver(handle);
  }

  private deliver(request: IncomingRequest | IncomingInvite): void {
    const handler = this.handler;
    if (handler === undefined) {
      request.respond(480, 'No Handler');
      return;
    }
    try {
      handler(request);
    } catch (err) {
      this.ua.logger.error(
        { err, method: request.method, callId: request.message.callId },
        'SIP request handler threw',
      );
      if (!request.answered) request.respond(500);
    }
  }

  /** §12.1.1: the 2xx to an INVITE outside a dialog establishes one. */
  private establish(invite: IncomingInvite, response: WireResponse, tx: InviteServerTransaction): Dialog {
    const state = uasDialogState(invite.message, invite.toTag, contactUri(invite.message)!);
    const dialog = new Dialog(this.ua, 'uas', state, invite.source);
    this.ua.dialogs.set(dialog.key, dialog);
    dialog.answered(invite.message.cseq.seq, response, tx);
    return dialog;
  }
}
