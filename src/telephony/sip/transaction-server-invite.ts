import type { SipRequest, WireResponse } from './message.js';
import { buildResponse } from './response.js';
import { serializeMessage } from './serializer.js';
import { backoff, TIMER_G, TIMER_H, TIMER_I, TIMER_L } from './timers.js';
import { Transaction, type TransactionContext } from './transaction.js';
import type { Flow } from './transport.js';

/** What the UAS core hears from a server transaction after the request itself. */
export interface ServerTransactionUser {
  /** An ACK the transaction passes up: in Accepted, the ACK for a 2xx from an RFC 2543 peer. */
  onAck?(ack: SipRequest): void;
  /** Timer H fired without an ACK (§17.2.1), or the transport failed (§17.2.4). */
  onFailure?(reason: 'timeout' | 'transport-error'): void;
  /** §9.2: a CANCEL matched this INVITE transaction (the UAS core answers the CANCEL itself). */
  onCancel?(cancel: SipRequest): void;
}

export type InviteServerState = 'proceeding' | 'completed' | 'confirmed' | 'accepted';

/**
 * The INVITE server transaction (§17.2.1, figure 7), with the Accepted state of RFC 6026 §7.1:
 *
 * - Proceeding: 100 Trying goes out at once, so that the client stops retransmitting (§17.2.1
 *   allows waiting 200 ms for the TU; Hotline never waits). A retransmitted INVITE gets the last
 *   provisional response again.
 * - Completed after a 300-699: over UDP Timer G retransmits it (T1, doubling up to T2), and so
 *   does each INVITE retransmission; Timer H (64*T1) gives up waiting for the ACK.
 * - Confirmed on the ACK: Timer I (T4 over UDP, 0 over TCP) absorbs ACK retransmissions.
 * - Accepted after a 2xx (RFC 6026): INVITE retransmissions are absorbed, the core's 2xx
 *   retransmissions (§13.3.1.4) go out through here, and Timer L (64*T1) ends it.
 */
export class InviteServerTransaction extends Transaction<InviteServerState> {
  private last: Buffer;
  private lastStatus = 100;
  private intervalG: number;
  tu: ServerTransactionUser = {};

  constructor(
    key: string,
    ctx: TransactionContext,
    readonly request: SipRequest,
    /** Where responses go (§18.2.2). */
    readonly flow: Flow,
  ) {
    super(key, ctx, 'proceeding');
    this.intervalG = TIMER_G(ctx.timers);
    this.last = serializeMessage(buildResponse(request, 100));
  }

  /** Sends the 100 Trying (once the layer has registered the transaction). */
  start(): void {
    this.transmit(this.last);
  }

  /** The status of the last response sent (100 until the TU answers). */
  get lastResponseStatus(): number {
    return this.lastStatus;
  }

  /**
   * A response from the TU: 1xx stay in Proceeding, 2xx move to Accepted, others to Completed.
   * Returns the bytes sent, or undefined when the response was discarded.
   */
  respond(response: WireResponse): Buffer | undefined {
    const status = response.status;
    if (this.current === 'accepted' && status >= 200 && status < 300) {
      const bytes = serializeMessage(response);
      this.transmit(bytes);
      return bytes;
    }
    if (this.current !== 'proceeding') {
      this.ctx.logger.debug({ transaction: this.key, status }, 'SIP response after the final one ignored');
      return undefined;
    }
    const bytes = serializeMessage(response);
    this.last = bytes;
    this.lastStatus = status;
    this.transmit(bytes);
    if (status >= 300) {
      this.current = 'completed';
      if (!this.ctx.reliable) this.startTimer('G', this.intervalG, () => this.onTimerG());
      this.startTimer('H', TIMER_H(this.ctx.timers), () => this.onTimerH());
    } else if (status >= 200) {
      this.current = 'accepted';
      this.startTimer('L', TIMER_L(this.ctx.timers), () => this.terminate());
    }
    return bytes;
  }

  /** A retransmission of the INVITE (§17.2.1). */
  receiveRequest(): void {
    if (this.current === 'proceeding' || this.current === 'completed') this.transmit(this.last);
  }

  receiveAck(ack: SipRequest): void {
    if (this.current === 'completed') {
      this.current = 'confirmed';
      this.stopTimer('G');
      this.stopTimer('H');
      this.startTimer('I', TIMER_I(this.ctx.timers, this.ctx.reliable), () => this.terminate());
    } else if (this.current === 'accepted') {
      this.tu.onAck?.(ack);
    }
  }

  private onTimerG(): void {
    if (this.current !== 'completed') return;
    this.transmit(this.last);
    this.intervalG = backoff(this.intervalG, this.ctx.timers, true);
    this.startTimer('G', this.intervalG, () => this.onTimerG());
  }

  private onTimerH(): void {
    if (this.current !== 'completed') return;
    this.terminate();
    this.tu.onFailure?.('timeout');
  }

  protected onTransportError(): void {
    this.terminate();
    this.tu.onFailure?.('transport-error');
  }
}
