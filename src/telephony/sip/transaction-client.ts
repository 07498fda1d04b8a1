import type { SipResponse, WireRequest } from './message.js';
import { serializeMessage } from './serializer.js';
import { backoff, TIMER_E, TIMER_F, TIMER_K } from './timers.js';
import { Transaction, type TransactionContext } from './transaction.js';
import type { ClientTransactionUser } from './transaction-client-invite.js';
import type { Flow } from './transport.js';

export type NonInviteClientState = 'trying' | 'proceeding' | 'completed';

/**
 * The non-INVITE client transaction (§17.1.2, figure 6):
 *
 * - Trying: the request is sent; over UDP Timer E retransmits it (T1, doubling up to T2);
 *   Timer F (64*T1) gives up with a timeout.
 * - Proceeding after a 1xx: Timer E keeps retransmitting, every T2.
 * - Completed after a final response, which goes up: Timer K (T4 over UDP, 0 over TCP) absorbs
 *   its retransmissions, then ends it.
 */
export class NonInviteClientTransaction extends Transaction<NonInviteClientState> {
  private bytes: Buffer | undefined;
  private intervalE: number;

  constructor(
    key: string,
    ctx: TransactionContext,
    flow: Flow,
    readonly request: WireRequest,
    private readonly tu: ClientTransactionUser,
  ) {
    super(key, ctx, flow, 'trying');
    this.bytes = serializeMessage(request);
    this.intervalE = TIMER_E(ctx.timers);
  }

  start(): void {
    if (this.bytes !== undefined) this.transmit(this.bytes);
    if (!this.ctx.reliable) this.startTimer('E', this.intervalE, () => this.onTimerE());
    this.startTimer('F', TIMER_F(this.ctx.timers), () => this.onTimerF());
  }

  private onTimerE(): void {
    if (this.current === 'completed' || this.current === 'terminated' || this.bytes === undefined) return;
    this.transmit(this.bytes);
    this.intervalE =
      this.current === 'trying' ? backoff(this.intervalE, this.ctx.timers, true) : this.ctx.timers.t2;
    this.startTimer('E', this.intervalE, () => this.onTimerE());
  }

  private onTimerF(): void {
    if (this.current !== 'trying' && this.current !== 'proceeding') return;
    this.terminate();
    this.tu.onFailure(408);
  }

  receiveResponse(response: SipResponse): void {
    if (this.current !== 'trying' && this.current !== 'proceeding') return;
    if (response.status < 200) {
      this.current = 'proceeding';
      this.tu.onResponse(response);
      return;
    }
    this.current = 'completed';
    this.bytes = undefined;
    this.stopTimer('E');
    this.stopTimer('F');
    this.tu.onResponse(response);
    this.lingerThenTerminate(TIMER_K(this.ctx.timers, this.ctx.reliable)); // Timer K
  }

  protected onTransportError(): void {
    const pending = this.current === 'trying' || this.current === 'proceeding';
    this.terminate();
    if (pending) this.tu.onFailure(503);
  }
}
