/**
 * DTMF sent as RFC 4733 telephone-events, one packet per 20 ms frame in place of audio: every
 * packet of an event carries the event's start timestamp and the duration so far, the first has the
 * marker bit (§2.5.1.2), the end packet goes three times (§2.5.1.4) with a new sequence number each,
 * and a short gap of audio separates two digits.
 */
import { frameMs, samplesPerFrame } from './g711.js';
import { encodeTelephoneEvent, eventOfDigit } from './telephone-event.js';

export interface DtmfSendOptions {
  /** How long each key is held (default 100 ms, at least 40). */
  durationMs?: number;
  /** Audio between two digits (default 60 ms). */
  gapMs?: number;
  /** Power level, 0 to 63 (−dBm0; default 10). */
  volume?: number;
}

/** A packet to send in place of this frame's audio. */
export interface EventFrame {
  payload: Buffer;
  marker: boolean;
  timestamp: number;
}

interface Press {
  event: number;
  frames: number;
  gapFrames: number;
  volume: number;
  done: (() => void) | undefined;
  fail: (err: unknown) => void;
}

const endRepeats = 3;

export class DtmfSender {
  private readonly queue: Press[] = [];
  private current: Press | undefined;
  private startTimestamp = 0;
  private sent = 0;
  private endsSent = 0;
  private gapLeft = 0;

  /** Queues digits; resolves when the last one's end packets have gone. Throws on a non-DTMF character. */
  enqueue(digits: string, options: DtmfSendOptions = {}): Promise<void> {
    const events = [...digits].map((d) => {
      const event = eventOfDigit(d);
      if (event === undefined) throw new RangeError(`"${d}" is not a DTMF digit (0-9, *, #, A-D)`);
      return event;
    });
    const frames = Math.max(2, Math.ceil((options.durationMs ?? 100) / frameMs));
    const gapFrames = Math.max(1, Math.ceil((options.gapMs ?? 60) / frameMs));
    const volume = Math.min(63, Math.max(0, Math.round(options.volume ?? 10)));
    if (events.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      events.forEach((event, i) => {
        const last = i === events.length - 1;
        this.queue.push({ event, frames, gapFrames, volume, done: last ? resolve : undefined, fail: reject });
      });
    });
  }

  /** Whether digits are being sent or wait to be. */
  get busy(): boolean {
    return this.current !== undefined || this.queue.length > 0 || this.gapLeft > 0;
  }

  /** The packet for this frame, or undefined when audio goes (idle, or the gap between digits). */
  nextFrame(timestamp: number): EventFrame | undefined {
    if (this.gapLeft > 0) {
      this.gapLeft--;
      return undefined;
    }
    if (!this.current) {
      this.current = this.queue.shift();
      if (!this.current) return undefined;
      this.startTimestamp = timestamp;
      this.sent = 0;
      this.endsSent = 0;
    }
    const press = this.current;
    const end = this.sent >= press.frames;
    if (end) this.endsSent++;
    else this.sent++;
    const payload = encodeTelephoneEvent({
      event: press.event,
      end,
      volume: press.volume,
      duration: this.sent * samplesPerFrame,
    });
    const frame = { payload, marker: !end && this.sent === 1, timestamp: this.startTimestamp };
    if (this.endsSent === endRepeats) {
      this.current = undefined;
      this.gapLeft = press.gapFrames;
      press.done?.();
    }
    return frame;
  }

  /** Drops every digit not yet sent; their promises reject with `reason`. */
  cancel(reason: unknown): void {
    const pending = this.current ? [this.current, ...this.queue] : [...this.queue];
    this.current = undefined;
    this.queue.length = 0;
    for (const p of pending) p.fail(reason);
  }
}
