/**
 * Runs an operation with a deadline on the injected clock. When the deadline passes first, the
 * operation's signal aborts and the result says `timedOut`; when the call's signal aborts (the
 * caller hung up) the promise rejects with its reason. Either way the timer is cancelled, so
 * nothing is left behind.
 */
import type { Clock } from '../shared/clock.js';

export type DeadlineResult<T> = { timedOut: false; value: T } | { timedOut: true };

export class DeadlineExceeded extends Error {
  constructor(ms: number) {
    super(`deadline of ${ms} ms exceeded`);
    this.name = 'DeadlineExceeded';
  }
}

export function withDeadline<T>(
  clock: Clock,
  ms: number,
  signal: AbortSignal,
  operation: (signal: AbortSignal) => Promise<T>,
): Promise<DeadlineResult<T>> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const controller = new AbortController();
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      timer.cancel();
      signal.removeEventListener('abort', onAbort);
      return true;
    };
    const onAbort = () => {
      if (!settle()) return;
      controller.abort(signal.reason);
      reject(signal.reason);
    };
    const timer = clock.setTimer(ms, () => {
      if (!settle()) return;
      controller.abort(new DeadlineExceeded(ms));
      resolve({ timedOut: true });
    });
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve()
      .then(() => operation(controller.signal))
      .then(
        (value) => {
          if (settle()) resolve({ timedOut: false, value });
        },
        (err: unknown) => {
          if (settle()) reject(err);
        },
      );
  });
}
