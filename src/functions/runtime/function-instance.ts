/**
 * One function instance: a runner process given one function version for the rest of its life.
 * It runs one invocation at a time and turns whatever happens to the process (a result, the
 * deadline, the memory watchdog, an exit) into an InvocationResult. An instance that timed out,
 * went over its memory, crashed or failed to load is killed and never used again.
 */
import type { Clock, Timer } from '../../shared/clock.js';
import type { FunctionSpec, InvocationErrorType, InvocationResult } from '../invoker.js';
import type { CodeSlots } from './code-slots.js';
import { errorPayload } from './error-payload.js';
import { InvocationLog } from './invocation-log.js';
import type { RuntimeLogger } from './logger.js';
import type { MemoryWatch, MemoryWatchdog } from './memory-watchdog.js';
import { encodeInvoke, encodeLoad, type LoadHeader, type RunnerMessage } from './protocol.js';
import { describeExit, type RunnerExit, type RunnerProcess } from './runner-process.js';

export interface InstanceDeps {
  clock: Clock;
  watchdog: MemoryWatchdog;
  slots: CodeSlots;
  logger: RuntimeLogger;
  logLimitBytes: number;
  maxPayloadBytes: number;
  /** Called once, as soon as the instance can no longer be used (whatever the reason). */
  onGone(instance: FunctionInstance): void;
}

/** How the first invocation ends when the instance could not load its function. */
export interface FailedLoad {
  error: InvocationErrorType;
  payload: Buffer;
  log: string;
  logTruncated: boolean;
  durationMs: number;
  maxMemoryUsedMb?: number | undefined;
}

type State = 'new' | 'loading' | 'idle' | 'busy' | 'dead';

interface Running {
  requestId: string;
  coldStart: boolean;
  startedAt: number;
  log: InvocationLog;
  timer: Timer;
  resolve(result: InvocationResult): void;
  reject(err: Error): void;
}

interface Loading {
  startedAt: number;
  timer: Timer;
  resolve(failure: FailedLoad | undefined): void;
  reject(err: Error): void;
}

export class FunctionInstance {
  /** Set by the scheduler; used to pick the least recently used idle instance to evict. */
  lastUsedAt = 0;
  private state: State = 'new';
  private running: Running | undefined;
  private loading: Loading | undefined;
  /** Output written outside any invocation (loading, background work), shown with the next one. */
  private readonly between: InvocationLog;
  private readonly memory: MemoryWatch | undefined;

  constructor(
    readonly key: string,
    readonly spec: FunctionSpec,
    private readonly runner: RunnerProcess,
    private readonly slot: string,
    private readonly deps: InstanceDeps,
  ) {
    this.between = new InvocationLog(deps.logLimitBytes);
    runner.setEvents({
      onMessage: (message) => this.onMessage(message),
      onOutput: (text) => (this.running?.log ?? this.between).append(text),
      onExit: (exit) => this.onExit(exit),
    });
    this.memory = this.watchMemory();
  }

  get idle(): boolean {
    return this.state === 'idle';
  }

  get dead(): boolean {
    return this.state === 'dead';
  }

  /** Gives the runner its function: fills /code, sends LOAD, waits for LOADED (and the initializer). */
  async load(requestId: string): Promise<FailedLoad | undefined> {
    const startedAt = this.deps.clock.monotonic();
    this.state = 'loading';
    try {
      await this.deps.slots.fill(this.slot, this.spec.codeDir);
    } catch (err) {
      this.kill();
      return this.failedLoad(
        'LoadError',
        `cannot read the function's code: ${(err as Error).message}`,
        startedAt,
      );
    }
    if (!this.runner.alive)
      return this.failedLoad('Crash', 'the runner process ended before loading', startedAt);
    const timeoutMs = this.spec.initializationTimeoutMs ?? this.spec.timeoutMs;
    return new Promise((resolve, reject) => {
      const timer = this.deps.clock.setTimer(timeoutMs, () => this.onLoadTimeout(timeoutMs));
      this.loading = { startedAt, timer, resolve, reject };
      this.memory?.setBusy(true);
      this.runner.send(encodeLoad(this.loadHeader(requestId, timeoutMs)));
    });
  }

