/**
 * One call's audio on the browser's side as the bridge sees it: one BridgeLeg for the whole call,
 * carried by the browser's current WebRTC leg. A page that reloads during a call answers again
 * with a new leg, which takes the old one's place (use()) without the bridge noticing: what the
 * caller sends goes to the new leg, what the new leg hears goes to the caller (a new SSRC, which
 * the bridge lines up as a new source). Without a leg nothing is sent. The leg closes (and the
 * bridge ends) only when the call is over: close().
 */
import type { Clock } from '../../shared/clock.js';
import type { Bridgeable, BridgeLeg } from '../media/bridge.js';
import { mediaErrors } from '../media/errors.js';
import type { G711Codec } from '../media/g711.js';
import type { RtpPacket } from '../media/rtp-packet.js';
import { RtpSender } from '../media/rtp-sender.js';
import type { WebRtcLeg } from './leg.js';

type Relay = (packet: RtpPacket, arrivalMs: number) => void;

/** A call's browser audio as the workbench uses it (see CallAudio). */
export interface WebRtcCallAudio extends Bridgeable {
  /** The WebRTC leg carrying the call now. */
  readonly current: WebRtcLeg;
  /** A new leg carries the call from now on; the old one is closed. */
  use(leg: WebRtcLeg): void;
  /** The call is over: the bridge ends and the leg closes. */
  close(): Promise<void>;
}

/** A leg CallAudio can carry the call on: a WebRtcLeg that is also a BridgeLeg of this thread. */
export type CarrierLeg = WebRtcLeg & BridgeLeg;

export class CallAudio implements WebRtcCallAudio, BridgeLeg {
  private leg: CarrierLeg;
  private relay: Relay | undefined;
  private isClosed = false;
  private readonly closeListeners = new Set<() => void>();
  /** Stands in while no leg carries the call: sends nothing. */
  private readonly idle: RtpSender;

  constructor(first: CarrierLeg, clock: Clock) {
    this.leg = first;
    this.idle = new RtpSender(() => false, clock);
  }

  get current(): CarrierLeg {
    return this.leg;
  }

  use(leg: WebRtcLeg): void {
    if (this.isClosed) throw mediaErrors.MediaSessionClosed('the workbench call has ended');
    const next = leg as CarrierLeg;
    if (typeof next.attachRelay !== 'function') throw new TypeError('not a WebRTC leg of this media plane');
    const old = this.leg;
    old.attachRelay(null);
    this.leg = next;
    if (this.relay) next.attachRelay(this.relay);
    if (old !== next) void old.close();
  }

  get sender(): RtpSender {
    return this.leg.closed ? this.idle : this.leg.sender;
  }
  get codec(): G711Codec {
    return this.leg.codec;
  }
  get payloadType(): number {
    return this.leg.payloadType;
  }
  get telephoneEventPayloadType(): number | null {
    return this.leg.telephoneEventPayloadType;
  }
  get closed(): boolean {
    return this.isClosed;
  }
  get bridged(): boolean {
    return this.relay !== undefined;
  }

  attachRelay(relay: Relay | null): void {
    if (relay && this.relay) throw mediaErrors.MediaBusy('the workbench call is already bridged');
    if (relay && this.isClosed) throw mediaErrors.MediaSessionClosed('the workbench call has ended');
    this.relay = relay ?? undefined;
    if (!this.leg.closed) this.leg.attachRelay(relay);
  }

  whenClosed(fn: () => void): () => void {
    if (this.isClosed) {
      fn();
      return () => undefined;
    }
    this.closeListeners.add(fn);
    return () => this.closeListeners.delete(fn);
  }

  async close(): Promise<void> {
    if (!this.isClosed) {
      this.isClosed = true;
      this.relay = undefined;
      const listeners = [...this.closeListeners];
      this.closeListeners.clear();
      for (const fn of listeners) fn();
    }
    await this.leg.close();
  }
}
