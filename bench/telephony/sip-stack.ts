/**
 * SIP stack throughput and latency against a real peer on loopback. sipp places calls (INVITE,
 * 200, ACK, BYE, 200; no hold time) at increasing rates, first to the stack's test UAS (answers
 * at once), then, as the baseline measured in the same run, to `sipp -sn uas`. For each rate:
 * calls completed per second, failed calls, sipp's retransmissions, and the response times
 * INVITE → first provisional (100 Trying from the stack, 180 from sipp's UAS) and INVITE → 200,
 * p50/p99 from sipp's per-call RTD trace (whole milliseconds; on this kind of machine sipp's
 * clock moves in 4 ms steps, so the stack's own time to handle each INVITE datagram, from its
 * arrival to the 100 Trying and the 200 handed to the socket, is measured in-process too).
 *
 * Each step is bounded (sipp -timeout), and no new step starts after BUDGET_S seconds, so the
 * whole run stays under two minutes.
 *
 *   node --import tsx bench/telephony/sip-stack.ts [seconds per rate, default 4] [rates, default 250,500,1000,2000,3000,4000]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUdpTransport, type SipTransport } from '../../src/telephony/sip/index.js';
import { freePort, hasSipp, SCENARIOS } from '../../test/telephony/sip/sipp-runner.js';
import { startTestUas } from '../../test/telephony/sip/test-uas.js';
import { readRtds } from './harness.js';

const SECONDS = Number(process.argv[2] ?? 4);
const BUDGET_S = 95;
const RATES = (process.argv[3] ?? '250,500,1000,2000,3000,4000').split(',').map(Number);

interface Row {
  readonly target: string;
  /** The stack's handling time per INVITE datagram, µs (hotline rows only). */
  readonly handling: Percentiles | undefined;
  readonly rate: number;
  readonly calls: number;
  readonly completedPerSecond: number;
  readonly failed: number;
  readonly retransmissions: number;
  readonly provisional: Percentiles;
  readonly answer: Percentiles;
}

