import type { Timer } from '../../shared/clock.js';
import { cancelFor } from './ack-cancel.js';
import { Dialog, type RequestResult } from './dialog.js';
import { uacDialogState } from './dialog-state.js';
import type { SipResponse, WireRequest } from './message.js';
import type { InviteClientTransaction } from './transaction-client-invite.js';
import type { Flow } from './transport.js';
import type { UaContext } from './ua-context.js';

/** How an INVITE we sent ended. */
export interface InviteResult extends RequestResult {
  /** The confirmed dialog, on a 2xx that was not cancelled. */
  readonly dialog: Dialog | undefined;
  /**
   * The signal aborted before the final response. The final response is then usually 487; if a
   * 2xx crossed the CANCEL, its dialog has been ACKed and ended with BYE (§9.1), and `dialog`
   * is undefined.
   */
  readonly cancelled: boolean;
}

/**
 * The UAC side of one INVITE (§13.2): passes provisional responses to the TU, turns the first
 * 2xx into a dialog and ACKs it (§13.2.2.4), ACKs retransmissions again, and ends the dialogs
 * of later 2xx from other forks with ACK and BYE. When the signal aborts before a final
 * response it sends CANCEL (§9.1), once a provisional response has come; if no final response
 * follows within 64*T1 the INVITE is given up as 408.
 */
export class OutgoingInvite {
  private resolve: (result: InviteResult) => void = () => undefined;
  private settled = false;
  private provisional = false;
  private cancelWanted = false;
  private cancelSent = false;
  private cancelGuard: Timer | undefined;
  private tx: InviteClientTransaction | undefined;
  /** Dialogs by remote tag: one per 2xx fork. */
  private readonly forks = new Map<string, Dialog>();
  private readonly onAbort = () => this.abort();

  constructor(
    private readonly ua: UaContext,
    private readonly request: WireRequest,
    private readonly branch: string,
    private readonly cseq: number,
    private readonly flow: Flow,
    private readonly onProvisional: ((response: SipResponse) => void) | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {}

  run(): Promise<InviteResult> {
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.tx = this.ua.layer.createClient(this.request, this.branch, this.flow, {
        onResponse: (response) => this.onResponse(response),
        onFailure: (status) => this.finish(status, undefined, undefined),
      }) as InviteClientTransaction;
      this.signal?.addEventListener('abort', this.onAbort, { once: true });
    });
  }

  private onResponse(response: SipResponse): void {
    if (response.status < 200) {
      this.provisional = true;
      if (this.cancelWanted && !this.cancelSent) this.sendCancel();
      if (!this.settled) this.notify(response);
    } else if (response.status < 300) {
      this.onSuccess(response);
    } else {
      this.finish(response.status, response, undefined);
    }
  }

  private onSuccess(response: SipResponse): void {
    const remoteTag = response.to.tag ?? '';
    const known = this.forks.get(remoteTag);
    if (known !== undefined) {
      known.acknowledge(this.cseq);
      return;
    }
    const dialog = new Dialog(this.ua, 'uac', uacDialogState(this.request, this.cseq, response), this.flow);
    this.ua.dialogs.set(dialog.key, dialog);
    this.forks.set(remoteTag, dialog);
    dialog.acknowledge(this.cseq);
    if (this.settled || this.cancelWanted) {
      // §13.2.2.4: a second fork's 2xx; §9.1: a 2xx that crossed our CANCEL. ACK, then BYE.
      void dialog.terminate();
      this.finish(response.status, response, undefined);
      return;
    }
    this.finish(response.status, response, dialog);
  }

  private abort(): void {
    if (this.settled) return;
    this.cancelWanted = true;
    if (this.provisional) this.sendCancel();
  }

  /** §9.1: CANCEL in its own transaction, to the same flow, with the INVITE's branch. */
  private sendCancel(): void {
    this.cancelSent = true;
    const ignore = () => undefined;
    this.ua.layer.createClient(cancelFor(this.request), this.branch, this.flow, {
      onResponse: ignore,
      onFailure: ignore,
    });
    this.cancelGuard = this.ua.clock.setTimer(64 * this.ua.timers.t1, () => {
      this.tx?.terminate();
      this.finish(408, undefined, undefined);
    });
  }

  private notify(response: SipResponse): void {
    try {
      this.onProvisional?.(response);
    } catch (err) {
      this.ua.logger.error({ err, callId: response.callId }, 'SIP provisional response handler threw');
    }
  }

  private finish(status: number, response: SipResponse | undefined, dialog: Dialog | undefined): void {
    if (this.settled) return;
    this.settled = true;
    this.cancelGuard?.cancel();
    this.signal?.removeEventListener('abort', this.onAbort);
    const reason = response?.reason ?? (status === 408 ? 'Request Timeout' : 'Service Unavailable');
    this.resolve({ status, reason, response, dialog, cancelled: this.cancelWanted });
  }
}
