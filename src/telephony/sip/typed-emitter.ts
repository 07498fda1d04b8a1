import type { SipLogger } from './logger.js';

/** Event name → the arguments its listeners receive. */
export type EventMap = Record<string, readonly unknown[]>;

type Listener<A extends readonly unknown[]> = (...args: A) => void;

/**
 * A small typed event emitter. A listener that throws is reported to the logger and does not
 * stop the others nor reach the code that emitted: a bug in the transaction user must not break
 * the protocol machinery that called it.
 */
export class Emitter<E extends EventMap> {
  private readonly listeners = new Map<keyof E, Listener<E[keyof E]>[]>();

  constructor(protected readonly logger: SipLogger) {}

  on<K extends keyof E>(event: K, listener: Listener<E[K]>): this {
    const list = this.listeners.get(event);
    if (list === undefined) this.listeners.set(event, [listener as Listener<E[keyof E]>]);
    else list.push(listener as Listener<E[keyof E]>);
    return this;
  }

  off<K extends keyof E>(event: K, listener: Listener<E[K]>): this {
    const list = this.listeners.get(event);
    if (list !== undefined) {
      const i = list.indexOf(listener as Listener<E[keyof E]>);
      if (i >= 0) list.splice(i, 1);
    }
    return this;
  }

  listenerCount(event: keyof E): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /** Calls every listener of `event`; returns whether there was one. */
  protected emit<K extends keyof E>(event: K, ...args: E[K]): boolean {
    const list = this.listeners.get(event);
    if (list === undefined || list.length === 0) return false;
    for (const listener of [...list]) {
      try {
        listener(...args);
      } catch (err) {
        this.logger.error({ err, event: String(event) }, 'SIP event listener threw');
      }
    }
    return true;
  }

  /** Drops every listener (once the object has reached its end). */
  protected removeAllListeners(): void {
    this.listeners.clear();
  }
}
