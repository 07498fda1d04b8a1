/**
 * DTMF received as RFC 4733 telephone-events: one digit per event. A sender repeats an event's
 * packets while the key is held (§2.5.1.2), all with the event's start timestamp, and sends the end
 * packet three times (§2.5.1.4); the receiver tells events apart by that timestamp (§2.5.2.1) and
 * reports each digit once, on its first packet. A sender that replays the very same packets (sipp's
 * recorded digits do) is heard again when its next press starts after the end of the previous one.
 */
import type { Clock } from '../../shared/clock.js';
import type { RtpPacket } from './rtp-packet.js';
import { type DtmfDigit, decodeTelephoneEvent, digitOfEvent } from './telephone-event.js';

export type { DtmfDigit } from './telephone-event.js';

export interface DigitEvent {
  digit: DtmfDigit;
  /** Wall time the digit was heard (ms since the epoch). */
  at: number;
  /** Monotonic time it was heard (ms), for timeouts. */
  monotonicMs: number;
  /** How the digit came: RTP telephone-event, or SIP INFO (reported by the SIP side). */
  via: 'rfc4733' | 'sip-info';
}

/** A non-end packet of an ended event this long after its end is a new press (replayed packets). */
const repressGapMs = 100;
/** Events remembered, so that a late retransmission of an earlier one is not a new digit. */
const remembered = 16;

interface SeenEvent {
  timestamp: number;
  event: number;
  endedAt: number | null;
}

export class DtmfReceiver {
  private readonly seen: SeenEvent[] = [];
  private ignored = 0;

  constructor(private readonly clock: Clock) {}

  /** Takes one telephone-event packet; returns the digit when this packet starts a new event. */
  receive(packet: RtpPacket, arrivalMs: number): DigitEvent | undefined {
    const e = decodeTelephoneEvent(packet.payload);
    const digit = e === undefined ? undefined : digitOfEvent(e.event);
    if (!e || !digit) {
      this.ignored++;
      return undefined;
    }
    const known = this.seen.find((s) => s.timestamp === packet.timestamp && s.event === e.event);
    if (known) {
      const repressed = !e.end && known.endedAt !== null && arrivalMs - known.endedAt > repressGapMs;
      if (e.end) known.endedAt ??= arrivalMs;
      else if (repressed) known.endedAt = null;
      if (!repressed) return undefined;
    } else {
      this.seen.push({ timestamp: packet.timestamp, event: e.event, endedAt: e.end ? arrivalMs : null });
      if (this.seen.length > remembered) this.seen.shift();
    }
    return { digit, at: this.clock.now(), monotonicMs: arrivalMs, via: 'rfc4733' };
  }

  /** Packets that were too short or carried an event other than a DTMF digit. */
  get ignoredPackets(): number {
    return this.ignored;
  }
}
