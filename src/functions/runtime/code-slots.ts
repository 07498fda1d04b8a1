/**
 * The folders shown to runners at /code. A pre-started runner gets an empty slot; when it is
 * given a function, the slot is filled with hard links to the files of the version's codeDir
 * (copies across file systems, or when the sandbox user could not read the original).
 */
import { randomUUID } from 'node:crypto';
import { chmod, copyFile, link, lstat, mkdir, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface WorkLayout {
  runDir: string;
  passwdFile: string;
  groupFile: string;
}

const WORLD_READABLE = 0o004;
const WORLD_TRAVERSABLE = 0o001;

/**
 * Prepares this invoker's folder under workDir: slots and the sandbox's /etc/passwd and /etc/group.
 * Runners may run as another user (nobody), so the folders are made traversable, not listable.
 */
export async function prepareWorkDir(workDir: string, sandboxUid: number, sandboxGid: number): Promise<WorkLayout> {
  await mkdir(workDir, { recursive: true });
  const mode = (await lstat(workDir)).mode & 0o7777;
  if ((mode & WORLD_TRAVERSABLE) === 0) await chmod(workDir, mode | WORLD_TRAVERSABLE);
  const runDir = join(workDir, `run-${process.pid}-${randomUUID().slice(0, 8)}`);
  await mkdir(runDir, { mode: 0o711 });
  const passwdFile = join(runDir, 'passwd');
  const groupFile = join(runDir, 'group');
  await writeFile(passwdFile, `sandbox:x:${sandboxUid}:${sandboxGid}:function:/tmp:/usr/sbin/nologin\n`, { mode: 0o644 });
  await writeFile(groupFile, `sandbox:x:${sandboxGid}:\n`, { mode: 0o644 });
  return { runDir, passwdFile, groupFile };
}

export class CodeSlots {
  private created = 0;

  constructor(private readonly runDir: string) {}

  async create(): Promise<string> {
    const slot = join(this.runDir, `slot-${++this.created}`);
    await mkdir(slot, { mode: 0o755 });
    return slot;
  }

  /** Fills a slot with a copy of codeDir's tree; symlinks are recreated, never followed by the server. */
  async fill(slot: string, codeDir: string): Promise<void> {
    const entries = await readdir(codeDir, { withFileTypes: true });
    await Promise.all(
      entries.map(async (entry) => {
        const source = join(codeDir, entry.name);
        const target = join(slot, entry.name);
        if (entry.isDirectory()) {
          await mkdir(target, { mode: 0o755 });
          await this.fill(target, source);
        } else if (entry.isFile()) {
          await linkOrCopy(source, target);
        } else if (entry.isSymbolicLink()) {
          // Resolved inside the sandbox's own view of the file system.
          await symlink(await readlink(source), target);
        }
      }),
    );
  }

  async remove(slot: string): Promise<void> {
    await rm(slot, { recursive: true, force: true });
  }
}

async function linkOrCopy(source: string, target: string): Promise<void> {
  const { mode } = await lstat(source);
  if ((mode & WORLD_READABLE) === 0) {
    await copyFile(source, target);
    await chmod(target, (mode & 0o111) | 0o644);
    return;
  }
  try {
    await link(source, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw err;
    await copyFile(source, target);
  }
}
