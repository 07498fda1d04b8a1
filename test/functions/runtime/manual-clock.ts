/** A Clock whose time only moves when a test says so. */
import { type Clock, sleepWith, type Timer } from '../../../src/shared/clock.js';

export class ManualClock implements Clock {
  private time = 0;
  private timers: { at: number; fn: () => void }[] = [];

  now(): number {
    return 1_800_000_000_000 + this.time;
  }

  monotonic(): number {
    return this.time;
  }

  setTimer(ms: number, fn: () => void): Timer {
    const timer = { at: this.time + ms, fn };
    this.timers.push(timer);
    return {
      cancel: () => {
        this.timers = this.timers.filter((t) => t !== timer);
      },
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith(this, ms, signal);
  }

  /** Moves time forward, firing the timers that come due, in order. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (next === undefined) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.fn();
    }
    this.time = until;
  }
}