  invoke(requestId: string, payload: Buffer, coldStart: boolean): Promise<InvocationResult> {
    if (this.state !== 'idle')
      return Promise.reject(new Error(`invoke() on an instance that is ${this.state}`));
    this.state = 'busy';
    const log = new InvocationLog(this.deps.logLimitBytes);
    if (!this.between.empty) this.between.moveTo(log);
    return new Promise((resolve, reject) => {
      const timer = this.deps.clock.setTimer(this.spec.timeoutMs, () => this.onTimeout());
      this.running = {
        requestId,
        coldStart,
        startedAt: this.deps.clock.monotonic(),
        log,
        timer,
        resolve,
        reject,
      };
      this.memory?.setBusy(true);
      this.runner.send(encodeInvoke(requestId, this.spec.timeoutMs, payload));
    });
  }

  /** Kills the process; an invocation or load in progress fails with `abandonWith` if given. */
  kill(abandonWith?: Error): void {
    if (abandonWith !== undefined) {
      this.takeRunning()?.reject(abandonWith);
      this.takeLoading()?.reject(abandonWith);
    }
    this.markDead();
    this.runner.kill();
  }

  private onMessage(message: RunnerMessage): void {
    if (message.kind === 'log') (this.running?.log ?? this.between).append(message.text);
    else if (message.kind === 'result') this.onResult(message);
    else if (message.kind === 'loaded') this.onLoaded(message.failure);
  }

  private onLoaded(failure: Extract<RunnerMessage, { kind: 'loaded' }>['failure']): void {
    const loading = this.takeLoading();
    if (loading === undefined) {
      this.onProtocolViolation('LOADED without LOAD');
      return;
    }
    if (failure === undefined) {
      this.state = 'idle';
      loading.resolve(undefined);
      return;
    }
    const error = failure.phase === 'init' ? 'InitializationError' : 'LoadError';
    const payload = Buffer.from(JSON.stringify(failure.error));
    loading.resolve({ ...this.failedLoad(error, '', loading.startedAt), payload });
    this.kill();
  }

  private onResult(message: Extract<RunnerMessage, { kind: 'result' }>): void {
    const running = this.takeRunning();
    if (running === undefined) {
      this.onProtocolViolation('RESULT without INVOKE');
      return;
    }
    if (message.logTruncated) running.log.truncated = true;
    running.resolve({
      requestId: running.requestId,
      payload: message.payload,
      error: message.ok ? undefined : message.outOfMemory ? 'OutOfMemory' : 'FunctionError',
      durationMs: message.durationMs,
      maxMemoryUsedMb: Math.max(message.maxRssKb / 1024, this.memory?.peakMb ?? 0),
      coldStart: running.coldStart,
      log: running.log.text(),
      logTruncated: running.log.truncated,
    });
    if (message.fatal || message.outOfMemory) this.kill();
    else this.state = 'idle';
  }

  private onTimeout(): void {
    const running = this.takeRunning();
    if (running === undefined) return;
    running.resolve(
      this.hostFailure(running, 'Timeout', `function timed out after ${this.spec.timeoutMs} ms`),
    );
    this.kill();
  }

  private onLoadTimeout(timeoutMs: number): void {
    const loading = this.takeLoading();
    if (loading === undefined) return;
    const initializing = this.spec.initializer !== undefined;
    const message = initializing
      ? `initialization timed out after ${timeoutMs} ms`
      : `loading the code timed out after ${timeoutMs} ms`;
    loading.resolve(
      this.failedLoad(initializing ? 'InitializationError' : 'LoadError', message, loading.startedAt),
    );
    this.kill();
  }

