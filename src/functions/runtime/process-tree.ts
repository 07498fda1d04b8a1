/** Small helpers over /proc and kill(2) for the processes a sandbox is made of. */
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';

/** Children of a (single-threaded) process, as the kernel lists them. */
export function childPids(pid: number): number[] {
  try {
    const listed = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return listed === '' ? [] : listed.split(' ').map(Number);
  } catch (err) {
    if (isNoSuchEntry(err)) return []; // the process is gone
    throw err;
  }
}

/** SIGKILL that tolerates the process being gone already. */
export function killHard(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** Name of a signal number, e.g. 11 → SIGSEGV. */
export function signalName(signal: number): string | undefined {
  return Object.entries(constants.signals).find(([, value]) => value === signal)?.[0];
}

function isNoSuchEntry(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ESRCH';
}
