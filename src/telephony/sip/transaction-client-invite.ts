import { ackForNon2xx } from './ack-cancel.js';
import type { SipResponse, WireRequest } from './message.js';
import { serializeMessage } from './serializer.js';
import { backoff, TIMER_A, TIMER_B, TIMER_D, TIMER_M } from './timers.js';
import { Transaction, type TransactionContext } from './transaction.js';
import type { Flow } from './transport.js';

/** What the UAC core hears from a client transaction. */
export interface ClientTransactionUser {
  /** Every response the state machine passes up (1xx, the final, and in Accepted each 2xx). */
  onResponse(response: SipResponse): void;
  /** §8.1.3.1: a timeout (Timer B or F) is treated as 408, a transport error as 503. */
  onFailure(status: 408 | 503): void;
}

export type InviteClientState = 'calling' | 'proceeding' | 'completed' | 'accepted';

/**
 * The INVITE client transaction (§17.1.1, figure 5), with the Accepted state of RFC 6026 §7.2:
 *
 * - Calling: the INVITE is sent, and over UDP retransmitted by Timer A (T1, doubling, no cap);
 *   Timer B (64*T1) gives up with a timeout.
 * - Proceeding after a 1xx: no more retransmissions; every 1xx goes up.
 * - Completed after a 300-699: the ACK is sent here (§17.1.1.3), and sent again for each
 *   retransmission of the response; Timer D (32 s over UDP, 0 over TCP) ends it.
 * - Accepted after a 2xx (RFC 6026): each 2xx, the first and its retransmissions or those of
 *   other forks, goes up to the core, which ACKs end to end (§13.2.2.4); Timer M (64*T1) ends it.
 */
export class InviteClientTransaction extends Transaction<InviteClientState> {
  private bytes: Buffer | undefined;
  private ack: Buffer | undefined;
  private intervalA: number;

  constructor(
    key: string,
    ctx: TransactionContext,
    flow: Flow,
    readonly request: WireRequest,
    private readonly tu: ClientTransactionUser,
  ) {
    super(key, ctx, flow, 'calling');
    this.bytes = serializeMessage(request);
    this.intervalA = TIMER_A(ctx.timers);
  }

  start(): void {
    if (this.bytes !== undefined) this.transmit(this.bytes);
    if (!this.ctx.reliable) this.startTimer('A', this.intervalA, () => this.onTimerA());
    this.startTimer('B', TIMER_B(this.ctx.timers), () => this.onTimerB());
  }

  private onTimerA(): void {
    if (this.current !== 'calling' || this.bytes === undefined) return;
    this.transmit(this.bytes);
    this.intervalA = backoff(this.intervalA, this.ctx.timers, false);
    this.startTimer('A', this.intervalA, () => this.onTimerA());
  }

  private onTimerB(): void {
    if (this.current !== 'calling') return;
    this.terminate();
    this.tu.onFailure(408);
  }

  receiveResponse(response: SipResponse): void {
    const status = response.status;
    switch (this.current) {
      case 'calling':
      case 'proceeding':
        this.bytes = undefined;
        if (status < 200) {
          this.current = 'proceeding';
          this.stopTimer('A');
          this.stopTimer('B');
          this.tu.onResponse(response);
        } else if (status < 300) {
          this.current = 'accepted';
          this.stopTimer('A');
          this.stopTimer('B');
          this.lingerThenTerminate(TIMER_M(this.ctx.timers)); // Timer M
          this.tu.onResponse(response);
        } else {
          this.current = 'completed';
          this.stopTimer('A');
          this.stopTimer('B');
          this.ack = serializeMessage(ackForNon2xx(this.request, response));
          this.transmit(this.ack);
          this.tu.onResponse(response);
          this.lingerThenTerminate(TIMER_D(this.ctx.timers, this.ctx.reliable)); // Timer D
        }
        return;
      case 'completed':
        if (status >= 300 && this.ack !== undefined) this.transmit(this.ack);
        return;
      case 'accepted':
        if (status >= 200 && status < 300) this.tu.onResponse(response);
        return;
      case 'terminated':
        return;
    }
  }

  protected onTransportError(): void {
    const pending = this.current === 'calling' || this.current === 'proceeding';
    this.terminate();
    if (pending) this.tu.onFailure(503);
  }
}
