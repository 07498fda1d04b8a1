import type { SipRequest, WireResponse } from './message.js';
import { serializeMessage } from './serializer.js';
import { buildResponse } from './response.js';
import { TIMER_J } from './timers.js';
import { Transaction, type TransactionContext } from './transaction.js';
import type { ServerTransactionUser } from './transaction-server-invite.js';
import type { Flow } from './transport.js';

export type NonInviteServerState = 'trying' | 'proceeding' | 'completed';

/**
 * The non-INVITE server transaction (§17.2.2, figure 8):
 *
 * - Trying: the request went up to the TU; retransmissions are absorbed.
 * - Proceeding after a 1xx from the TU: a retransmission gets the last 1xx again.
 * - Completed after the final response: a retransmission gets it again; Timer J (64*T1 over UDP,
 *   0 over TCP) ends it. Responses the TU sends after the final one are discarded.
 *
 * Not in the RFC: a TU that has not answered after 64*T1 (when the client has given up, Timer F)
 * gets a 500 sent for it, so that a forgotten request cannot hold a transaction for ever.
 */
export class NonInviteServerTransaction extends Transaction<NonInviteServerState> {
  private last: Buffer | undefined;
  private lastStatus = 0;
  tu: ServerTransactionUser = {};

  constructor(
    key: string,
    ctx: TransactionContext,
    readonly request: SipRequest,
    /** Where responses go (§18.2.2). */
    readonly flow: Flow,
  ) {
    super(key, ctx, 'trying');
    this.startTimer('guard', 64 * ctx.timers.t1, () => this.tuGaveNoAnswer());
  }

  /** The status of the last response sent (0 before any). */
  get lastResponseStatus(): number {
    return this.lastStatus;
  }

  respond(response: WireResponse): void {
    if (this.current !== 'trying' && this.current !== 'proceeding') {
      this.ctx.logger.debug(
        { transaction: this.key, status: response.status },
        'SIP response after the final one ignored',
      );
      return;
    }
    this.last = serializeMessage(response);
    this.lastStatus = response.status;
    this.transmit(this.last);
    if (response.status < 200) {
      this.current = 'proceeding';
      return;
    }
    this.current = 'completed';
    this.stopTimer('guard');
    this.startTimer('J', TIMER_J(this.ctx.timers, this.ctx.reliable), () => this.terminate());
  }

  private tuGaveNoAnswer(): void {
    this.ctx.logger.warn({ transaction: this.key, method: this.request.method }, 'SIP request left unanswered; 500 sent');
    this.respond(buildResponse(this.request, 500, 'No Response From Application'));
  }

  /** A retransmission of the request. */
  receiveRequest(): void {
    if (this.current !== 'trying' && this.last !== undefined) this.transmit(this.last);
  }

  protected onTransportError(): void {
    this.terminate();
    this.tu.onFailure?.('transport-error');
  }
}
