/**
 * Finds the interpreters the runners run on, once per invoker. Python must be the system's real
 * binary: `python3` on PATH is often a pyenv shim that costs ~100 ms per start and lives in a
 * home folder the sandbox cannot see.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

export interface RuntimeExecutable {
  /** Real path of the interpreter. */
  path: string;
  /** Host folders it needs besides /usr, bound read-only at the same place in the sandbox. */
  readOnlyPaths: string[];
}

const run = promisify(execFile);
const DEBIAN_PYTHON = '/usr/bin/python3';

export async function resolveNode(configured: string): Promise<RuntimeExecutable> {
  const path = await realpath(existsSync(configured) ? configured : process.execPath);
  // A Node outside /usr (e.g. /opt/node/bin/node) needs its installation folder.
  return { path, readOnlyPaths: outsideUsr(dirname(dirname(path))) };
}

export async function resolvePython(configured: string | undefined): Promise<RuntimeExecutable> {
  const candidate = configured ?? (existsSync(DEBIAN_PYTHON) ? DEBIAN_PYTHON : 'python3');
  // Asking the interpreter itself sees through shims and symlinks, and names its prefix.
  const { stdout } = await run(candidate, [
    '-I',
    '-c',
    'import sys; print(sys.executable); print(sys.base_prefix)',
  ]);
  const [executable = '', prefix = ''] = stdout.trim().split('\n');
  if (executable === '') throw new Error(`${candidate} did not report its executable`);
  return { path: await realpath(executable), readOnlyPaths: outsideUsr(prefix) };
}

function outsideUsr(folder: string): string[] {
  return folder === '/usr' || folder.startsWith('/usr/') || folder === '' ? [] : [folder];
}
