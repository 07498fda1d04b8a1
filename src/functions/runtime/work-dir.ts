/**
 * This invoker's folder: code slots, a copy of the runner programs, and the sandbox's
 * /etc/passwd and /etc/group. Runners run as another user (nobody) and bubblewrap opens the
 * folders it binds as that user, so the folder must be reachable by it: when workDir is not
 * (e.g. under a 0700 parent), a folder under the system's temporary folder is used instead.
 */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { chmod, cp, lstat, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RuntimeLogger } from './logger.js';

export interface WorkLayout {
  runDir: string;
  /** Copy of the runner programs, taken at start so they are reachable and cannot change mid-run. */
  runnersDir: string;
  passwdFile: string;
  groupFile: string;
}

export interface SandboxUser {
  uid: number;
  gid: number;
}

const TRAVERSE = 0o001;

export async function prepareWorkDir(
  workDir: string,
  runnersSource: string,
  user: SandboxUser,
  logger: RuntimeLogger,
): Promise<WorkLayout> {
  await mkdir(workDir, { recursive: true });
  const mode = (await lstat(workDir)).mode & 0o7777;
  if ((mode & TRAVERSE) === 0) await chmod(workDir, mode | TRAVERSE); // traverse, not list
  const runDir = await makeRunDir(workDir, user, logger);
  const runnersDir = join(runDir, 'runtime');
  await cp(runnersSource, runnersDir, { recursive: true });
  const passwdFile = join(runDir, 'passwd');
  const groupFile = join(runDir, 'group');
  await writeFile(passwdFile, `sandbox:x:${user.uid}:${user.gid}:function:/tmp:/usr/sbin/nologin\n`, {
    mode: 0o644,
  });
  await writeFile(groupFile, `sandbox:x:${user.gid}:\n`, { mode: 0o644 });
  return { runDir, runnersDir, passwdFile, groupFile };
}

/** The run folder under workDir, or (when unreachable) under the temporary folder; mode 0711. */
async function makeRunDir(workDir: string, user: SandboxUser, logger: RuntimeLogger): Promise<string> {
  const name = `run-${process.pid}-`;
  if (reachableBy(workDir, user)) {
    const runDir = join(workDir, name + randomUUID().slice(0, 8));
    await mkdir(runDir, { mode: 0o711 });
    return runDir;
  }
  const runDir = await mkdtemp(join(tmpdir(), `hotline-functions-${name}`));
  await chmod(runDir, 0o711);
  logger.warn(
    { workDir, using: runDir, uid: user.uid },
    'function work folder is not reachable by the sandbox user',
  );
  return runDir;
}

/** Whether user can traverse every folder from / down to path (plain mode bits; no ACLs). */
function reachableBy(path: string, user: SandboxUser): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    const { mode, uid, gid } = statSync(dir);
    const bits = uid === user.uid ? mode >> 6 : gid === user.gid ? mode >> 3 : mode;
    if ((bits & TRAVERSE) === 0) return false;
    if (dir === dirname(dir)) return true;
  }
}
