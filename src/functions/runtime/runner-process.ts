/**
 * One runner OS process (sandboxed or not) and its pipes: fd 3 carries frames to it, fd 4 frames
 * from it, stdout/stderr are drained as raw output. Resolves start() when the runner says READY.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { Clock, Timer } from '../../shared/clock.js';
import { runtimeErrors } from './errors.js';
import { FrameDecoder } from './frame-codec.js';
import { childPids, killHard, signalName } from './process-tree.js';
import { decodeRunnerMessage, encodePing, type RunnerMessage } from './protocol.js';
import type { RunnerLaunch } from './runner-launch.js';

export interface RunnerExit {
  code: number | null;
  signal: string | null;
  /** Set when the server ended the runner because it broke the protocol. */
  protocolError?: string | undefined;
  /** Set when the process could not be spawned at all (e.g. ENOENT). */
  spawnError?: string | undefined;
}

export interface RunnerEvents {
  onMessage(message: RunnerMessage): void;
  /** Raw stdout/stderr text (what bypassed the runner's capture). */
  onOutput(text: string): void;
  /** The process is gone and its pipes are drained. */
  onExit(exit: RunnerExit): void;
}

export interface RunnerProcessOptions {
  label: string;
  clock: Clock;
  startTimeoutMs: number;
  maxFrameBytes: number;
}

/** A 'close' should follow 'exit' at once; a grandchild holding a pipe must not delay it forever. */
const DRAIN_GRACE_MS = 200;
const START_OUTPUT_LIMIT = 4096;

const ignoreEvents: RunnerEvents = {
  onMessage: () => undefined,
  onOutput: () => undefined,
  onExit: () => undefined,
};

export class RunnerProcess {
  readonly exited: Promise<RunnerExit>;
  /** Resolves when the runner is ready for LOAD; rejects with a clear error, never hangs. */
  readonly ready: Promise<void>;
  private events: RunnerEvents = ignoreEvents;
  private readonly child: ChildProcess;
  private readonly toRunner: Writable;
  private finished: RunnerExit | undefined;
  private protocolError: string | undefined;
  private sandboxInitPid: number | undefined;
  private programPid: number | undefined;
  private markExited: (exit: RunnerExit) => void = () => undefined;

  private constructor(
    private readonly launch: RunnerLaunch,
    private readonly options: RunnerProcessOptions,
  ) {
    this.exited = new Promise((resolve) => {
      this.markExited = resolve;
    });
    this.ready = this.waitReady().then(() => this.findPids());
    this.ready.catch(() => undefined); // awaited by the launcher; this only keeps it "handled"
    this.child = spawn(launch.file, launch.args, {
      cwd: launch.cwd,
      env: launch.env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
      detached: launch.detached,
      ...(launch.runAs ?? {}),
    });
    this.toRunner = this.child.stdio[3] as Writable;
    // A write racing the runner's death fails with EPIPE; the exit is reported by 'close'.
    this.toRunner.on('error', () => undefined);
    this.readFrames(this.child.stdio[4] as Readable);
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (text: string) => this.events.onOutput(text));
    }
    this.watchExit();
  }

  /** Spawns a runner; await `ready` before sending it anything. */
  static spawn(launch: RunnerLaunch, options: RunnerProcessOptions): RunnerProcess {
    return new RunnerProcess(launch, options);
  }

  setEvents(events: RunnerEvents): void {
    this.events = events;
  }

  /** Host pid of the runner program itself (inside the sandbox it is a grandchild). */
  get pid(): number | undefined {
    return this.programPid;
  }

  get sandboxed(): boolean {
    return this.launch.sandboxed;
  }

  get alive(): boolean {
    return this.finished === undefined;
  }

  send(frame: Buffer): void {
    this.toRunner.write(frame);
  }

  /**
   * Kills the runner and everything it started. In a sandbox, killing its pid 1 makes the kernel
   * kill the whole pid namespace before bwrap exits, so 'exited' means nothing is left.
   */
  kill(): void {
    const pid = this.child.pid;
    if (pid === undefined || this.finished !== undefined) return;
    if (!this.launch.sandboxed) killHard(-pid);
    else killHard(this.sandboxInitPid ?? childPids(pid)[0] ?? pid);
  }

  private waitReady(): Promise<void> {
    let output = '';
    const fail = (detail: string): Error =>
      runtimeErrors.FunctionRuntimeUnavailable(`cannot start the ${this.options.label} runner: ${detail}`, {
        details: { command: this.launch.file },
      });
    return new Promise((resolve, reject) => {
      const timer: Timer = this.options.clock.setTimer(this.options.startTimeoutMs, () => {
        reject(fail(`it did not start within ${this.options.startTimeoutMs} ms ${output}`.trim()));
        this.kill();
      });
      this.events = {
        // Frames before READY are the runner's own warm-up. After READY, one PING round trip
        // warms the frame paths of both ends before a first call depends on them.
        onMessage: (message) => {
          if (message.kind === 'ready') this.send(encodePing());
          if (message.kind !== 'pong') return;
          timer.cancel();
          this.events = ignoreEvents;
          resolve();
        },
        onOutput: (text) => {
          output = (output + text).slice(0, START_OUTPUT_LIMIT);
        },
        onExit: (exit) => {
          timer.cancel();
          reject(fail(`${output.trim() || 'no output'} (${describeExit(exit, this.launch.sandboxed)})`));
        },
      };
    });
  }

  private findPids(): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    if (!this.launch.sandboxed) {
      this.programPid = pid;
      return;
    }
    // bwrap (our child) → bwrap as the sandbox's pid 1 → the runner program.
    this.sandboxInitPid = childPids(pid)[0];
    this.programPid = this.sandboxInitPid === undefined ? undefined : childPids(this.sandboxInitPid)[0];
  }

  private readFrames(fromRunner: Readable): void {
    const decoder = new FrameDecoder(this.options.maxFrameBytes);
    fromRunner.on('data', (chunk: Buffer) => {
      if (this.protocolError !== undefined) return;
      try {
        for (const frame of decoder.push(chunk)) this.events.onMessage(decodeRunnerMessage(frame));
      } catch (err) {
        if (!(err instanceof Error) || !['FrameError', 'ProtocolError'].includes(err.name)) throw err;
        this.protocolError = err.message;
        this.kill();
      }
    });
  }

  private watchExit(): void {
    let grace: Timer | undefined;
    const finish = (code: number | null, signal: string | null, spawnError?: string): void => {
      if (this.finished !== undefined) return;
      grace?.cancel();
      this.finished = { code, signal, protocolError: this.protocolError, spawnError };
      this.events.onExit(this.finished);
      this.markExited(this.finished);
    };
    this.child.on('error', (err) => finish(null, null, err.message));
    this.child.on('exit', (code, signal) => {
      grace = this.options.clock.setTimer(DRAIN_GRACE_MS, () => finish(code, signal));
    });
    this.child.on('close', (code, signal) => finish(code, signal));
  }
}

/** "exit code 1", "signal SIGSEGV" — bwrap reports a signal as exit code 128 + signal. */
export function describeExit(exit: RunnerExit, sandboxed: boolean): string {
  if (exit.spawnError !== undefined) return exit.spawnError;
  if (exit.protocolError !== undefined) return `it broke the runner protocol: ${exit.protocolError}`;
  if (exit.signal !== null) return `killed by signal ${exit.signal}`;
  if (exit.code === null) return 'it could not be started';
  const signal = sandboxed && exit.code > 128 ? signalName(exit.code - 128) : undefined;
  return signal === undefined ? `exit code ${exit.code}` : `killed by signal ${signal}`;
}
