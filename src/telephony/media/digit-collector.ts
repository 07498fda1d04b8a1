/**
 * Collects DTMF digits for a prompt-and-collect: the digits typed ahead (during a prompt, barge-in
 * included) come first, then input ends on the terminator, at maxDigits, or when the first-digit or
 * inter-digit timeout passes on the injected clock. Digits that arrive while nobody collects wait in
 * a small buffer for the next collect; flush() drops them (e.g. before a prompt that allows no
 * typing ahead).
 */
import type { Clock, Timer } from '../../shared/clock.js';
import type { DigitEvent } from './dtmf.js';
import { mediaErrors } from './errors.js';

export interface DigitCollectOptions {
  maxDigits: number;
  /** A key (usually #) that ends input early; it is not part of the digits. */
  terminator?: string | undefined;
  firstDigitTimeoutMs: number;
  interDigitTimeoutMs: number;
}

export interface DigitCollectResult {
  digits: string;
  ended: 'maxDigits' | 'terminator' | 'timeout';
}

export interface DigitSource {
  onDigit(listener: (digit: DigitEvent) => void): () => void;
}

interface Pending {
  options: DigitCollectOptions;
  digits: string;
  timer: Timer | undefined;
  finish: (result: DigitCollectResult) => void;
}

export class DigitCollector {
  private buffered: string[] = [];
  private pending: Pending | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    source: DigitSource,
    private readonly clock: Clock,
    private readonly maxBuffered = 32,
  ) {
    this.unsubscribe = source.onDigit((d) => this.take(d.digit));
  }

  /** Resolves with the digits; rejects with the signal's reason if it aborts first. */
  collect(options: DigitCollectOptions, signal?: AbortSignal): Promise<DigitCollectResult> {
    if (this.pending) return Promise.reject(mediaErrors.MediaBusy('digits are already being collected'));
    if (!Number.isInteger(options.maxDigits) || options.maxDigits < 1)
      return Promise.reject(new RangeError('maxDigits must be a positive integer'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<DigitCollectResult>((resolve, reject) => {
      const onAbort = () => {
        this.end();
        reject(signal?.reason);
      };
      const pending: Pending = {
        options,
        digits: '',
        timer: undefined,
        finish: (result) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(result);
        },
      };
      this.pending = pending;
      signal?.addEventListener('abort', onAbort, { once: true });
      this.wait(options.firstDigitTimeoutMs);
      while (this.pending === pending && this.buffered.length > 0) this.take(this.buffered.shift()!);
    });
  }

  /** Drops the digits typed ahead; returns them. */
  flush(): string {
    return this.buffered.splice(0).join('');
  }

  /** Stops listening (the call ended). */
  close(): void {
    this.unsubscribe();
    this.end();
  }

  private take(digit: string): void {
    const p = this.pending;
    if (!p) {
      this.buffered.push(digit);
      if (this.buffered.length > this.maxBuffered) this.buffered.shift();
      return;
    }
    if (p.options.terminator !== undefined && digit === p.options.terminator) {
      this.done('terminator');
      return;
    }
    p.digits += digit;
    if (p.digits.length >= p.options.maxDigits) this.done('maxDigits');
    else this.wait(p.options.interDigitTimeoutMs);
  }

  private wait(ms: number): void {
    const p = this.pending!;
    p.timer?.cancel();
    p.timer = this.clock.setTimer(ms, () => this.done('timeout'));
  }

  private done(ended: DigitCollectResult['ended']): void {
    const p = this.pending;
    if (!p) return;
    this.end();
    p.finish({ digits: p.digits, ended });
  }

  private end(): void {
    this.pending?.timer?.cancel();
    this.pending = undefined;
  }
}
