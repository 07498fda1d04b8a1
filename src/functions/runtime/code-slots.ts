/**
 * The folders shown to runners at /code. A pre-started runner gets an empty slot; when it is
 * given a function, the slot is filled with hard links to the files of the version's codeDir
 * (copies across file systems, or when the sandbox user could not read the original).
 */
import { chmod, copyFile, link, lstat, mkdir, readdir, readlink, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';

const WORLD_READABLE = 0o004;

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
