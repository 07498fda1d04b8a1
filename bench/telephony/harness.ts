/**
 * What the end-to-end telephony benchmarks share: a Hotline started in this process on a temporary
 * folder (SIP on UDP, port 0), its HTTP API with the root key, sipp runs with their statistics,
 * CPU time and response times, and the agent phones' child process (agent-phones.ts).
 */
import { type ChildProcess, execFile, fork } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { type Hotline, startHotline } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import type { AgentPhonesMessage, AgentPhonesRequest } from './agent-phones.js';

export interface BenchHotline {
  hotline: Hotline;
  /** host:port of its SIP UDP socket. */
  sip: string;
  /** Sends a Buffer body as it is, with `contentType`; any other body as JSON. */
  api(method: string, path: string, body?: unknown, contentType?: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startBenchHotline(options: {
  rtpPorts: [number, number];
  maxConcurrentCalls?: number;
  udpThread?: 'worker' | 'main';
}): Promise<BenchHotline> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-bench-'));
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      http: { port: 0 },
      log: { level: 'warn' },
      sip: {
        listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }],
        maxConcurrentCalls: options.maxConcurrentCalls ?? 5000,
        udpThread: options.udpThread ?? 'worker',
      },
      media: { rtpPortMin: options.rtpPorts[0], rtpPortMax: options.rtpPorts[1] },
    },
  });
  const hotline = await startHotline(config, { logger: pino({ level: 'warn' }) });
  const key = hotline.rootKey!.token;
  return {
    hotline,
    sip: `127.0.0.1:${hotline.sip.find((a) => a.protocol === 'udp')!.port}`,
    async api(method, path, body, contentType = 'application/json') {
      const res = await fetch(hotline.url + path, {
        method,
        headers:
          body === undefined
            ? { authorization: `Bearer ${key}` }
            : { authorization: `Bearer ${key}`, 'content-type': contentType },
        ...(body === undefined ? {} : { body: Buffer.isBuffer(body) ? body : JSON.stringify(body) }),
      });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? {} : (res.json() as Promise<Record<string, unknown>>);
    },
    async close() {
      await hotline.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SippRun {
  code: number;
  /** The last line of sipp's -trace_stat file, by column name. */
  stats: Record<string, string>;
  /** Every line of it (one every -fd seconds). */
  series: Record<string, string>[];
  /** Seconds from its start to its exit. */
  wallSeconds: number;
  /** sipp's user + system CPU seconds, sampled every 200 ms (its last moments are not counted). */
  cpuSeconds: number;
  /** With -trace_rtt among the arguments: the response times in ms, by RTD number. */
  rtds: Map<string, number[]>;
}

let sippRuns = 0;

/** Runs sipp in `cwd` under a hard timeout, with statistics every second in a file of its own. */
export function sipp(
  args: string[],
  cwd: string,
  timeoutSeconds: number,
): Promise<SippRun> & { stop(): void } {
  let child: ChildProcess | undefined;
  const statsFile = `stats-${++sippRuns}.csv`;
  const started = performance.now();
  // sipp runs as the child of `timeout`: its pid, found in /proc, gives its CPU time and names its
  // RTD file.
  let sippPid: number | undefined;
  let cpuSeconds = 0;
  const poll = setInterval(() => {
    sippPid ??= firstChild(child?.pid);
    cpuSeconds = cpuOf(sippPid) ?? cpuSeconds;
  }, 200);
  const run = new Promise<SippRun>((resolve) => {
    child = execFile(
      'timeout',
      [
        '-k',
        '5',
        String(timeoutSeconds),
        'sipp',
        ...args,
        '-nostdin',
        '-trace_stat',
        '-stf',
        statsFile,
        '-fd',
        '1',
      ],
      { cwd, maxBuffer: 64 << 20 },
      (err) => {
        clearInterval(poll);
        const series = readStats(join(cwd, statsFile));
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
          stats: series.at(-1) ?? {},
          series,
          wallSeconds: (performance.now() - started) / 1000,
          cpuSeconds,
          rtds: sippPid === undefined ? new Map() : readRtds(cwd, `_${sippPid}_rtt.csv`),
        });
      },
    );
  });
  return Object.assign(run, { stop: () => child?.kill('SIGTERM') });
}

function readStats(file: string): Record<string, string>[] {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const head = lines[0]!.split(';');
    return lines.slice(1).map((line) => {
      const cells = line.split(';');
      return Object.fromEntries(head.map((h, i) => [h, cells[i] ?? '']));
    });
  } catch {
    return []; // sipp wrote no statistics
  }
}

