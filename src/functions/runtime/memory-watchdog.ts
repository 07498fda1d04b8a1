/**
 * Enforces memory limits from the server: reads each instance's resident set size from
 * /proc/<pid>/statm (a ~1 µs read) every pollMs while it runs an invocation, and IDLE_FACTOR
 * times less often while it is idle, and reports an instance over its limit so it can be killed.
 *
 * Why not cgroups: a memory cgroup (v2 memory.max) would be exact, but where Hotline runs the
 * memory controller is often not delegated to it (here: cgroup v1, owned by the host). RSS is
 * what the hosted services count too; the runtimes' own caps (V8's heap size, RLIMIT_AS for
 * Python) are backstops for bursts faster than a poll.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type { Clock, Timer } from '../../shared/clock.js';

export interface MemoryWatch {
  /** Busy instances are sampled every poll, idle ones less often. */
  setBusy(busy: boolean): void;
  stop(): void;
  /** Highest resident memory seen, in MB. */
  readonly peakMb: number;
}

interface Watched {
  fd: number;
  limitPages: number;
  busy: boolean;
  peakPages: number;
  onExceeded(rssMb: number): void;
}

const IDLE_FACTOR = 50;
const MB = 1024 * 1024;

export class MemoryWatchdog {
  private readonly watched = new Set<Watched>();
  private readonly buffer = Buffer.alloc(128);
  private readonly pageBytes = pageSize();
  private timer: Timer | undefined;
  private ticks = 0;

  constructor(
    private readonly clock: Clock,
    private readonly pollMs: number,
  ) {}

  watch(pid: number, limitMb: number, onExceeded: (rssMb: number) => void): MemoryWatch {
    const entry: Watched = {
      fd: openSync(`/proc/${pid}/statm`, 'r'),
      limitPages: Math.floor((limitMb * MB) / this.pageBytes),
      busy: false,
      peakPages: 0,
      onExceeded,
    };
    this.watched.add(entry);
    this.schedule();
    const toMb = (pages: number): number => (pages * this.pageBytes) / MB;
    return {
      setBusy: (busy) => {
        entry.busy = busy;
      },
      stop: () => this.unwatch(entry),
      get peakMb() {
        return toMb(entry.peakPages);
      },
    };
  }

  private schedule(): void {
    if (this.timer !== undefined || this.watched.size === 0) return;
    this.timer = this.clock.setTimer(this.pollMs, () => {
      this.timer = undefined;
      this.sampleAll();
      this.schedule();
    });
  }

  private sampleAll(): void {
    const everyone = ++this.ticks % IDLE_FACTOR === 0;
    for (const entry of this.watched) {
      if (entry.busy || everyone) this.sample(entry);
    }
  }

  private sample(entry: Watched): void {
    const resident = this.readResidentPages(entry.fd);
    if (resident === undefined) {
      this.unwatch(entry); // the process is gone
      return;
    }
    entry.peakPages = Math.max(entry.peakPages, resident);
    if (resident > entry.limitPages) {
      this.unwatch(entry);
      entry.onExceeded((resident * this.pageBytes) / MB);
    }
  }

  /** statm is "size resident shared text lib data dt", in pages. */
  private readResidentPages(fd: number): number | undefined {
    try {
      const length = readSync(fd, this.buffer, 0, this.buffer.length, 0);
      const resident = Number(this.buffer.toString('latin1', 0, length).split(' ')[1]);
      return length > 0 && Number.isFinite(resident) ? resident : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
      throw err;
    }
  }

  private unwatch(entry: Watched): void {
    if (!this.watched.delete(entry)) return;
    closeSync(entry.fd);
    if (this.watched.size === 0) {
      this.timer?.cancel();
      this.timer = undefined;
    }
  }
}

/** Page size, from this process's own statm and status (Node has no sysconf). */
function pageSize(): number {
  const residentPages = Number(readFileSync('/proc/self/statm', 'latin1').split(' ')[1]);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'latin1'))?.[1]);
  const estimate = (rssKb * 1024) / residentPages;
  // The two reads are not atomic: snap to the nearest power of two.
  return 2 ** Math.round(Math.log2(estimate));
}
