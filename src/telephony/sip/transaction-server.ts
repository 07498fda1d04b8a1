import type { SipRequest, WireResponse } from './message.js';
import { buildResponse } from './response.js';
import { serializeMessage } from './serializer.js';
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
 *   0 over TCP) ends it. Responses the TU sends after the final one are discarded. Only the
 *   response bytes are kept through Completed.
 *
 * Not in the RFC: a TU that has not answered after 64*T1 (when the client has given up, Timer F)
 * gets a 500 sent for it, so that a forgotten request cannot hold a transaction for ever.
 */
export class NonInviteServerTransaction extends Transaction<NonInviteServerState> {
  private last: Buffer | undefined;
  private lastStatus = 0;
  private request: SipRequest | undefined;
  tu: ServerTransactionUser = {};

  constructor(
    key: string,
    ctx: TransactionContext,
    /** Where responses go (§18.2.2). */
    flow: Flow,
    request: SipRequest,
    /** The origin key for merged-request detection (§8.2.2.2), if the request has one. */
    readonly origin: string | undefined,
  ) {
    super(key, ctx, flow, 'trying');
    this.request = request;
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
    this.request = undefined;
    this.tu = {};
    this.stopTimer('guard');
    this.lingerThenTerminate(TIMER_J(this.ctx.timers, this.ctx.reliable)); // Timer J
  }

  /** A retransmission of the request. */
  receiveRequest(): void {
    if (this.current !== 'trying' && this.last !== undefined) this.transmit(this.last);
  }

  private tuGaveNoAnswer(): void {
    const request = this.request;
    if (request === undefined) return;
    this.ctx.logger.warn(
      { transaction: this.key, method: request.method },
      'SIP request left unanswered; 500 sent',
    );
    this.respond(buildResponse(request, 500, 'No Response From Application'));
  }

  protected onTransportError(): void {
    const tu = this.tu;
    this.terminate();
    tu.onFailure?.('transport-error');
  }
}
