/**
 * The benchmarks' end of rtp-sink.ts: forks the receiver process and drives it over IPC.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { SinkMessage, SinkRequest } from './rtp-sink.js';

type SinkReport = Extract<SinkMessage, { type: 'report' }>;

/** The receiver child process. */
export class RtpSink {
  private constructor(
    private readonly child: ChildProcess,
    readonly ports: number[],
  ) {}

  static start(): Promise<RtpSink> {
    const script = fileURLToPath(import.meta.url).replace(/rtp-sink-client\.(ts|js)$/, 'rtp-sink.$1');
    const execArgv = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const child = fork(script, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    // In production the receivers are the callers' phones, not on this machine: let the sender go first.
    if (child.pid !== undefined) setPriority(child.pid, 10);
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('message', (m: SinkMessage) => {
        if (m.type === 'ready') resolve(new RtpSink(child, m.ports));
      });
    });
  }

  send(m: SinkRequest): void {
    this.child.send(m);
  }

  /** What it received since the last reset, once the packets still on their way have landed. */
  async report(): Promise<SinkReport> {
    await new Promise((r) => setTimeout(r, 300));
    return new Promise((resolve) => {
      const on = (m: SinkMessage) => {
        if (m.type !== 'report') return;
        this.child.off('message', on);
        resolve(m);
      };
      this.child.on('message', on);
      this.send({ type: 'report' });
    });
  }

  stop(): void {
    this.send({ type: 'exit' });
  }
}
