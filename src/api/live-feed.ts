import type { Clock, Timer } from '../shared/clock.js';

export interface LiveFeedOptions<T> {
  clock: Clock;
  /** Takes a snapshot (async: it reads the store). */
  snapshot: () => Promise<T>;
  /** Sends one snapshot. */
  send: (snapshot: T) => void;
  /** The snapshot could not be taken; the feed stops. */
  fail: (err: unknown) => void;
  /** Fewest milliseconds between two snapshots: a burst of changes becomes one snapshot. */
  minIntervalMs: number;
  /** When to send a snapshot without a change after this one (waits grow; minutes roll over). */
  refreshAfterMs: (sent: T) => number;
}

export interface LiveFeed {
  /** Something changed: a snapshot follows, at most one per minIntervalMs. */
  changed(): void;
  close(): void;
}

/**
 * A stream of snapshots for one subscriber: one at once, then one after each burst of changes (at
 * most one per minIntervalMs, never two taken at the same time), and a refresh when nothing changes.
 */
export function startLiveFeed<T>(options: LiveFeedOptions<T>): LiveFeed {
  const { clock, minIntervalMs } = options;
  let timer: Timer | undefined;
  let dueAt = Number.POSITIVE_INFINITY;
  let taking = false;
  let dirty = false;
  let lastAt = Number.NEGATIVE_INFINITY;
  let closed = false;

  /** Takes the next snapshot at `at` (monotonic), unless one is already due sooner. */
  function plan(at: number): void {
    if (closed || (timer && dueAt <= at)) return;
    timer?.cancel();
    dueAt = at;
    timer = clock.setTimer(Math.max(0, at - clock.monotonic()), () => void take());
  }

  async function take(): Promise<void> {
    timer = undefined;
    dueAt = Number.POSITIVE_INFINITY;
    taking = true;
    dirty = false;
    let sent: T;
    try {
      sent = await options.snapshot();
      if (closed) return;
      // Counted from the send, not the start: a snapshot that took long to read must not bring the
      // next one closer than minIntervalMs (its time stamp is taken inside snapshot()).
      lastAt = clock.monotonic();
      options.send(sent);
    } catch (err) {
      if (!closed) options.fail(err);
      closed = true;
      return;
    } finally {
      taking = false;
    }
    plan(dirty ? lastAt + minIntervalMs : lastAt + options.refreshAfterMs(sent));
  }

  void take();
  return {
    changed() {
      dirty = true;
      if (!taking) plan(Math.max(clock.monotonic(), lastAt + minIntervalMs));
    },
    close() {
      closed = true;
      timer?.cancel();
      timer = undefined;
    },
  };
}
