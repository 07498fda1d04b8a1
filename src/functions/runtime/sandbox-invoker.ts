/**
 * The FunctionInvoker that runs user functions in sandboxed runner processes: it prepares the
 * work folder and interpreters, keeps pre-started runners, and hands invocations to the scheduler.
 * Every runner ever spawned is tracked until it exits, so close() leaves no process behind.
 */
import { rm } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { commonErrors } from '../../shared/errors.js';
import type {
  FunctionInvoker,
  FunctionRuntimeName,
  InvocationRequest,
  InvocationResult,
} from '../invoker.js';
import { CodeSlots } from './code-slots.js';
import { invokerClosedError, runtimeErrors } from './errors.js';
import { type RuntimeExecutable, resolveNode, resolvePython } from './executables.js';
import { FunctionInstance } from './function-instance.js';
import { InstanceScheduler } from './instance-scheduler.js';
import { MemoryWatchdog } from './memory-watchdog.js';
import { type ResolvedOptions, resolveOptions, type SandboxInvokerOptions } from './options.js';
import { type PreparedRunner, PrestartPool } from './prestart-pool.js';
import { RUNNERS_DIR, runnerLaunch } from './runner-launch.js';
import { RunnerProcess } from './runner-process.js';
import { prepareWorkDir, type WorkLayout } from './work-dir.js';

export interface SandboxInvoker extends FunctionInvoker {
  /** Resolves once the work folder is ready and the pre-started runners are up (or failed). */
  ready(): Promise<void>;
}

const RUNTIMES: readonly FunctionRuntimeName[] = ['nodejs20', 'python3'];
/** Room in a frame for the headers and one log window around the largest payload. */
const FRAME_HEADROOM_BYTES = 1024 * 1024;

