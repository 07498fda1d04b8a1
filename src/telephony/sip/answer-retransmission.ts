import type { Clock, Timer } from '../../shared/clock.js';
import { backoff, type SipTimerValues } from './timers.js';

/**
 * §13.3.1.4: the UAS core, not the transaction, makes a 2xx to an INVITE reliable. It sends the
 * 2xx again after T1, then at intervals doubling up to T2, whatever the transport (hop-by-hop
 * reliability is not end-to-end), until the ACK arrives. With no ACK after 64*T1 it gives up:
 * the dialog is then confirmed and ended with a BYE.
 */
export class AnswerRetransmission {
  private interval: number;
  private resend: Timer | undefined;
  private giveUp: Timer | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly timers: SipTimerValues,
    private readonly send: () => void,
    private readonly onNoAck: () => void,
  ) {
    this.interval = timers.t1;
  }

  start(): void {
    this.resend = this.clock.setTimer(this.interval, () => this.retransmit());
    this.giveUp = this.clock.setTimer(64 * this.timers.t1, () => {
      this.stop();
      this.onNoAck();
    });
  }

  get running(): boolean {
    return this.giveUp !== undefined;
  }

  /** The ACK came (or the dialog ended): no more retransmissions. */
  stop(): void {
    this.resend?.cancel();
    this.giveUp?.cancel();
    this.resend = undefined;
    this.giveUp = undefined;
  }

  private retransmit(): void {
    this.send();
    this.interval = backoff(this.interval, this.timers, true);
    this.resend = this.clock.setTimer(this.interval, () => this.retransmit());
  }
}