  private onMemoryExceeded(rssMb: number): void {
    const message = `function exceeded its memory limit of ${this.spec.memoryMb} MB`;
    const running = this.takeRunning();
    const loading = this.takeLoading();
    if (running !== undefined) running.resolve(this.hostFailure(running, 'OutOfMemory', message, rssMb));
    else if (loading !== undefined)
      loading.resolve(this.failedLoad('OutOfMemory', message, loading.startedAt, rssMb));
    else
      this.deps.logger.warn(
        { function: this.spec.name, rssMb },
        'idle function instance went over its memory limit',
      );
    this.kill();
  }

  private onExit(exit: RunnerExit): void {
    const message = `the function's process ended: ${describeExit(exit, this.runner.sandboxed)}`;
    const running = this.takeRunning();
    const loading = this.takeLoading();
    if (running !== undefined) running.resolve(this.hostFailure(running, 'Crash', message));
    if (loading !== undefined) loading.resolve(this.failedLoad('Crash', message, loading.startedAt));
    this.markDead();
    this.deps.slots.remove(this.slot).catch((err: unknown) => {
      this.deps.logger.warn({ err, slot: this.slot }, 'cannot remove a code slot');
    });
  }

  private onProtocolViolation(what: string): void {
    this.deps.logger.warn({ function: this.spec.name, what }, 'function runner broke the protocol');
    this.kill();
  }

  private takeRunning(): Running | undefined {
    const running = this.running;
    if (running === undefined) return undefined;
    this.running = undefined;
    running.timer.cancel();
    this.memory?.setBusy(false);
    return running;
  }

  private takeLoading(): Loading | undefined {
    const loading = this.loading;
    if (loading === undefined) return undefined;
    this.loading = undefined;
    loading.timer.cancel();
    this.memory?.setBusy(false);
    return loading;
  }

  private markDead(): void {
    if (this.state === 'dead') return;
    this.state = 'dead';
    this.memory?.stop();
    this.deps.onGone(this);
  }

  private hostFailure(
    running: Running,
    error: InvocationErrorType,
    message: string,
    memoryMb?: number,
  ): InvocationResult {
    return {
      requestId: running.requestId,
      payload: errorPayload(error, message),
      error,
      durationMs: this.deps.clock.monotonic() - running.startedAt,
      maxMemoryUsedMb: memoryMb ?? this.memory?.peakMb,
      coldStart: running.coldStart,
      log: running.log.text(),
      logTruncated: running.log.truncated,
    };
  }

  private failedLoad(
    error: InvocationErrorType,
    message: string,
    startedAt: number,
    memoryMb?: number,
  ): FailedLoad {
    return {
      error,
      payload: errorPayload(error, message),
      log: this.between.text(),
      logTruncated: this.between.truncated,
      durationMs: this.deps.clock.monotonic() - startedAt,
      maxMemoryUsedMb: memoryMb ?? this.memory?.peakMb,
    };
  }

  private watchMemory(): MemoryWatch | undefined {
    const pid = this.runner.pid;
    if (pid === undefined || !this.runner.alive) return undefined;
    try {
      return this.deps.watchdog.watch(pid, this.spec.memoryMb, (rssMb) => this.onMemoryExceeded(rssMb));
    } catch (err) {
      this.deps.logger.warn({ err, pid }, 'cannot watch the memory of a function instance');
      return undefined;
    }
  }

  private loadHeader(requestId: string, initializationTimeoutMs: number): LoadHeader {
    const { spec } = this;
    return {
      requestId,
      handler: spec.handler,
      initializer: spec.initializer ?? null,
      initializationTimeoutMs,
      environment: spec.environment,
      memoryMb: spec.memoryMb,
      logLimitBytes: this.deps.logLimitBytes,
      maxPayloadBytes: this.deps.maxPayloadBytes,
      accountId: spec.accountId,
      region: spec.region,
      service: { name: spec.service },
      function: {
        name: spec.name,
        handler: spec.handler,
        memory: spec.memoryMb,
        timeout: spec.timeoutMs / 1000,
        version: spec.version,
        initializer: spec.initializer ?? null,
      },
    };
  }
}