/**
 * Per-call response times (ms) by RTD, from the -trace_rtt files in `cwd` whose names end with
 * `suffix` (`<scenario>_<pid>_rtt.csv`: Date_ms;response_time_ms;rtd_no).
 */
export function readRtds(cwd: string, suffix = '_rtt.csv'): Map<string, number[]> {
  const byRtd = new Map<string, number[]>();
  for (const file of readdirSync(cwd).filter((f) => f.endsWith(suffix))) {
    for (const line of readFileSync(join(cwd, file), 'utf8').split('\n').slice(1)) {
      const [, ms, rtd] = line.split(';');
      if (rtd === undefined || ms === undefined) continue;
      const list = byRtd.get(rtd.trim()) ?? [];
      list.push(Number(ms));
      byRtd.set(rtd.trim(), list);
    }
  }
  return byRtd;
}

function firstChild(pid: number | undefined): number | undefined {
  try {
    const [first] = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ');
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds of a live process, from /proc. */
function cpuOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Calls per second while sipp's load was steady: over its statistics periods after the first two
 * and after the first in which a call completed (calls take time to end), up to the last that
 * ended before sipp started its last call (`calls`, its -m). `completed` counts the successful
 * calls, `offered` the calls sipp started; undefined when no period qualifies.
 */
export function steadyRates(run: SippRun, calls: number): { completed: number; offered: number } | undefined {
  // The first line is sipp's snapshot at its start; each next one covers the period since the last.
  const firstCompleted = run.series.findIndex((row) => Number(row['SuccessfulCall(P)']) > 0);
  const skipped = Math.max(2, firstCompleted);
  const window = run.series.filter((row, i) => i > skipped && Number(row['OutgoingCall(C)']) < calls);
  const first = window[0];
  const last = window.at(-1);
  if (!first || !last) return undefined;
  // Times are "date<TAB>time<TAB>seconds since the epoch".
  const epoch = (time: string | undefined) => Number(time?.split('\t')[2]);
  const seconds = epoch(last['CurrentTime']) - epoch(first['LastResetTime']);
  const sum = (column: string) => window.reduce((n, row) => n + Number(row[column]), 0);
  return {
    completed: sum('SuccessfulCall(P)') / seconds,
    offered: sum('OutgoingCall(P)') / seconds,
  };
}

/** The agent phones' child process. */
export class AgentPhones {
  private constructor(
    private readonly child: ChildProcess,
    readonly sipPort: number,
    readonly mediaPort: number,
  ) {}

  static async start(): Promise<AgentPhones> {
    const self = fileURLToPath(import.meta.url);
    const script = self.replace(/harness\.(ts|js)$/, 'agent-phones.$1');
    const execArgv = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const child = fork(script, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = await new Promise<Extract<AgentPhonesMessage, { type: 'ready' }>>((resolve, reject) => {
      child.once('error', reject);
      child.on('message', (m: AgentPhonesMessage) => {
        if (m.type === 'ready') resolve(m);
      });
    });
    return new AgentPhones(child, ready.sipPort, ready.mediaPort);
  }

  send(m: AgentPhonesRequest): void {
    this.child.send(m);
  }

  on(listener: (m: AgentPhonesMessage) => void): () => void {
    this.child.on('message', listener);
    return () => this.child.off('message', listener);
  }

  /** Registers every agent; resolves with those that failed. */
  register(registrar: string, agents: { user: string; password: string }[]): Promise<string[]> {
    return new Promise((resolve) => {
      const off = this.on((m) => {
        if (m.type !== 'registered') return;
        off();
        resolve(m.failed);
      });
      this.send({ type: 'register', registrar, agents });
    });
  }

  stop(): void {
    this.send({ type: 'exit' });
  }
}

/** Milliseconds on CLOCK_MONOTONIC, comparable with the phones' times. */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

/** p50/p99/max of a list of milliseconds, and the share within `limit`. */
export function summarize(values: number[], limit = 100): string {
  if (values.length === 0) return 'n     0';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  const ms = (v: number) => `${v.toFixed(1).padStart(7)} ms`;
  const within = sorted.filter((v) => v <= limit).length / sorted.length;
  return (
    `n ${String(sorted.length).padStart(5)}  p50 ${ms(at(50))}  p99 ${ms(at(99))}  max ${ms(sorted.at(-1)!)}` +
    `  ≤${limit} ms ${(within * 100).toFixed(1)}%`
  );
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
