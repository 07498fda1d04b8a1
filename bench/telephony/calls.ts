/**
 * Calls per second through a whole flow (answer, ~1 s prompt, a function, a condition, hang up)
 * with sipp as the caller, against a plain `sipp -sn uas` answering the same caller in the same
 * run (the baseline: what sipp and this machine do with no IVR at all). Prints calls/s with 0
 * failed calls, response times, and what was left behind (ports, timers, transactions).
 * Run: node --import tsx bench/telephony/calls.ts [rates, e.g. 50,100,200] [seconds per step]
 */
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startHotline } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { callUntilHotlineHangsUp } from '../../test/telephony/calls/scenarios.js';

const rates = (process.argv[2] ?? '50,100,200').split(',').map(Number);
const seconds = Number(process.argv[3] ?? 10);

function sipp(args: string[], cwd: string): Promise<{ code: number; stats: Record<string, string> }> {
  return new Promise((resolve) => {
    execFile(
      'timeout',
      [
        '-k',
        '5',
        String(seconds * 4 + 60),
        'sipp',
        ...args,
        '-nostdin',
        '-trace_stat',
        '-stf',
        'stats.csv',
        '-fd',
        '1',
      ],
      { cwd, maxBuffer: 64 << 20 },
      (err) => {
        let stats: Record<string, string> = {};
        try {
          const lines = readFileSync(join(cwd, 'stats.csv'), 'utf8').trim().split('\n');
          const head = lines[0]!.split(';');
          const last = lines[lines.length - 1]!.split(';');
          stats = Object.fromEntries(head.map((h, i) => [h, last[i] ?? '']));
        } catch {
          // sipp wrote no statistics
        }
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stats });
      },
    );
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'hotline-bench-calls-'));
const config = loadConfig({
  env: {},
  overrides: {
    dataDir,
    http: { port: 0 },
    log: { level: 'warn' },
    sip: { listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }], maxConcurrentCalls: 5000 },
    media: { rtpPortMin: 40000, rtpPortMax: 49999 },
  },
});
const hotline = await startHotline(config, { logger: pino({ level: 'warn' }) });
const key = hotline.rootKey!.token;
const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(hotline.url + path, {
    method,
    headers:
      body === undefined
        ? { authorization: `Bearer ${key}` }
        : { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
};
const sink = createSocket('udp4');
let rtpPackets = 0;
sink.on('message', () => rtpPackets++);
await new Promise<void>((r) => sink.bind(0, '127.0.0.1', r));
const work = mkdtempSync(join(tmpdir(), 'hotline-bench-sipp-'));

try {
  await api('POST', '/v1/regions/cn-hangzhou/services', { name: 'bench' });
  await api('POST', '/v1/regions/cn-hangzhou/services/bench/functions', {
    name: 'region',
    runtime: 'nodejs20',
    code: {
      files: {
        'index.js':
          "exports.handler = async (e) => JSON.parse(e).phone.startsWith('138') ? '北京北京' : '上海上海';",
      },
    },
  });
  await api('POST', '/v1/instances', { name: 'bench' });
  await api('PUT', '/v1/instances/bench/function-access');
  const entry = await api('POST', '/v1/instances/bench/integration/functions', {
    region: 'cn-hangzhou',
    service: 'bench',
    function: 'region',
  });
  await api('POST', '/v1/instances/bench/flows', {
    name: 'bench',
    definition: {
      name: 'bench',
      variables: [{ name: 'region' }],
      modules: [
        { id: 'start', type: 'start', exits: { next: 'hello' } },
        {
          id: 'hello',
          type: 'play',
          config: { prompt: { kind: 'tts', text: 'Welcome to Hotline.', language: 'en-US' } },
          exits: { next: 'fn' },
        },
        {
          id: 'fn',
          type: 'function',
          config: {
            function: { entryId: entry['id'] },
            parameters: [{ name: 'phone', value: '${ANI}' }],
            outputVariable: 'region',
            timeoutSec: 2,
          },
          exits: { success: 'route', failure: 'bye' },
        },
        {
          id: 'route',
          type: 'condition',
          config: {
            rules: [
              { name: 'bj', conditions: [{ variable: 'region', operator: 'contains', value: '北京' }] },
            ],
          },
          exits: { bj: 'bye', default: 'bye' },
        },
        { id: 'bye', type: 'hangup' },
      ],
    },
  });
  await api('POST', '/v1/instances/bench/flows/bench/publish', {});
  await api('POST', '/v1/instances/bench/numbers', { number: '4000000000', flow: 'bench' });
  const target = `127.0.0.1:${hotline.sip.find((a) => a.protocol === 'udp')!.port}`;
  writeFileSync(
    join(work, 'caller.xml'),
    callUntilHotlineHangsUp({ caller: '13800138000', called: '4000000000', mediaPort: sink.address().port }),
  );
  // Warm the prompt cache and the function.
  await sipp(['-sf', 'caller.xml', target, '-m', '2', '-r', '1', '-i', '127.0.0.1', '-p', '0'], work);

  const rows: string[][] = [];
  for (const rate of rates) {
    const total = rate * seconds;
    rtpPackets = 0;
    const t = performance.now();
    const ours = await sipp(
      [
        '-sf',
        'caller.xml',
        target,
        '-m',
        String(total),
        '-r',
        String(rate),
        '-l',
        String(rate * 10),
        '-i',
        '127.0.0.1',
        '-p',
        '0',
      ],
      work,
    );
    const elapsed = (performance.now() - t) / 1000;
    const uas = execFile(
      'timeout',
      [
        '-k',
        '3',
        String(seconds * 3 + 30),
        'sipp',
        '-sn',
        'uas',
        '-i',
        '127.0.0.1',
        '-p',
        '25099',
        '-nostdin',
      ],
      { cwd: work },
    );
    await new Promise((r) => setTimeout(r, 300));
    const base = await sipp(
      [
        '-sn',
        'uac',
        '127.0.0.1:25099',
        '-m',
        String(total),
        '-r',
        String(rate),
        '-l',
        String(rate * 10),
        '-i',
        '127.0.0.1',
        '-p',
        '0',
        '-d',
        '1000',
      ],
      work,
    );
    uas.kill();
    const ok = Number(ours.stats['SuccessfulCall(C)'] ?? 0);
    const failed = Number(ours.stats['FailedCall(C)'] ?? 0);
    rows.push([
      String(rate),
      `${ok}/${total}`,
      String(failed),
      (ok / elapsed).toFixed(1),
      ours.stats['ResponseTime1(C)'] ?? '-',
      String(Math.round(rtpPackets / Math.max(1, ok))),
      `${base.stats['SuccessfulCall(C)'] ?? '?'}/${total}`,
      base.stats['FailedCall(C)'] ?? '?',
    ]);
  }
  const head = [
    'rate/s',
    'hotline ok',
    'failed',
    'calls/s (incl. ~2 s call)',
    'INVITE→200 (sipp avg)',
    'RTP pkts/call',
    'sipp uas ok',
    'uas failed',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  console.log(head.map((h, i) => h.padEnd(widths[i]!)).join('  '));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
} finally {
  sink.close();
  await hotline.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
