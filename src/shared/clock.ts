/**
 * Time as a dependency. Every timeout in Hotline (function deadline, digit collection, queue wait,
 * ring-no-answer, SIP timers) asks a Clock, so tests can run in virtual time and never sleep.
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch (wall time, for records). */
  now(): number;
  /** Monotonic milliseconds (for intervals and deadlines). */
  monotonic(): number;
  /** Calls fn once after ms; the returned timer cancels it. */
  setTimer(ms: number, fn: () => void): Timer;
  /** Resolves after ms; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer(ms, fn) {
    const handle = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(handle) };
  },
  sleep: (ms, signal) => sleepWith(systemClock, ms, signal),
};

/** sleep() in terms of setTimer(), shared by every Clock implementation. */
export function sleepWith(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      timer.cancel();
      reject(signal?.reason);
    };
    const timer = clock.setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
