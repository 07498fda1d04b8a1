/**
 * Time skipping for simulated calls on a VirtualClock: when the call only waits for timers, jump
 * to the next one. When it waits for something real (a real function invocation, a flow load),
 * virtual time follows real time until that is back, so a real function is neither hurried (its
 * deadline does not fire early) nor waited on forever (it does fire, after the real timeout).
 */
import { type Clock, sleepWith, type Timer } from '../../shared/clock.js';
import type { VirtualClock } from '../../shared/virtual-clock.js';
import type { FlowLoader, FunctionCaller } from '../ports.js';
import type { SimulatedRouter } from './routing.js';

/** A Clock that remembers when its pending timers fall due. */
export class DueTrackingClock implements Clock {
  private readonly due = new Set<{ at: number }>();

  constructor(private readonly inner: VirtualClock) {}

  now(): number {
    return this.inner.now();
  }

  monotonic(): number {
    return this.inner.monotonic();
  }

  setTimer(ms: number, fn: () => void): Timer {
    const entry = { at: this.inner.monotonic() + Math.max(0, ms) };
    this.due.add(entry);
    const timer = this.inner.setTimer(ms, () => {
      this.due.delete(entry);
      fn();
    });
    return {
      cancel: () => {
        this.due.delete(entry);
        timer.cancel();
      },
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith(this, ms, signal);
  }

  /** Monotonic time of the earliest pending timer. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const { at } of this.due) if (next === undefined || at < next) next = at;
    return next;
  }
}

/** Counts operations that wait on the real world. */
export class RealWork {
  private count = 0;
  private waiters: Array<() => void> = [];

  get busy(): boolean {
    return this.count > 0;
  }

  track<T>(promise: Promise<T>): Promise<T> {
    this.count++;
    const done = () => {
      if (--this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    };
    promise.then(done, done);
    return promise;
  }

  /** Resolves when no real operation is in flight. */
  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  functions(inner: FunctionCaller): FunctionCaller {
    return { call: (entry, event, options) => this.track(inner.call(entry, event, options)) };
  }

  flows(inner: FlowLoader): FlowLoader {
    return { load: (flowId, signal) => this.track(inner.load(flowId, signal)) };
  }

  /**
   * A router whose decisions take real turns of the event loop (the ACD router runs its own ACD):
   * virtual time must not jump to a queue timeout while the decision is on its way.
   */
  router(inner: SimulatedRouter): SimulatedRouter {
    const tracked = <T>(decision: T | Promise<T>) =>
      decision instanceof Promise ? this.track(decision) : decision;
    return {
      skillGroup: (request) => tracked(inner.skillGroup(request)),
      agent: (request) => tracked(inner.agent(request)),
      number: (request) => tracked(inner.number(request)),
    };
  }
}

/**
 * Moves virtual time until `done` settles. Without `real`, everything is assumed to live in
 * virtual time (test fakes). Returns false if the call stalled: nothing real in flight and no
 * timer pending, so nothing could ever move it on.
 */
export async function skipTimeUntil(
  done: Promise<unknown>,
  virtual: VirtualClock,
  tracking: DueTrackingClock,
  real?: RealWork,
): Promise<boolean> {
  let finished = false;
  const markFinished = () => {
    finished = true;
  };
  done.then(markFinished, markFinished);
  while (!finished) {
    await virtual.advance(0);
    if (finished) break;
    const next = tracking.nextDue();
    if (real?.busy) {
      await followRealTime(virtual, next, Promise.race([real.idle(), done]));
      continue;
    }
    if (next === undefined) return false;
    await virtual.advance(next - virtual.monotonic());
  }
  return true;
}

/** Lets virtual time pass at real speed until `settled`, or until the next timer is due. */
async function followRealTime(
  virtual: VirtualClock,
  nextDue: number | undefined,
  settled: Promise<unknown>,
): Promise<void> {
  const started = performance.now();
  let handle: ReturnType<typeof setTimeout> | undefined;
  const due = nextDue === undefined ? undefined : Math.max(0, nextDue - virtual.monotonic());
  const timeUp =
    due === undefined ? undefined : new Promise<void>((resolve) => (handle = setTimeout(resolve, due)));
  await Promise.race(timeUp ? [settled, timeUp] : [settled]);
  clearTimeout(handle);
  const elapsed = performance.now() - started;
  await virtual.advance(due === undefined ? elapsed : Math.min(elapsed, due));
}
