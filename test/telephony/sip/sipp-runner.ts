/**
 * Running sipp (Debian package sip-tester) from tests and benchmarks: on loopback only, always
 * under `timeout -k`, with scenarios from test/telephony/sip/scenarios (found from the package
 * root, so that compiled tests in dist/ find them too).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { packageRoot } from '../../../src/shared/paths.js';

export const hasSipp = spawnSync('sipp', ['-v']).error === undefined;

export const SCENARIOS = join(packageRoot, 'test', 'telephony', 'sip', 'scenarios');

export interface SippRun {
  /** sipp's exit code: 0 all calls succeeded, 1 some failed, 99 none made; null if killed. */
  readonly exit: Promise<number | null>;
  readonly pid: number | undefined;
  kill(): void;
}

/** Starts sipp with `args` in `cwd`, bounded by `seconds` (then SIGTERM, SIGKILL 3 s later). */
export function sipp(args: readonly string[], cwd: string, seconds = 30): SippRun {
  const child = spawn(
    'timeout',
    [
      '-k',
      '3',
      String(seconds),
      'sipp',
      ...args,
      '-nostdin',
      '-timeout',
      `${seconds - 2}s`,
      '-timeout_error',
    ],
    { cwd, stdio: 'ignore' },
  );
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    exit,
    pid: child.pid,
    kill: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}

/** A port free on 127.0.0.1 for both UDP and TCP right now (sipp binds both with -t t1). */
export async function freePort(): Promise<number> {
  for (;;) {
    const udp = createSocket('udp4');
    const port = await new Promise<number>((resolve) =>
      udp.bind(0, '127.0.0.1', () => resolve(udp.address().port)),
    );
    const tcp = createServer();
    const ok = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (ok) {
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
      return port;
    }
  }
}
