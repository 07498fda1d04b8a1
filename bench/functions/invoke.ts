/**
 * What the sandboxed invoker costs, against a baseline measured in the same run: a bare round
 * trip over a pipe to an already-running child process of the same interpreter (the least any
 * out-of-process function call can cost). For Node.js and Python:
 *   warm        one invocation of a warm instance; overhead = latency − the handler's own time
 *   first call  a function version with no instance (served by a pre-started runner)
 *   throughput  invocations per second with 32 callers in flight on 8 instances, against
 *               round trips per second over 8 echo children
 * Run: node --import tsx bench/functions/invoke.ts
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { FunctionRuntimeName, FunctionSpec } from '../../src/functions/invoker.js';
import { createSandboxInvoker, type SandboxInvoker } from '../../src/functions/runtime/index.js';

const WARM_CALLS = 3000;
const FIRST_CALLS = 40;
const THROUGHPUT_CALLS = 6000;
const THROUGHPUT_CALLERS = 32;
const INSTANCES = 8;
const EVENT = Buffer.from(JSON.stringify({ caller: '+8613800000000', digits: '1234' }));

const FUNCTIONS: Record<FunctionRuntimeName, Record<string, string>> = {
  nodejs20: { 'index.js': 'exports.handler = (event) => event;' },
  python3: { 'index.py': 'def handler(event, context):\n    return event\n' },
};

/** Children that echo whatever arrives on fd 3 to fd 4: the baseline round trip. */
const ECHO_CHILDREN: Record<FunctionRuntimeName, [string, string[]]> = {
  nodejs20: [
    '/usr/bin/node',
    [
      '-e',
      "const fs = require('fs'); new (require('net').Socket)({ fd: 3 }).on('data', (chunk) => fs.writeSync(4, chunk));",
    ],
  ],
  python3: [
    '/usr/bin/python3',
    [
      '-c',
      'import os\nwhile True:\n    data = os.read(3, 65536)\n    if not data: break\n    os.write(4, data)',
    ],
  ],
};

interface Row {
  runtime: string;
  measure: string;
  p50: number;
  p99: number;
  unit: string;
  baseline?: number | undefined;
}

function percentile(samples: number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

/** A child echoing what arrives on fd 3 to fd 4, driven one frame at a time like an instance. */
class EchoChild {
  private readonly child: ChildProcess;
  private readonly toChild: Writable;
  // A frame of the size an invocation sends (header + event).
  private readonly frame = Buffer.alloc(9 + 60 + EVENT.length, 1);
  private received = 0;
  private wake: () => void = () => undefined;

  constructor(runtime: FunctionRuntimeName) {
    const [command, args] = ECHO_CHILDREN[runtime];
    this.child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'pipe', 'pipe'] });
    this.toChild = this.child.stdio[3] as Writable;
    (this.child.stdio[4] as Readable).on('data', (chunk: Buffer) => {
      this.received += chunk.length;
      if (this.received < this.frame.length) return;
      this.received -= this.frame.length;
      this.wake();
    });
  }

  roundTrip(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.toChild.write(this.frame);
    });
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

async function baselineRoundTrips(runtime: FunctionRuntimeName): Promise<number[]> {
  const child = new EchoChild(runtime);
  const samples: number[] = [];
  for (let i = 0; i < WARM_CALLS + 200; i++) {
    const started = performance.now();
    await child.roundTrip();
    if (i >= 200) samples.push(performance.now() - started);
  }
  child.kill();
  return samples;
}

/** Round trips per second over as many children as the invoker gets instances. */
async function baselineThroughput(runtime: FunctionRuntimeName): Promise<number> {
  const children = Array.from({ length: INSTANCES }, () => new EchoChild(runtime));
  await Promise.all(children.map((child) => child.roundTrip()));
  let next = 0;
  const drive = async (child: EchoChild) => {
    while (next++ < THROUGHPUT_CALLS) await child.roundTrip();
  };
  const started = performance.now();
  await Promise.all(children.map(drive));
  const perSecond = THROUGHPUT_CALLS / ((performance.now() - started) / 1000);
  for (const child of children) child.kill();
  return perSecond;
}

async function warmCalls(invoker: SandboxInvoker, spec: FunctionSpec) {
  const latency: number[] = [];
  const overhead: number[] = [];
  for (let i = 0; i < WARM_CALLS + 200; i++) {
    const started = performance.now();
    const result = await invoker.invoke({ spec, requestId: `warm-${i}`, payload: EVENT });
    const elapsed = performance.now() - started;
    if (result.error) throw new Error(`warm call failed: ${result.payload.toString()}`);
    if (i >= 200) {
      latency.push(elapsed);
      overhead.push(elapsed - result.durationMs);
    }
    // The first call took a pre-started runner; let its replacement finish starting.
    if (i === 0) await invoker.ready();
  }
  return { latency, overhead };
}