interface Percentiles {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

function run(args: readonly string[], cwd: string, seconds: number): Promise<number | null> {
  const child = spawn('timeout', ['-k', '3', String(seconds), 'sipp', ...args, '-nostdin'], {
    cwd,
    stdio: 'ignore',
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

/** The last line of sipp's -trace_stat file, by column name. */
function lastStats(dir: string): Map<string, string> {
  const file = readdirSync(dir).find((f) => f.endsWith('.csv') && f.startsWith('stats'));
  if (file === undefined) return new Map();
  const lines = readFileSync(join(dir, file), 'utf8').trim().split('\n');
  const names = lines[0]!.split(';');
  const values = lines[lines.length - 1]!.split(';');
  return new Map(names.map((n, i) => [n, values[i] ?? '']));
}

function percentiles(values: number[] | undefined): Percentiles {
  if (values === undefined || values.length === 0)
    return { p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1]! };
}

function seconds(hms: string | undefined): number {
  const [h = '0', m = '0', s = '0'] = (hms ?? '').split(':');
  return Number(h) * 3600 + Number(m) * 60 + Number(s.replace(',', '.'));
}

/** A transport that times each INVITE datagram's handling (parse, transaction, 100, TU, 200 sent). */
function timed(inner: SipTransport, samples: number[]): SipTransport {
  const INVITE_FIRST_BYTE = 0x49;
  return {
    protocol: inner.protocol,
    reliable: inner.reliable,
    get local() {
      return inner.local;
    },
    get sentBy() {
      return inner.sentBy;
    },
    get connectionCount() {
      return inner.connectionCount;
    },
    listen: (receiver) =>
      inner.listen((bytes, source) => {
        const t0 = performance.now();
        receiver(bytes, source);
        if (bytes[0] === INVITE_FIRST_BYTE) samples.push((performance.now() - t0) * 1000);
      }),
    send: (bytes, destination, onFailure) => inner.send(bytes, destination, onFailure),
    close: () => inner.close(),
  };
}

async function measure(target: string, port: number, rate: number, samples?: number[]): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-sip-'));
  try {
    const calls = Math.round(rate * SECONDS);
    // -p: a free local port, never sipp's default 5060, which other processes may hold.
    const args = [
      '-sf',
      join(SCENARIOS, 'uac-timed.xml'),
      `127.0.0.1:${port}`,
      '-i',
      '127.0.0.1',
      '-p',
      String(await freePort()),
      '-r',
      String(rate),
      '-m',
      String(calls),
      '-trace_stat',
      '-stf',
      'stats.csv',
      '-fd',
      '1',
      '-trace_rtt',
      '-rtt_freq',
      '1000',
      '-timeout',
      `${SECONDS + 5}s`,
    ];
    const started = performance.now();
    if (samples !== undefined) samples.length = 0;
    await run(args, dir, SECONDS + 8);
    const elapsed = (performance.now() - started) / 1000;
    const stats = lastStats(dir);
    const ok = Number(stats.get('SuccessfulCall(C)') ?? 0);
    const times = readRtds(dir);
    return {
      target,
      handling: samples === undefined ? undefined : percentiles(samples),
      rate,
      calls,
      completedPerSecond: ok / Math.max(seconds(stats.get('ElapsedTime(C)')), elapsed - 0.5, 0.001),
      failed: calls - ok,
      retransmissions: Number(stats.get('Retransmissions(C)') ?? 0),
      provisional: percentiles(times.get('1')),
      answer: percentiles(times.get('2')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fmt(p: Percentiles | undefined, digits = 0): string {
  if (p === undefined) return '';
  const n = (v: number, w: number) => v.toFixed(digits).padStart(w);
  return `${n(p.p50, 3)} / ${n(p.p99, 3)} / ${n(p.max, 4)}`;
}

async function main(): Promise<void> {
  if (!hasSipp) {
    console.log('sipp (Debian package sip-tester) is not installed: nothing to measure');
    return;
  }
  const samples: number[] = [];
  const udp = timed(createUdpTransport({ protocol: 'udp', host: '127.0.0.1', port: 0 }), samples);
  const uas = await startTestUas({ transports: [udp] }, ['udp']);
  const sippPort = await freePort();
  const baselineDir = mkdtempSync(join(tmpdir(), 'hotline-bench-uas-'));
  const budget = BUDGET_S + 2 * (SECONDS + 8);
  const baseline = spawn(
    'timeout',
    ['-k', '3', String(budget), 'sipp', '-sn', 'uas', '-i', '127.0.0.1', '-p', String(sippPort), '-nostdin'],
    {
      cwd: baselineDir,
      stdio: 'ignore',
    },
  );
  const rows: Row[] = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const begun = performance.now();
    for (const rate of RATES) {
      if ((performance.now() - begun) / 1000 > BUDGET_S) {
        console.log(`time budget spent: rates from ${rate}/s skipped`);
        break;
      }
      rows.push(await measure('hotline', uas.port('udp'), rate, samples));
      rows.push(await measure('sipp uas', sippPort, rate));
    }
  } finally {
    if (baseline.exitCode === null) baseline.kill('SIGTERM');
    await uas.close();
    rmSync(baselineDir, { recursive: true, force: true });
  }

  console.log(
    `SIP stack over UDP on loopback, Node ${process.version}; sipp UAC, ${SECONDS} s per rate, calls without hold time`,
  );
  console.log(
    'response times in ms, p50 / p99 / max (sipp RTD, whole ms in 4 ms steps); handling: µs in the stack per INVITE\n',
  );
  console.log(
    `${'target'.padEnd(9)} ${'rate'.padStart(5)} ${'calls'.padStart(6)} ${'ok/s'.padStart(7)} ${'failed'.padStart(6)} ${'retrans'.padStart(7)}   ${'INVITE→1xx'.padEnd(16)} ${'INVITE→200'.padEnd(16)} ${'handling µs'}`,
  );
  for (const r of rows) {
    console.log(
      `${r.target.padEnd(9)} ${String(r.rate).padStart(5)} ${String(r.calls).padStart(6)} ${r.completedPerSecond.toFixed(0).padStart(7)} ${String(r.failed).padStart(6)} ${String(r.retransmissions).padStart(7)}   ${fmt(r.provisional).padEnd(16)} ${fmt(r.answer).padEnd(16)} ${fmt(r.handling)}`,
    );
  }
  console.log('\nhotline / sipp uas, by rate:');
  for (const rate of RATES) {
    const h = rows.find((r) => r.target === 'hotline' && r.rate === rate);
    const s = rows.find((r) => r.target === 'sipp uas' && r.rate === rate);
    if (h === undefined || s === undefined) continue;
    const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(2));
    console.log(
      `  ${String(rate).padStart(5)}/s: completed ${ratio(h.completedPerSecond, s.completedPerSecond)}, failed ${h.failed} vs ${s.failed}, p99 INVITE→200 ${h.answer.p99} vs ${s.answer.p99} ms`,
    );
  }
  const best = (target: string) =>
    Math.max(
      0,
      ...rows
        .filter((r) => r.target === target && r.failed === 0 && r.retransmissions === 0)
        .map((r) => r.rate),
    );
  console.log(
    `\nhighest rate with 0 failed calls and 0 retransmissions: hotline ${best('hotline')}/s, sipp uas ${best('sipp uas')}/s`,
  );
}

await main();
