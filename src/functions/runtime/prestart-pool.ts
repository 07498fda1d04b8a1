/**
 * Generic runners started ahead of need, per runtime, each with its own empty code slot, so that
 * the first call of a function does not pay a process start. A runner taken from here belongs to
 * one function version for good; the pool refills itself in the background.
 */
import type { FunctionRuntimeName } from '../invoker.js';
import type { RuntimeLogger } from './logger.js';
import type { RunnerProcess } from './runner-process.js';

export interface PreparedRunner {
  runner: RunnerProcess;
  slot: string;
}

export interface PrestartPoolDeps {
  target: Record<FunctionRuntimeName, number>;
  launch(runtime: FunctionRuntimeName): Promise<PreparedRunner>;
  /** A runner that died before being taken gives back its slot. */
  discard(prepared: PreparedRunner): void;
  logger: RuntimeLogger;
}

export class PrestartPool {
  private readonly ready = new Map<FunctionRuntimeName, PreparedRunner[]>();
  private readonly starting = new Map<FunctionRuntimeName, number>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Set by close(): runners still starting are then killed, and their failure is expected. */
  private closing = false;

  constructor(private readonly deps: PrestartPoolDeps) {}

  fillAll(): void {
    for (const runtime of Object.keys(this.deps.target) as FunctionRuntimeName[]) this.refill(runtime);
  }

  /**
   * A ready runner, or undefined when none is (the caller then starts one itself). Does not
   * refill: spawning blocks the event loop for milliseconds (libuv forks and waits for exec), so
   * the caller calls refill() once its cold invocation is over.
   */
  take(runtime: FunctionRuntimeName): PreparedRunner | undefined {
    const list = this.ready.get(runtime) ?? [];
    let prepared = list.shift();
    while (prepared !== undefined && !prepared.runner.alive) prepared = list.shift();
    return prepared;
  }

  /** Resolves when no refill is in progress (start-up, tests and benchmarks wait for this). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Runners waiting in the pool, for close(). */
  waiting(): PreparedRunner[] {
    return [...this.ready.values()].flat();
  }

  /** The invoker is closing: no refill starts, and runners killed while starting are not reported. */
  close(): void {
    this.closing = true;
  }

  /** Starts runners in the background until the runtime has its target number again. */
  refill(runtime: FunctionRuntimeName): void {
    if (this.closing) return;
    const missing =
      this.deps.target[runtime] - (this.ready.get(runtime)?.length ?? 0) - (this.starting.get(runtime) ?? 0);
    for (let i = 0; i < missing; i++) this.startOne(runtime);
  }

  private startOne(runtime: FunctionRuntimeName): void {
    this.starting.set(runtime, (this.starting.get(runtime) ?? 0) + 1);
    const started = this.deps
      .launch(runtime)
      .then((prepared) => this.add(runtime, prepared))
      // No retry loop: a runtime that cannot start is retried at the next take(), whose caller
      // then starts a runner itself and gets the error.
      .catch((err: unknown) => {
        if (!this.closing) this.deps.logger.warn({ err, runtime }, 'cannot pre-start a function runner');
      })
      .finally(() => {
        this.starting.set(runtime, (this.starting.get(runtime) ?? 1) - 1);
        this.inFlight.delete(started);
      });
    this.inFlight.add(started);
  }

  private add(runtime: FunctionRuntimeName, prepared: PreparedRunner): void {
    const list = this.ready.get(runtime) ?? [];
    this.ready.set(runtime, list);
    list.push(prepared);
    prepared.runner.setEvents({
      onMessage: () => undefined,
      onOutput: () => undefined,
      onExit: () => {
        const index = list.indexOf(prepared);
        if (index >= 0) list.splice(index, 1);
        this.deps.discard(prepared);
      },
    });
  }
}
