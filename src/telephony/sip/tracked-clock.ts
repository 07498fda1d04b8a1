import type { Clock, Timer } from '../../shared/clock.js';

/**
 * A Clock that keeps every timer it hands out until it fires or is cancelled, so that the stack
 * can report how many are pending (leak checks) and cancel all of them when it closes.
 */
export interface TrackedClock extends Clock {
  /** Timers scheduled and not yet fired or cancelled. */
  readonly pending: number;
  /** Cancels every pending timer; later setTimer calls still work. */
  cancelAll(): void;
}

export function trackClock(clock: Clock): TrackedClock {
  const live = new Set<Timer>();
  const tracked: TrackedClock = {
    now: () => clock.now(),
    monotonic: () => clock.monotonic(),
    sleep: (ms, signal) => clock.sleep(ms, signal),
    setTimer(ms, fn) {
      const handle: Timer = {
        cancel() {
          if (live.delete(handle)) inner.cancel();
        },
      };
      const inner = clock.setTimer(ms, () => {
        if (live.delete(handle)) fn();
      });
      live.add(handle);
      return handle;
    },
    get pending() {
      return live.size;
    },
    cancelAll() {
      for (const timer of [...live]) timer.cancel();
    },
  };
  return tracked;
}
