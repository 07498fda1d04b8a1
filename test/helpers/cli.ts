import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/shared/paths.js';

const bin = join(packageRoot, 'bin/hotline.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `hotline` CLI; `input` is written to its standard input (a pipe). */
export function runCli(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the server printed to stdout until it was ready. */
  banner: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `hotline serve` as its own process and waits for the line that says where it listens. */
export function startServerProcess(args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'serve', ...args], {
      env: { ...process.env, HOTLINE_LOG_LEVEL: 'warn', HOTLINE_SIP_LISTEN: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      // The banner is complete once the key block (first start) or the OpenAPI line has arrived.
      if (
        m &&
        /OpenAPI document: .*\n/.test(out) &&
        (!out.includes('First start') || /\n {4}hl_\S+\n/.test(out))
      ) {
        child.stdout?.off('data', onData);
        resolve({
          child,
          url: m[1]!,
          banner: out,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            await exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.once('exit', (code) =>
      reject(new Error(`hotline serve exited (${code}) before it was ready:\n${out}\n${err}`)),
    );
  });
}
