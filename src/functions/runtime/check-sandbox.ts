/**
 * Tells whether bubblewrap can create the sandbox the runners use, by starting one (same
 * arguments, same user) around /usr/bin/true. The server prints the answer at start: without a
 * working sandbox, functions are refused unless the operator opts into unsandboxed mode.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeSlots } from './code-slots.js';
import { resolveOptions } from './options.js';
import { RUNNERS_DIR } from './runner-launch.js';
import { bwrapArgs } from './sandbox-argv.js';
import { prepareWorkDir } from './work-dir.js';

export interface SandboxCheck {
  available: boolean;
  /** Why not, when not available (bubblewrap's own message when it refused). */
  reason?: string | undefined;
}

const CHECK_TIMEOUT_MS = 10_000;

export async function checkSandbox(
  options: { bwrap?: string; runAs?: { uid: number; gid: number } } = {},
): Promise<SandboxCheck> {
  const { executables, runAs, logger } = resolveOptions({
    mode: 'bwrap',
    workDir: '',
    ...options,
    executables: { bwrap: options.bwrap },
  });
  const dir = await mkdtemp(join(tmpdir(), 'hotline-sandbox-check-'));
  try {
    const user = runAs ?? { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
    const layout = await prepareWorkDir(dir, RUNNERS_DIR, user, logger);
    const codeDir = await new CodeSlots(layout.runDir).create();
    const args = bwrapArgs(
      {
        ...layout,
        codeDir,
        extraReadOnly: [],
        tmpSizeMb: 1,
        env: { PATH: '/usr/bin:/bin' },
      },
      ['/usr/bin/true'],
    );
    const problem = await run(executables.bwrap, args, runAs);
    return problem === undefined
      ? { available: true }
      : { available: false, reason: `${executables.bwrap} cannot create a sandbox: ${problem}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs a command; resolves with what went wrong, or undefined when it exited 0. */
function run(
  file: string,
  args: string[],
  runAs: { uid: number; gid: number } | undefined,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: CHECK_TIMEOUT_MS, env: { PATH: '/usr/bin:/bin' }, ...(runAs ?? {}) },
      (err, _stdout, stderr) => {
        resolve(err === null ? undefined : stderr.trim() || err.message);
      },
    );
  });
}
