/**
 * How to start a generic runner of a runtime: the interpreter, its flags, the runner program,
 * and (in bwrap mode) the sandbox around them.
 */
import { join } from 'node:path';
import { packageRoot } from '../../shared/paths.js';
import type { FunctionRuntimeName } from '../invoker.js';
import type { RuntimeExecutable } from './executables.js';
import type { SandboxMode } from './options.js';
import { bwrapArgs, SANDBOX_CODE_DIR, SANDBOX_RUNNERS_DIR } from './sandbox-argv.js';

/** Runner programs are plain JS/Python read from the source tree (tsc does not compile them). */
export const RUNNERS_DIR = join(packageRoot, 'src/functions/runtime/runners');

const RUNNER_FILES: Record<FunctionRuntimeName, string> = {
  nodejs20: 'node-runner.mjs',
  python3: 'python_runner.py',
};

/** All a runtime needs besides the function's own variables. */
const BASE_ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', HOME: '/tmp' };

export interface RunnerLaunch {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  runAs: { uid: number; gid: number } | undefined;
  /** Own process group, so everything the runner spawns can be killed with it (unsandboxed). */
  detached: boolean;
  sandboxed: boolean;
}

export interface LaunchSettings {
  sandbox: SandboxMode;
  /** Where the runner programs are (the run folder's copy). */
  runnersDir: string;
  bwrap: string;
  passwdFile: string;
  groupFile: string;
  tmpSizeMb: number;
  maxMemoryMb: number;
  runAs: { uid: number; gid: number } | undefined;
}

export function runnerLaunch(
  runtime: FunctionRuntimeName,
  slotDir: string,
  executable: RuntimeExecutable,
  settings: LaunchSettings,
): RunnerLaunch {
  const env = runtimeEnv(runtime);
  const sandboxed = settings.sandbox === 'bwrap';
  const runnerFile = join(sandboxed ? SANDBOX_RUNNERS_DIR : settings.runnersDir, RUNNER_FILES[runtime]);
  const command = [
    executable.path,
    ...interpreterFlags(runtime, settings),
    runnerFile,
    sandboxed ? SANDBOX_CODE_DIR : slotDir,
  ];
  if (!sandboxed) {
    const [file = '', ...args] = command;
    return { file, args, env, cwd: slotDir, runAs: settings.runAs, detached: true, sandboxed };
  }
  const layout = {
    codeDir: slotDir,
    runnersDir: settings.runnersDir,
    passwdFile: settings.passwdFile,
    groupFile: settings.groupFile,
    extraReadOnly: executable.readOnlyPaths,
    tmpSizeMb: settings.tmpSizeMb,
    env,
  };
  return {
    file: settings.bwrap,
    args: bwrapArgs(layout, command),
    env: { PATH: BASE_ENV.PATH },
    cwd: '/',
    runAs: settings.runAs,
    detached: false,
    sandboxed,
  };
}

function runtimeEnv(runtime: FunctionRuntimeName): Record<string, string> {
  // glibc reserves 64 MiB of address space per thread arena; few arenas keep Python's
  // address-space backstop (RLIMIT_AS) meaningful.
  return runtime === 'python3' ? { ...BASE_ENV, MALLOC_ARENA_MAX: '2' } : { ...BASE_ENV };
}

function interpreterFlags(runtime: FunctionRuntimeName, settings: LaunchSettings): string[] {
  if (runtime === 'python3') return ['-I', '-B'];
  // V8's heap cap is only a backstop above every function's limit: a generic runner does not know
  // its function's memory yet, and the RSS watchdog enforces the limit itself.
  return [`--max-old-space-size=${settings.maxMemoryMb + 256}`];
}
