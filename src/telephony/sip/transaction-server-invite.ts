import type { SipRequest, WireResponse } from './message.js';
import { buildResponse } from './response.js';
import { serializeMessage } from './serializer.js';
import { backoff, TIMER_G, TIMER_H, TIMER_I, TIMER_L } from './timers.js';
import { Transaction, type TransactionContext } from './transaction.js';
import type { Flow } from './transport.js';

/** What the TU hears from a server transaction after the request itself. */
export interface ServerTransactionUser {
  /** Timer H fired without an ACK (§17.2.1), or the transport failed (§17.2.4). */
  onFailure?(reason: 'timeout' | 'transport-error'): void;
  /** §9.2: a CANCEL matched this INVITE transaction before its final response (the core answers the CANCEL). */
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
 * - Accepted after a 2xx (RFC 6026): INVITE retransmissions are absorbed (the UAS core
 *   retransmits the 2xx itself, §13.3.1.4); an ACK matching it (an RFC 2543 peer's) is not
 *   absorbed but goes to the core; Timer L (64*T1) ends it.
 *
 * The transaction keeps only what its state needs (the bytes to retransmit), not the request;
 * once Accepted not the TU either: many live on for 32 s after their call is answered.
 */
export class InviteServerTransaction extends Transaction<InviteServerState> {
  private last: Buffer | undefined;
  private lastStatus = 100;
  private tryingSent: boolean;
  private intervalG: number;
  tu: ServerTransactionUser = {};

  constructor(
    key: string,
    ctx: TransactionContext,
    /** Where responses go (§18.2.2). */
    flow: Flow,
    request: SipRequest,
    /** The origin key for merged-request detection (§8.2.2.2), if the request has one. */
    readonly origin: string | undefined,
    /** The 100 Trying the transport already sent (early-trying.ts), if it did. */
    trying?: Buffer,
  ) {
    super(key, ctx, flow, 'proceeding');
    this.intervalG = TIMER_G(ctx.timers);
    this.last = trying ?? serializeMessage(buildResponse(request, 100));
    this.tryingSent = trying !== undefined;
  }

  /** Sends the 100 Trying (once the layer has registered the transaction), unless the transport did. */
  start(): void {
    if (this.last !== undefined && !this.tryingSent) this.transmit(this.last);
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
    if (this.current !== 'proceeding') {
      this.ctx.logger.debug(
        { transaction: this.key, status: response.status },
        'SIP response after the final one ignored',
      );
      return undefined;
    }
    const status = response.status;
    const bytes = serializeMessage(response);
    this.lastStatus = status;
    this.last = bytes;
    this.transmit(bytes);
    if (status < 200) return bytes;
    if (status < 300) {
      this.tu = {};
      this.last = undefined;
      this.current = 'accepted';
      this.lingerThenTerminate(TIMER_L(this.ctx.timers)); // Timer L
    } else {
      this.current = 'completed';
      if (!this.ctx.reliable) this.startTimer('G', this.intervalG, () => this.onTimerG());
      this.startTimer('H', TIMER_H(this.ctx.timers), () => this.onTimerH());
    }
    return bytes;
  }

  /** A retransmission of the INVITE (§17.2.1). */
  receiveRequest(): void {
    if ((this.current === 'proceeding' || this.current === 'completed') && this.last !== undefined) {
      this.transmit(this.last);
    }
  }

  /** An ACK matching the transaction; false when it is not absorbed here (Accepted: it is the core's). */
  receiveAck(): boolean {
    if (this.current === 'accepted') return false;
    if (this.current === 'completed') {
      this.current = 'confirmed';
      this.last = undefined;
      this.stopTimer('G');
      this.stopTimer('H');
      this.lingerThenTerminate(TIMER_I(this.ctx.timers, this.ctx.reliable)); // Timer I
    }
    return true;
  }

  private onTimerG(): void {
    if (this.current !== 'completed' || this.last === undefined) return;
    this.transmit(this.last);
    this.intervalG = backoff(this.intervalG, this.ctx.timers, true);
    this.startTimer('G', this.intervalG, () => this.onTimerG());
  }

  private onTimerH(): void {
    if (this.current !== 'completed') return;
    const tu = this.tu;
    this.terminate();
    tu.onFailure?.('timeout');
  }

  protected onTransportError(): void {
    const tu = this.tu;
    this.terminate();
    tu.onFailure?.('transport-error');
  }
}
