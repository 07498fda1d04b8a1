/**
 * What the sandboxed invoker can be told, read in one place and completed with defaults.
 */
import { type Clock, systemClock } from '../../shared/clock.js';
import type { FunctionRuntimeName } from '../invoker.js';
import { type RuntimeLogger, silentLogger } from './logger.js';

/** 'bwrap' isolates each instance with bubblewrap; 'unsandboxed' is an operator's explicit opt-in. */
export type SandboxMode = 'bwrap' | 'unsandboxed';

export interface SandboxInvokerOptions {
  mode: SandboxMode;
  /** Folder for this invoker's per-instance code slots; created if missing. */
  workDir: string;
  /** Generic runners kept started per runtime, waiting for a function (default 2; or one count per runtime). */
  prestartedPerRuntime?: number | Partial<Record<FunctionRuntimeName, number>>;
  /** Instances one function version may have at once (default 16). */
  maxInstancesPerFunction?: number;
  /** Instances across all functions (default 64); an idle one of another function is evicted to make room. */
  maxInstances?: number;
  /** Invocations of one function version waiting for an instance before new ones are refused (default 256). */
  maxQueuedPerFunction?: number;
  /** An instance idle this long is stopped (default 5 minutes). */
  idleTimeoutMs?: number;
  /** Log kept per invocation (default 1 MiB); the rest is dropped and logTruncated set. */
  logLimitBytes?: number;
  /** Largest event or result (default 6 MiB). */
  maxPayloadBytes?: number;
  /** Largest memoryMb a function may ask for (default 3072); sizes the runtimes' own backstops. */
  maxMemoryMb?: number;
  /** Time a runner process has to start (default 10 s). */
  startTimeoutMs?: number;
  /** How often a busy instance's resident memory is checked (default 5 ms; idle ones 50 times less). */
  memoryPollMs?: number;
  /** Size of each instance's private /tmp (default 512 MiB). */
  tmpSizeMb?: number;
  /** Executables; defaults: /usr/bin/bwrap, /usr/bin/node, the system's real python3. */
  executables?: { bwrap?: string; node?: string; python?: string };
  /** Host user the runners run as; defaults to nobody (65534) when the server runs as root. */
  runAs?: { uid: number; gid: number };
  logger?: RuntimeLogger;
  clock?: Clock;
}

export interface ResolvedOptions {
  mode: SandboxMode;
  workDir: string;
  prestart: Record<FunctionRuntimeName, number>;
  maxInstancesPerFunction: number;
  maxInstances: number;
  maxQueuedPerFunction: number;
  idleTimeoutMs: number;
  logLimitBytes: number;
  maxPayloadBytes: number;
  maxMemoryMb: number;
  startTimeoutMs: number;
  memoryPollMs: number;
  tmpSizeMb: number;
  executables: { bwrap: string; node: string; python: string | undefined };
  runAs: { uid: number; gid: number } | undefined;
  logger: RuntimeLogger;
  clock: Clock;
}

const NOBODY = 65534;
const DEFAULT_PRESTART = 2;

export function resolveOptions(options: SandboxInvokerOptions): ResolvedOptions {
  const prestart = options.prestartedPerRuntime ?? DEFAULT_PRESTART;
  const perRuntime = typeof prestart === 'number' ? { nodejs20: prestart, python3: prestart } : prestart;
  return {
    mode: options.mode,
    workDir: options.workDir,
    prestart: {
      nodejs20: perRuntime.nodejs20 ?? DEFAULT_PRESTART,
      python3: perRuntime.python3 ?? DEFAULT_PRESTART,
    },
    maxInstancesPerFunction: options.maxInstancesPerFunction ?? 16,
    maxInstances: options.maxInstances ?? 64,
    maxQueuedPerFunction: options.maxQueuedPerFunction ?? 256,
    idleTimeoutMs: options.idleTimeoutMs ?? 5 * 60_000,
    logLimitBytes: options.logLimitBytes ?? 1024 * 1024,
    maxPayloadBytes: options.maxPayloadBytes ?? 6 * 1024 * 1024,
    maxMemoryMb: options.maxMemoryMb ?? 3072,
    startTimeoutMs: options.startTimeoutMs ?? 10_000,
    memoryPollMs: options.memoryPollMs ?? 5,
    tmpSizeMb: options.tmpSizeMb ?? 512,
    executables: {
      bwrap: options.executables?.bwrap ?? '/usr/bin/bwrap',
      node: options.executables?.node ?? '/usr/bin/node',
      python: options.executables?.python,
    },
    runAs: options.runAs ?? (process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : undefined),
    logger: options.logger ?? silentLogger,
    clock: options.clock ?? systemClock,
  };
}
