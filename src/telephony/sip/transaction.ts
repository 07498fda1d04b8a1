import type { Clock, Timer } from '../../shared/clock.js';
import type { SipLogger } from './logger.js';
import type { SipTimerValues } from './timers.js';
import type { Flow, SendFailure } from './transport.js';

/** The retransmission and timeout timers of RFC 3261 §17 by letter, and the stack's own TU guard (D, I, J, K, L, M linger instead). */
export type TimerName = 'A' | 'B' | 'E' | 'F' | 'G' | 'H' | 'guard';

/** What a transaction needs from the layer that owns it; one is shared by all the transactions of a transport. */
export interface TransactionContext {
  readonly clock: Clock;
  readonly timers: SipTimerValues;
  /** Whether the transport is reliable: no retransmissions, no waiting for them. */
  readonly reliable: boolean;
  /** Sends bytes along a flow. */
  readonly send: (bytes: Buffer, flow: Flow, onFailure: SendFailure) => void;
  readonly logger: SipLogger;
  /** Queues the transaction to expire after `ms` (see LingerQueues). */
  readonly linger: (ms: number, transaction: Transaction<string>) => void;
  /** Called once, when the transaction reaches Terminated, so the layer can forget it. */
  readonly onTerminated: (transaction: Transaction<string>) => void;
}

/**
 * What the four state machines of §17 share: a key to be found by (§17.1.3, §17.2.3), a state,
 * named timers that are all cancelled on the way out, and a single move to Terminated.
 */
export abstract class Transaction<S extends string> {
  private readonly running: Partial<Record<TimerName, Timer>> = {};
  protected current: S | 'terminated';

  protected constructor(
    readonly key: string,
    protected readonly ctx: TransactionContext,
    /** Where the transaction's messages go: the next hop of a request, or where responses go (§18.2.2). */
    readonly flow: Flow,
    initial: S,
  ) {
    this.current = initial;
  }

  get state(): S | 'terminated' {
    return this.current;
  }

  /**
   * Starts (or restarts) a timer. A zero duration, which reliable transports give D, I, J and K,
   * fires at once: the state machine moves on without waiting (§17.1.1.2, §17.2.1).
   */
  protected startTimer(name: TimerName, ms: number, fire: () => void): void {
    this.stopTimer(name);
    if (ms === 0) {
      fire();
      return;
    }
    this.running[name] = this.ctx.clock.setTimer(ms, () => {
      delete this.running[name];
      if (this.current !== 'terminated') fire();
    });
  }

  protected stopTimer(name: TimerName): void {
    const timer = this.running[name];
    if (timer === undefined) return;
    timer.cancel();
    delete this.running[name];
  }

  /**
   * Waits out a timer that only ends the transaction (D, I, J, K, L, M), in a shared queue rather
   * than with a clock timer of its own; zero (reliable transports) ends it at once.
   */
  protected lingerThenTerminate(ms: number): void {
    if (ms === 0) this.terminate();
    else this.ctx.linger(ms, this);
  }

  /** The lingering time is up. */
  expire(): void {
    this.terminate();
  }

  /** Sends bytes; a transport failure ends the transaction (§17.1.4, §17.2.4). */
  protected transmit(bytes: Buffer): void {
    this.ctx.send(bytes, this.flow, (err) => {
      if (this.current === 'terminated') return;
      this.ctx.logger.debug({ err, transaction: this.key }, 'SIP transport error');
      this.onTransportError();
    });
  }

  /** §17.1.4, §17.2.4: the TU is told, and the transaction ends. */
  protected abstract onTransportError(): void;

  /** Ends the transaction as a transport error would, telling the TU (the stack is closing). */
  abort(): void {
    if (this.current !== 'terminated') this.onTransportError();
  }

  /** Moves to Terminated: every timer cancelled, the layer told once. */
  terminate(): void {
    if (this.current === 'terminated') return;
    this.current = 'terminated';
    for (const name of Object.keys(this.running) as TimerName[]) this.stopTimer(name);
    this.ctx.onTerminated(this);
  }
}
