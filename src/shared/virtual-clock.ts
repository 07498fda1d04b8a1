import { type Clock, sleepWith, type Timer } from './clock.js';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A Clock whose time moves only when told to. Timers fire in order of due time (then creation
 * order); after each one, pending promise callbacks run so that code awaiting a sleep can go on
 * and schedule its next timer before time moves further.
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly epoch: number;
  private seq = 0;
  private pending: Pending[] = [];

  constructor(startMs = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.epoch = startMs;
    this.current = 0;
  }

  now(): number {
    return this.epoch + this.current;
  }

  monotonic(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): Timer {
    const entry: Pending = { at: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.pending.push(entry);
    return {
      cancel: () => {
        this.pending = this.pending.filter((p) => p !== entry);
      },
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith(this, ms, signal);
  }

  /** Number of timers waiting to fire. */
  get timerCount(): number {
    return this.pending.length;
  }

  /** Moves time forward by ms, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await settle();
      const next = this.nextDue();
      if (!next || next.at > target) break;
      this.pending = this.pending.filter((p) => p !== next);
      this.current = next.at;
      next.fn();
    }
    this.current = target;
    await settle();
  }

  /** Fires timers until none is left (or maxMs of virtual time has passed). */
  async runAll(maxMs = 24 * 3600_000): Promise<void> {
    const limit = this.current + maxMs;
    for (;;) {
      await settle();
      const next = this.nextDue();
      if (!next || next.at > limit) return;
      await this.advance(next.at - this.current);
    }
  }

  private nextDue(): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.pending) {
      if (!best || p.at < best.at || (p.at === best.at && p.seq < best.seq)) best = p;
    }
    return best;
  }
}

/** Lets every queued promise callback run (a few macrotask turns). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}