async function firstCalls(invoker: SandboxInvoker, spec: FunctionSpec): Promise<number[]> {
  const samples: number[] = [];
  for (let version = 1000; version < 1000 + FIRST_CALLS; version++) {
    await invoker.ready(); // the pre-started runners are back (refilled after each first call)
    const started = performance.now();
    const result = await invoker.invoke({
      spec: { ...spec, version },
      requestId: `first-${version}`,
      payload: EVENT,
    });
    samples.push(performance.now() - started);
    if (!result.coldStart || result.error) throw new Error('a first call was not a clean cold start');
  }
  return samples;
}

async function throughput(invoker: SandboxInvoker, spec: FunctionSpec): Promise<number> {
  const target = { ...spec, version: 2 };
  let next = 0;
  const caller = async () => {
    while (next < THROUGHPUT_CALLS) {
      const result = await invoker.invoke({ spec: target, requestId: `tp-${next++}`, payload: EVENT });
      if (result.error) throw new Error(`throughput call failed: ${result.payload.toString()}`);
    }
  };
  // Start the instances first, so the figure is about invocations, not process starts.
  await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      invoker.invoke({ spec: target, requestId: `tp-warm-${i}`, payload: EVENT }),
    ),
  );
  await invoker.ready();
  const started = performance.now();
  await Promise.all(Array.from({ length: THROUGHPUT_CALLERS }, caller));
  return THROUGHPUT_CALLS / ((performance.now() - started) / 1000);
}

function printTable(rows: Row[]): void {
  const header = ['runtime', 'measure', 'p50', 'p99', 'unit', 'baseline p50', 'p50 / baseline'];
  const lines = rows.map((row) => [
    row.runtime,
    row.measure,
    row.p50.toFixed(3),
    Number.isNaN(row.p99) ? '' : row.p99.toFixed(3),
    row.unit,
    row.baseline === undefined ? '' : row.baseline.toFixed(3),
    row.baseline === undefined ? '' : `${(row.p50 / row.baseline).toFixed(2)}×`,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'hotline-bench-'));
  const invoker = createSandboxInvoker({
    mode: 'bwrap',
    workDir: join(root, 'work'),
    prestartedPerRuntime: 2,
    maxInstancesPerFunction: INSTANCES,
  });
  const rows: Row[] = [];
  try {
    await invoker.ready();
    for (const runtime of ['nodejs20', 'python3'] as const) {
      const codeDir = join(root, runtime);
      await mkdir(codeDir);
      for (const [file, content] of Object.entries(FUNCTIONS[runtime]))
        await writeFile(join(codeDir, file), content);
      const spec: FunctionSpec = {
        accountId: 'bench',
        region: 'local',
        service: 'bench',
        name: `echo-${runtime}`,
        version: 1,
        runtime,
        handler: 'index.handler',
        memoryMb: 256,
        timeoutMs: 10_000,
        environment: {},
        codeDir,
      };
      const baseline = await baselineRoundTrips(runtime);
      const baselineP50 = percentile(baseline, 0.5);
      const baselineRate = await baselineThroughput(runtime);
      const warm = await warmCalls(invoker, spec);
      const first = await firstCalls(invoker, spec);
      const perSecond = await throughput(invoker, spec);
      rows.push(
        {
          runtime,
          measure: 'baseline: pipe round trip',
          p50: baselineP50,
          p99: percentile(baseline, 0.99),
          unit: 'ms',
        },
        {
          runtime,
          measure: 'warm invocation',
          p50: percentile(warm.latency, 0.5),
          p99: percentile(warm.latency, 0.99),
          unit: 'ms',
          baseline: baselineP50,
        },
        {
          runtime,
          measure: 'warm overhead (− handler)',
          p50: percentile(warm.overhead, 0.5),
          p99: percentile(warm.overhead, 0.99),
          unit: 'ms',
          baseline: baselineP50,
        },
        {
          runtime,
          measure: 'first call (pre-started)',
          p50: percentile(first, 0.5),
          p99: percentile(first, 0.99),
          unit: 'ms',
          baseline: baselineP50,
        },
        {
          runtime,
          measure: `throughput, ${THROUGHPUT_CALLERS} in flight`,
          p50: perSecond,
          p99: Number.NaN,
          unit: 'calls/s',
          baseline: baselineRate,
        },
      );
    }
  } finally {
    await invoker.close();
    await rm(root, { recursive: true, force: true });
  }
  printTable(rows);
  console.log(
    `\nthroughput baseline: round trips/s over ${INSTANCES} echo children (the invoker gets ${INSTANCES} instances).`,
  );
}

await main();
