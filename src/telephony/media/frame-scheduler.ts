/**
 * One clock for every outgoing RTP stream of the process. Each stream's frames are due at
 * start + n × 20 ms on the monotonic clock: the schedule is absolute, so a timer that fires late
 * makes one frame late but never shifts the ones after it (no drift), and frames that fell behind
 * are sent at once to catch up. One timer serves all streams (a min-heap ordered by due time) rather
 * than a setInterval per call: a thousand interval timers each drift by their own lateness and lose
 * frames under load.
 * New streams are spread over the 20 phase slots of a period (1 ms each, the least loaded first) so
 * that a burst of calls starting together does not make every 20 ms tick send a thousand packets.
 */
import type { Clock, Timer } from '../../shared/clock.js';
import { LatencyHistogram, type LatencySummary } from './latency-histogram.js';
import type { MediaLogger } from './logger.js';

export interface FrameStream {
  /** Sends one frame; `due` is the monotonic time it was scheduled for (the frame's media time). */
  onFrame(due: number): void;
}

export interface ScheduledStream {
  /** Stops the stream's frames; calling it again does nothing. */
  cancel(): void;
}

export interface FrameSchedulerOptions {
  clock: Clock;
  logger: MediaLogger;
  periodMs?: number;
  /** A stream further behind than this skips whole periods instead of bursting (default 60 ms). */
  maxLagMs?: number;
  /** A frame due within this much from now is sent now, as timers have millisecond grain (default 0.5). */
  earlyMs?: number;
}

export interface FrameSchedulerStats {
  streams: number;
  frames: number;
  /** Frames dropped because their stream fell more than maxLagMs behind (event loop stalls). */
  skipped: number;
  /** How long after its due time each frame was sent. */
  lateness: LatencySummary;
  /** |time between two frames of one stream − period|: the send-interval jitter. */
  intervalJitter: LatencySummary;
}

interface Entry {
  due: number;
  lastSent: number;
  slot: number;
  cancelled: boolean;
  readonly stream: FrameStream;
}

export class FrameScheduler {
  private readonly heap: Entry[] = [];
  private readonly period: number;
  private readonly maxLag: number;
  private readonly early: number;
  private readonly slotLoad: Int32Array;
  private active = 0;
  private frames = 0;
  private skipped = 0;
  private readonly lateness = new LatencyHistogram();
  private readonly intervalJitter = new LatencyHistogram();
  private timer: Timer | null = null;
  private timerAt = Number.POSITIVE_INFINITY;
  private closed = false;

  constructor(private readonly options: FrameSchedulerOptions) {
    this.period = options.periodMs ?? 20;
    this.maxLag = options.maxLagMs ?? 60;
    this.early = options.earlyMs ?? 0.5;
    this.slotLoad = new Int32Array(Math.max(1, Math.round(this.period)));
  }

  /** Starts a stream; its first frame goes out within one period, in the least busy phase slot. */
  add(stream: FrameStream): ScheduledStream {
    if (this.closed) throw new Error('the frame scheduler is closed');
    const now = this.options.clock.monotonic();
    const slot = this.quietestSlot();
    const slotMs = this.period / this.slotLoad.length;
    let due = now - (now % this.period) + slot * slotMs;
    if (due < now) due += this.period;
    const entry: Entry = { due, lastSent: Number.NaN, slot, cancelled: false, stream };
    this.slotLoad[slot]!++;
    this.active++;
    this.push(entry);
    this.arm();
    return { cancel: () => this.cancel(entry) };
  }

  stats(): FrameSchedulerStats {
    return {
      streams: this.active,
      frames: this.frames,
      skipped: this.skipped,
      lateness: this.lateness.summary(),
      intervalJitter: this.intervalJitter.summary(),
    };
  }

  /** Clears the frame, skip, lateness and jitter figures (e.g. between benchmark rounds). */
  resetStats(): void {
    this.frames = 0;
    this.skipped = 0;
    this.lateness.reset();
    this.intervalJitter.reset();
  }

  close(): void {
    this.closed = true;
    this.timer?.cancel();
    this.timer = null;
    for (const e of this.heap) this.cancel(e);
    this.heap.length = 0;
  }

  private cancel(entry: Entry): void {
    if (entry.cancelled) return;
    entry.cancelled = true;
    this.slotLoad[entry.slot]!--;
    this.active--;
  }

  private quietestSlot(): number {
    let best = 0;
    for (let i = 1; i < this.slotLoad.length; i++) if (this.slotLoad[i]! < this.slotLoad[best]!) best = i;
    return best;
  }

  private arm(): void {
    const top = this.heap[0];
    if (!top || this.closed) return;
    const at = top.due - this.early;
    if (this.timer && at >= this.timerAt) return;
    this.timer?.cancel();
    this.timerAt = at;
    this.timer = this.options.clock.setTimer(Math.max(0, at - this.options.clock.monotonic()), () =>
      this.run(),
    );
  }

  /**
   * Sends the frames due when the timer fired, then gives the event loop back: frames that fall
   * due meanwhile wait for the next timer, so a long burst never keeps incoming RTP or SIP waiting.
   */
  private run(): void {
    this.timer = null;
    this.timerAt = Number.POSITIVE_INFINITY;
    const clock = this.options.clock;
    const horizon = clock.monotonic() + this.early;
    for (let top = this.heap[0]; top && top.due <= horizon; top = this.heap[0]) {
      this.pop();
      if (top.cancelled) continue;
      const now = clock.monotonic();
      if (now - top.due > this.maxLag) {
        const periods = Math.floor((now - top.due) / this.period);
        top.due += periods * this.period;
        this.skipped += periods;
      }
      this.sendFrame(top, now);
      top.due += this.period;
      if (!top.cancelled) this.push(top);
    }
    this.arm();
  }

  private sendFrame(entry: Entry, now: number): void {
    this.frames++;
    this.lateness.record(now - entry.due);
    if (!Number.isNaN(entry.lastSent))
      this.intervalJitter.record(Math.abs(now - entry.lastSent - this.period));
    entry.lastSent = now;
    try {
      entry.stream.onFrame(entry.due);
    } catch (err) {
      this.cancel(entry);
      this.options.logger.warn({ err }, 'an RTP stream failed to send a frame and was stopped');
    }
  }

  // A binary min-heap on `due`.
  private push(entry: Entry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.due <= entry.due) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = entry;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (!last || h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const child = r < h.length && h[r]!.due < h[l]!.due ? r : l;
      if (h[child]!.due >= last.due) break;
      h[i] = h[child]!;
      i = child;
    }
    h[i] = last;
  }
}
