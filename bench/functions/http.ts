/**
 * The function service through the HTTP API, against a baseline measured in the same run on the
 * same server: a bare authenticated HTTP round trip (GET /v1/regions). For Node.js and Python:
 *   warm invoke   POST …/invocations with a small event, one at a time (p50/p99)
 *   first call    a new function's first invocation (pre-started runner)
 *   throughput    invocations per second with 32 requests in flight
 * Run: node --import tsx bench/functions/http.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startHotline } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';

const SEQUENTIAL = 1500;
const FIRST_CALLS = 20;
const THROUGHPUT = 4000;
const IN_FLIGHT = 32;
const EVENT = JSON.stringify({ phone: '13800138000' });

const code = {
  nodejs20: { 'index.js': 'exports.handler = (event) => event;' },
  python3: { 'index.py': 'def handler(event, context):\n    return event\n' },
} as const;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function timeEach(n: number, fn: () => Promise<void>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function throughput(n: number, inFlight: number, fn: () => Promise<void>): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < n) await fn();
    }),
  );
  return n / ((performance.now() - t) / 1000);
}

const dataDir = mkdtempSync(join(tmpdir(), 'hotline-bench-'));
const config = loadConfig({
  env: {},
  overrides: { dataDir, http: { port: 0 }, functions: { prestartedRunners: 4 } },
});
const hotline = await startHotline(config, { logger: pino({ level: 'warn' }) });
const key = hotline.rootKey!.token;
const headers = { authorization: `Bearer ${key}` };
const call = async (method: string, path: string, body?: string) => {
  const res = await fetch(hotline.url + path, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text;
};

try {
  await call('POST', '/v1/regions/cn-hangzhou/services', JSON.stringify({ name: 'bench' }));
  const rows: string[][] = [];
  const baseline = await timeEach(SEQUENTIAL, async () => {
    await call('GET', '/v1/regions');
  });
  const baselineRate = await throughput(THROUGHPUT, IN_FLIGHT, async () => {
    await call('GET', '/v1/regions');
  });
  rows.push([
    'baseline: GET /v1/regions',
    baseline.p50.toFixed(3),
    baseline.p99.toFixed(3),
    baselineRate.toFixed(0),
    '1.00',
  ]);

  for (const runtime of ['nodejs20', 'python3'] as const) {
    const fn = `echo_${runtime.replace(/\d+/, '')}`;
    const path = `/v1/regions/cn-hangzhou/services/bench/functions/${fn}/invocations`;
    await call(
      'POST',
      '/v1/regions/cn-hangzhou/services/bench/functions',
      JSON.stringify({ name: fn, runtime, code: { files: code[runtime] } }),
    );
    await call('POST', path, EVENT);
    const warm = await timeEach(SEQUENTIAL, async () => {
      await call('POST', path, EVENT);
    });
    const rate = await throughput(THROUGHPUT, IN_FLIGHT, async () => {
      await call('POST', path, EVENT);
    });
    rows.push([
      `${runtime}: warm invoke`,
      warm.p50.toFixed(3),
      warm.p99.toFixed(3),
      rate.toFixed(0),
      (warm.p50 / baseline.p50).toFixed(2),
    ]);

    const firsts: number[] = [];
    for (let i = 0; i < FIRST_CALLS; i++) {
      const name = `first_${runtime.replace(/\d+/, '')}_${i}`;
      await call(
        'POST',
        '/v1/regions/cn-hangzhou/services/bench/functions',
        JSON.stringify({ name, runtime, code: { files: code[runtime] } }),
      );
      await (hotline.invoker as { ready?: () => Promise<void> }).ready?.();
      const t = performance.now();
      await call('POST', `/v1/regions/cn-hangzhou/services/bench/functions/${name}/invocations`, EVENT);
      firsts.push(performance.now() - t);
    }
    firsts.sort((a, b) => a - b);
    rows.push([
      `${runtime}: first call`,
      percentile(firsts, 50).toFixed(3),
      percentile(firsts, 99).toFixed(3),
      '-',
      (percentile(firsts, 50) / baseline.p50).toFixed(2),
    ]);
  }

  const head = ['case', 'p50 ms', 'p99 ms', 'calls/s (32 in flight)', 'p50 / baseline'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
} finally {
  await hotline.close();
  rmSync(dataDir, { recursive: true, force: true });
}
