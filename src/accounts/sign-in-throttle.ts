import type { Clock } from '../shared/clock.js';
import { signInErrors } from './errors.js';

export interface SignInThrottleOptions {
  clock: Clock;
  /** Failed sign-ins from one source within `windowMs` before it is locked out. */
  maxFailures: number;
  /** How long failures are remembered, and how long a lockout lasts. */
  windowMs: number;
  /** Most sources remembered at once (oldest forgotten first), so a flood cannot fill memory. */
  maxSources?: number;
}

interface SourceRecord {
  failures: number;
  firstFailureAt: number;
  lockedUntil: number;
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;

/**
 * Per-source lockout of password sign-in: after `maxFailures` failures within the window, the
 * source (its IP address) is refused for the window, right password or not. An attempt counts as a
 * failure from its start, so parallel guesses cannot slip past the limit; a success clears it.
 */
export function createSignInThrottle(options: SignInThrottleOptions) {
  const { clock, maxFailures, windowMs } = options;
  const maxSources = options.maxSources ?? 10_000;
  const sources = new Map<string, SourceRecord>();

  function current(source: string, now: number): SourceRecord | undefined {
    const record = sources.get(source);
    if (record && record.lockedUntil <= now && now - record.firstFailureAt >= windowMs) {
      sources.delete(source);
      return undefined;
    }
    return record;
  }

  function remember(source: string, record: SourceRecord): void {
    sources.delete(source);
    sources.set(source, record);
    if (sources.size > maxSources) {
      const oldest = sources.keys().next().value;
      if (oldest !== undefined) sources.delete(oldest);
    }
  }

  return {
    /** Starts an attempt; throws SignInLockedOut while the source is locked out. */
    begin(source: string): void {
      const now = clock.now();
      const record = current(source, now) ?? { failures: 0, firstFailureAt: now, lockedUntil: 0 };
      if (record.lockedUntil > now) {
        const retryAfterSeconds = Math.ceil((record.lockedUntil - now) / 1000);
        throw signInErrors.SignInLockedOut(
          `too many failed sign-ins from this address; try again in ${retryAfterSeconds} s`,
          { details: { retryAfterSeconds } },
        );
      }
      record.failures++;
      if (record.failures >= maxFailures) record.lockedUntil = now + windowMs;
      remember(source, record);
    },

    /** The attempt succeeded: the source's failures are forgotten. */
    succeeded(source: string): void {
      sources.delete(source);
    },
  };
}