export function createSandboxInvoker(options: SandboxInvokerOptions): SandboxInvoker {
  const settings = resolveOptions(options);
  const { clock, logger } = settings;
  const runners = new Set<RunnerProcess>();
  const launching = new Set<Promise<PreparedRunner>>();
  const watchdog = new MemoryWatchdog(clock, settings.memoryPollMs);
  const executables = resolveExecutables(settings);
  const sandboxUser = settings.runAs ?? { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  const setup = prepareWorkDir(settings.workDir, RUNNERS_DIR, sandboxUser, logger).then((layout) => ({
    layout,
    slots: new CodeSlots(layout.runDir),
  }));
  setup.catch((err: unknown) => logger.error({ err }, 'cannot prepare the function work folder'));
  let closing: Promise<void> | undefined;

  async function spawnRunner(runtime: FunctionRuntimeName): Promise<PreparedRunner> {
    const { layout, slots } = await setup;
    const executable = await executables[runtime];
    const slot = await slots.create();
    if (closing !== undefined) throw invokerClosedError();
    const runner = RunnerProcess.spawn(
      runnerLaunch(runtime, slot, executable, launchSettings(settings, layout)),
      {
        label: runtime,
        clock,
        startTimeoutMs: settings.startTimeoutMs,
        maxFrameBytes: settings.maxPayloadBytes + settings.logLimitBytes + FRAME_HEADROOM_BYTES,
      },
    );
    runners.add(runner);
    void runner.exited.then(() => runners.delete(runner));
    try {
      await runner.ready;
    } catch (err) {
      await slots.remove(slot);
      throw err;
    }
    return { runner, slot };
  }

  function launchRunner(runtime: FunctionRuntimeName): Promise<PreparedRunner> {
    const launch = spawnRunner(runtime);
    launching.add(launch);
    const done = (): void => {
      launching.delete(launch);
    };
    launch.then(done, done);
    return launch;
  }

  const prestart = new PrestartPool({
    target: settings.prestart,
    launch: launchRunner,
    discard: ({ slot }) => void setup.then(({ slots }) => slots.remove(slot)).catch(() => undefined),
    logger,
  });
  const prestarted = setup.then(() => prestart.fillAll());

  const scheduler: InstanceScheduler = new InstanceScheduler({
    clock,
    maxInstancesPerFunction: settings.maxInstancesPerFunction,
    maxInstances: settings.maxInstances,
    maxQueuedPerFunction: settings.maxQueuedPerFunction,
    idleTimeoutMs: settings.idleTimeoutMs,
    async startInstance(spec, key, requestId) {
      const prepared = prestart.take(spec.runtime) ?? (await launchRunner(spec.runtime));
      const { slots } = await setup;
      const instance = new FunctionInstance(key, spec, prepared.runner, prepared.slot, {
        clock,
        watchdog,
        slots,
        logger,
        logLimitBytes: settings.logLimitBytes,
        maxPayloadBytes: settings.maxPayloadBytes,
        onGone: (gone) => scheduler.forget(gone),
      });
      const failure = await instance.load(requestId);
      return failure === undefined ? { instance } : { failure };
    },
  });

  async function invoke(request: InvocationRequest): Promise<InvocationResult> {
    validate(request, settings);
    const { signal } = request;
    const { runtime } = request.spec;
    const lease = await scheduler.acquire(request.spec, request.requestId, signal);
    if ('failure' in lease) {
      prestart.refill(runtime);
      return { requestId: request.requestId, coldStart: true, ...lease.failure };
    }
    const { instance, coldStart } = lease;
    if (signal?.aborted) {
      scheduler.release(instance);
      throw signal.reason;
    }
    const running = instance.invoke(request.requestId, request.payload, coldStart);
    const release = (): void => {
      scheduler.release(instance);
      if (coldStart) prestart.refill(runtime); // off the cold path: see PrestartPool.take()
    };
    running.then(release, release);
    // An aborted caller stops waiting; the instance finishes its invocation and is reused.
    return signal === undefined ? running : abortable(running, signal);
  }

  async function close(): Promise<void> {
    const error = invokerClosedError();
    prestart.close();
    for (const instance of scheduler.close()) instance.kill(error);
    for (const runner of runners) runner.kill();
    await Promise.allSettled([...launching]);
    for (const runner of runners) runner.kill();
    await Promise.all([...runners].map((runner) => runner.exited));
    const layout = await setup.then(({ layout }) => layout).catch(() => undefined);
    if (layout !== undefined) await rm(layout.runDir, { recursive: true, force: true });
  }

  return {
    invoke,
    async evict(accountId, service, name) {
      scheduler.evict(accountId, service, name);
    },
    close() {
      closing ??= close();
      return closing;
    },
    async ready() {
      await prestarted;
      await prestart.settled();
    },
  };
}

function resolveExecutables(
  settings: ResolvedOptions,
): Record<FunctionRuntimeName, Promise<RuntimeExecutable>> {
  const unavailable = (runtime: FunctionRuntimeName) => (err: unknown) => {
    throw runtimeErrors.FunctionRuntimeUnavailable(
      `the ${runtime} runtime is not available: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  };
  const executables = {
    nodejs20: resolveNode(settings.executables.node).catch(unavailable('nodejs20')),
    python3: resolvePython(settings.executables.python).catch(unavailable('python3')),
  };
  for (const runtime of RUNTIMES) {
    executables[runtime].catch((err: unknown) =>
      settings.logger.warn({ err, runtime }, 'function runtime unavailable'),
    );
  }
  return executables;
}

function launchSettings(settings: ResolvedOptions, layout: WorkLayout) {
  return {
    sandbox: settings.mode,
    runnersDir: layout.runnersDir,
    bwrap: settings.executables.bwrap,
    passwdFile: layout.passwdFile,
    groupFile: layout.groupFile,
    tmpSizeMb: settings.tmpSizeMb,
    maxMemoryMb: settings.maxMemoryMb,
    runAs: settings.runAs,
  };
}

function validate({ spec, payload }: InvocationRequest, settings: ResolvedOptions): void {
  const problems = [
    RUNTIMES.includes(spec.runtime) ? undefined : `runtime ${String(spec.runtime)} is not supported`,
    spec.memoryMb >= 16 && spec.memoryMb <= settings.maxMemoryMb
      ? undefined
      : `memoryMb must be between 16 and ${settings.maxMemoryMb}`,
    spec.timeoutMs > 0 ? undefined : 'timeoutMs must be positive',
    isAbsolute(spec.codeDir) ? undefined : 'codeDir must be an absolute path',
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) {
    throw commonErrors.ValidationFailed(`invalid function spec: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  if (payload.length > settings.maxPayloadBytes) {
    throw commonErrors.PayloadTooLarge(
      `the event of ${payload.length} bytes is larger than ${settings.maxPayloadBytes} bytes`,
    );
  }
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
