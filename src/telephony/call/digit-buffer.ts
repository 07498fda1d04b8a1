import type { Clock, Timer } from '../../shared/clock.js';

/**
 * Digits a caller typed, in order, from RTP telephone-events and SIP INFO alike. Digits typed
 * ahead (during a barge-in prompt) wait here for the next collect; a collect waits for more with
 * a first-digit timeout and an inter-digit timeout from the clock.
 */
export class DigitBuffer {
  private digits = '';
  private waiter: (() => void) | undefined;

  constructor(private readonly clock: Clock) {}

  push(digit: string): void {
    this.digits += digit;
    this.waiter?.();
  }

  clear(): void {
    this.digits = '';
  }

  /** Reads up to `max` digits, ending early at the terminator or when the caller stops typing. */
  async collect(
    options: {
      minDigits: number;
      maxDigits: number;
      terminator?: string | undefined;
      firstDigitTimeoutMs: number;
      interDigitTimeoutMs: number;
    },
    signal: AbortSignal,
  ): Promise<{ digits: string; ended: 'maxDigits' | 'terminator' | 'timeout' }> {
    let got = '';
    for (;;) {
      while (this.digits.length > 0) {
        const d = this.digits[0]!;
        this.digits = this.digits.slice(1);
        if (options.terminator && d === options.terminator) return { digits: got, ended: 'terminator' };
        got += d;
        if (got.length >= options.maxDigits) return { digits: got, ended: 'maxDigits' };
      }
      const timeout = got.length === 0 ? options.firstDigitTimeoutMs : options.interDigitTimeoutMs;
      const arrived = await this.waitForDigit(timeout, signal);
      if (!arrived) return { digits: got, ended: 'timeout' };
    }
  }

  private waitForDigit(timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<boolean>((resolve, reject) => {
      let timer: Timer | undefined;
      const done = (value: boolean | Error) => {
        this.waiter = undefined;
        timer?.cancel();
        signal.removeEventListener('abort', onAbort);
        if (value instanceof Error) reject(value);
        else resolve(value);
      };
      const onAbort = () =>
        done(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
      timer = this.clock.setTimer(timeoutMs, () => done(false));
      this.waiter = () => done(true);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
