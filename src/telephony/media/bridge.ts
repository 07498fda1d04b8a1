/**
 * Relays RTP between two calls (a caller and an agent leg). Each packet the latch accepted on one
 * leg is sent on the other leg's own stream — its SSRC and sequence numbers, timestamps shifted
 * onto its media clock — so the far end sees one continuous stream before, during and after the
 * bridge (RFC 3550 §7: a translator that keeps each side's stream its own). G.711 is passed through
 * unchanged when both legs use the same law, converted PCMU ↔ PCMA otherwise. RFC 4733 events pass
 * through with the other leg's telephone-event payload type (dropped when it negotiated none).
 * While bridged, a leg plays nothing (what was playing is stopped); when the bridge stops, or one
 * leg's call ends, the other leg goes back to its own stream (comfort silence, prompts).
 */
import { type G711Codec, transcodeG711 } from './g711.js';
import type { RtpPacket } from './rtp-packet.js';
import type { RtpSender } from './rtp-sender.js';

/**
 * A call's audio as its owner sees it, and what MediaEngine.bridge takes: whether it has ended and
 * whether it is in a bridge. The relaying itself (BridgeLeg) stays inside the media plane, which may
 * run on another thread than the leg's owner.
 */
export interface Bridgeable {
  /** The leg's call has ended: it can no longer be bridged. */
  readonly closed: boolean;
  /** The leg is in a bridge. */
  readonly bridged: boolean;
}

/** A call as the bridge sees it: an RTP call's media (CallMedia), a browser's WebRTC leg, … */
export interface BridgeLeg extends Bridgeable {
  readonly sender: RtpSender;
  readonly codec: G711Codec;
  readonly payloadType: number;
  readonly telephoneEventPayloadType: number | null;
  /** Hands this leg's accepted packets to `relay` instead of its own playback (null gives them back). */
  attachRelay(relay: ((packet: RtpPacket, arrivalMs: number) => void) | null): void;
  /** Calls `fn` once when the leg's call ends; returns the function that cancels that. */
  whenClosed(fn: () => void): () => void;
}

/** Whether a Bridgeable is one the bridge can relay in this thread. */
export function isBridgeLeg(leg: Bridgeable): leg is BridgeLeg {
  const l = leg as Partial<BridgeLeg>;
  return typeof l.attachRelay === 'function' && typeof l.whenClosed === 'function';
}

export interface RelayStats {
  relayed: number;
  transcoded: number;
  events: number;
  /** Packets of another payload type, or events the other leg cannot take. */
  dropped: number;
}

export interface BridgeStats {
  aToB: RelayStats;
  bToA: RelayStats;
}

/** One direction of a bridge. */
class Relay {
  readonly stats: RelayStats = { relayed: 0, transcoded: 0, events: 0, dropped: 0 };
  private sourceSsrc: number | undefined;
  private offset = 0;

  constructor(
    private readonly from: BridgeLeg,
    private readonly to: BridgeLeg,
  ) {}

  forward(p: RtpPacket, arrivalMs: number): void {
    const { from, to } = this;
    let first = false;
    if (p.ssrc !== this.sourceSsrc) {
      // A new source: line its timestamps up with the other leg's media clock, and mark a talkspurt.
      this.sourceSsrc = p.ssrc;
      this.offset = (to.sender.timestampAt(arrivalMs) - p.timestamp) >>> 0;
      first = true;
    }
    const timestamp = (p.timestamp + this.offset) >>> 0;
    if (p.payloadType === from.payloadType) {
      const same = from.codec === to.codec;
      const payload = same ? p.payload : transcodeG711(from.codec, to.codec, p.payload);
      if (to.sender.send(to.payloadType, payload, p.marker || first, timestamp)) {
        this.stats.relayed++;
        if (!same) this.stats.transcoded++;
      }
    } else if (p.payloadType === from.telephoneEventPayloadType && to.telephoneEventPayloadType !== null) {
      if (to.sender.send(to.telephoneEventPayloadType, p.payload, p.marker, timestamp)) this.stats.events++;
    } else {
      this.stats.dropped++;
    }
  }
}

export class RtpBridge {
  private readonly aToB: Relay;
  private readonly bToA: Relay;
  private stopped = false;
  private readonly forget: (() => void)[];

  constructor(
    private readonly a: BridgeLeg,
    private readonly b: BridgeLeg,
  ) {
    this.aToB = new Relay(a, b);
    this.bToA = new Relay(b, a);
    a.attachRelay((p, at) => this.aToB.forward(p, at));
    b.attachRelay((p, at) => this.bToA.forward(p, at));
    this.forget = [a.whenClosed(() => this.stop()), b.whenClosed(() => this.stop())];
  }

  /** Ends the relay; both legs go back to their own playback. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const f of this.forget) f();
    this.a.attachRelay(null);
    this.b.attachRelay(null);
  }

  get active(): boolean {
    return !this.stopped;
  }

  stats(): BridgeStats {
    return { aToB: { ...this.aToB.stats }, bToA: { ...this.bToA.stats } };
  }
}
