/**
 * Calls per second through a whole flow (answer, a 1 s prompt, a function, a condition, hang up)
 * with sipp as the caller, against a plain `sipp -sn uas` answering `sipp -sn uac -d 1000` in the
 * same run (the baseline: what sipp and this machine do with no IVR at all, calls of about the
 * same length). For each offered rate it prints the calls completed and failed; the steady-state
 * rate, calls completed per second over sipp's 1 s statistics periods from when the first calls
 * have ended (at least 2 s in) until sipp starts its last call, and the rate sipp offered over the
 * same periods (calls started per second: did the load generator keep up?); the same two for the
 * baseline and the ratio of the completion rates; INVITE → 100 Trying and INVITE → 200 (p50/p99
 * from sipp's per-call RTD trace, whole ms), the RTP packets each call received, the CPU used by
 * Hotline (% of one core, ms per call; its main thread's ms per call and the share of the run it
 * spent waiting for a CPU, which other programs on the machine take) and by sipp.
 * The callers' RTP endpoint is a child process (rtp-sink.ts) that, like a phone, sends each new
 * stream one packet back, so Hotline's symmetric-RTP latches lock as in real calls; it does not
 * share Hotline's event loop.
 * A warm-up of 3 s at the first rate comes first (JIT, prompt cache, function instances).
 * Run: node dist/bench/telephony/calls.js [rates, e.g. 300,400,500] [seconds per step] (built), or
 *      node --import tsx bench/telephony/calls.ts … (from source, slower)
 *      HOTLINE_BENCH_CPU_PROF=dir writes a CPU profile of Hotline's main thread per step (and with
 *      HOTLINE_BENCH_HEAP_PROF=1 an allocation profile); HOTLINE_BENCH_STEPS=1 prints p50/p99 of the
 *      call records' durations, of each flow step and of the RTP packets sent per call;
 *      HOTLINE_BENCH_UDP_THREAD=main reads SIP on the main thread (sip.udpThread), for comparison.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { callUntilHotlineHangsUp } from '../../test/telephony/calls/scenarios.js';
import { removeDir, sipp, startBenchHotline, steadyRates } from './harness.js';
import { RtpSink } from './media/rtp-sink-client.js';

const rates = (process.argv[2] ?? '300,400,500').split(',').map(Number);
const seconds = Number(process.argv[3] ?? 10);
const profileDir = process.env['HOTLINE_BENCH_CPU_PROF'];

/**
 * The main thread's time on a CPU and waiting for one (ns, Linux schedstat): on a machine shared
 * with other work, the second says how much of the run the event loop was runnable but not running.
 */
function mainThreadSched(): { run: number; wait: number } {
  try {
    const [run = '0', wait = '0'] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(
      ' ',
    );
    return { run: Number(run), wait: Number(wait) };
  } catch {
    return { run: Number.NaN, wait: Number.NaN };
  }
}

function perSecond(rate: number | undefined): string {
  return rate === undefined ? '-' : rate.toFixed(1);
}

function p50p99(values: number[] | undefined): string {
  if (!values || values.length === 0) return '-';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `${Math.round(at(0.5))} / ${Math.round(at(0.99))}`;
}

/** The scenario of the tests, with two RTDs: 1 INVITE → 100 Trying, 2 INVITE → 200. */
function timedCaller(mediaPort: number): string {
  const xml = callUntilHotlineHangsUp({ caller: '13800138000', called: '4000000000', mediaPort });
  const timed = xml
    .replace('<send retrans="500">', '<nop start_rtd="2"/>\n  <send retrans="500" start_rtd="1">')
    .replace('<recv response="100" optional="true"/>', '<recv response="100" optional="true" rtd="1"/>')
    .replace('<recv response="200" rtd="true"/>', '<recv response="200" rtd="2"/>');
  if (!timed.includes('rtd="1"') || !timed.includes('rtd="2"'))
    throw new Error('the caller scenario changed');
  return timed;
}

/** One second of a 440 Hz tone, 8 kHz 16-bit mono WAV: the flow's 1 s prompt. */
function oneSecondWav(): Buffer {
  const rate = 8000;
  const data = Buffer.alloc(rate * 2);
  for (let i = 0; i < rate; i++)
    data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0);
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVEfmt ', 8);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36);
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

const udpThread = process.env['HOTLINE_BENCH_UDP_THREAD'] === 'main' ? 'main' : 'worker';
const bench = await startBenchHotline({ rtpPorts: [40000, 49999], udpThread });
const sink = await RtpSink.start();
const work = mkdtempSync(join(tmpdir(), 'hotline-bench-sipp-'));
let uas: ReturnType<typeof sipp> | undefined;

try {
  const { api } = bench;
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
  const prompt = await api('PUT', '/v1/instances/bench/prompts/welcome/audio', oneSecondWav(), 'audio/wav');
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
          config: { prompt: { kind: 'prompt', promptId: prompt['id'] } },
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
  const target = bench.sip;
  writeFileSync(join(work, 'caller.xml'), timedCaller(sink.ports[0]!));
  // Warm the prompt cache, the code (JIT) and enough function instances for the first rate.
  await sipp(['-sf', 'caller.xml', target, '-m', '2', '-r', '1', '-i', '127.0.0.1', '-p', '0'], work, 30);
  const warm = rates[0]!;
  await sipp(
    ['-sf', 'caller.xml', target, '-m', String(warm * 3), '-r', String(warm), '-i', '127.0.0.1', '-p', '0'],
    work,
    60,
  );
  const stepBudgetS = seconds * 4 + 60;
  const uasPort = 25099;
  uas = sipp(['-sn', 'uas', '-i', '127.0.0.1', '-p', String(uasPort)], work, rates.length * 2 * stepBudgetS);
  await new Promise((r) => setTimeout(r, 300));

  const rows: string[][] = [];
  for (const rate of rates) {
    const total = rate * seconds;
    const common = ['-m', String(total), '-r', String(rate), '-l', String(rate * 10), '-i', '127.0.0.1'];
    // Each call's response times; the baseline's too, so that both sipp runs do the same work.
    const traced = [...common, '-p', '0', '-trace_rtt', '-rtt_freq', '200'];
    sink.send({ type: 'reset' });
    const profile = profileDir ? new Session() : undefined;
    if (profile) {
      profile.connect();
      await profile.post('Profiler.enable');
      await profile.post('Profiler.start');
      if (process.env['HOTLINE_BENCH_HEAP_PROF'])
        await profile.post('HeapProfiler.startSampling', {
          samplingInterval: 16384,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        });
    }
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const cpu = process.cpuUsage();
    const sched = mainThreadSched();
    const ours = await sipp(['-sf', 'caller.xml', target, ...traced], work, stepBudgetS);
    const used = process.cpuUsage(cpu);
    const schedEnd = mainThreadSched();
    loop.disable();
    if (profile) {
      mkdirSync(profileDir!, { recursive: true });
      if (process.env['HOTLINE_BENCH_HEAP_PROF']) {
        const { profile: heap } = await profile.post('HeapProfiler.stopSampling');
        writeFileSync(join(profileDir!, `calls-${rate}.heapprofile`), JSON.stringify(heap));
      }
      const { profile: p } = await profile.post('Profiler.stop');
      writeFileSync(join(profileDir!, `calls-${rate}.cpuprofile`), JSON.stringify(p));
      profile.disconnect();
    }
    const media = await sink.report();
    const base = await sipp(
      ['-sn', 'uac', `127.0.0.1:${uasPort}`, ...traced, '-d', '1000'],
      work,
      stepBudgetS,
    );
    const ok = Number(ours.stats['SuccessfulCall(C)'] ?? 0);
    const baseOk = Number(base.stats['SuccessfulCall(C)'] ?? 0);
    const steady = steadyRates(ours, total);
    const baseSteady = steadyRates(base, total);
    rows.push([
      String(rate),
      `${ok}/${total}`,
      String(total - ok),
      perSecond(steady?.offered),
      perSecond(steady?.completed),
      perSecond(baseSteady?.offered),
      `${perSecond(baseSteady?.completed)} (${baseOk}/${total})`,
      steady && baseSteady ? (steady.completed / baseSteady.completed).toFixed(2) : '-',
      p50p99(ours.rtds.get('1')),
      p50p99(ours.rtds.get('2')),
      `${Math.round(media.audio / Math.max(1, ok))}/${Math.round(media.packets / Math.max(1, ok))}`,
      ((100 * (used.user + used.system)) / 1e6 / ours.wallSeconds).toFixed(0),
      ((used.user + used.system) / 1000 / Math.max(1, ok)).toFixed(2),
      `${((schedEnd.run - sched.run) / 1e6 / Math.max(1, ok)).toFixed(2)} / ${((100 * (schedEnd.wait - sched.wait)) / 1e9 / ours.wallSeconds).toFixed(0)}%`,
      ((100 * ours.cpuSeconds) / ours.wallSeconds).toFixed(0),
      `${(loop.percentile(99) / 1e6).toFixed(0)} / ${(loop.max / 1e6).toFixed(0)}`,
    ]);
  }
  if (process.env['HOTLINE_BENCH_STEPS']) {
    const rows = await bench.hotline.store.db
      .selectFrom('calls')
      .select(['started_at', 'ended_at', 'trace', 'media_stats'])
      .execute();
    const by = new Map<string, number[]>();
    const add = (k: string, v: number) => by.set(k, [...(by.get(k) ?? []), v]);
    for (const r of rows) {
      add('call', Date.parse(r.ended_at ?? r.started_at) - Date.parse(r.started_at));
      add('sent', (JSON.parse(r.media_stats ?? '{}') as { sent?: { packets: number } }).sent?.packets ?? -1);
      for (const st of (
        JSON.parse(r.trace ?? '{"steps":[]}') as {
          steps: { moduleId: string; durationMs: number; atMs: number }[];
        }
      ).steps) {
        add(st.moduleId, st.durationMs);
        add(`${st.moduleId}@`, st.atMs);
      }
    }
    for (const [k, v] of by) console.log(k.padEnd(8), p50p99(v));
  }
  const head = [
    'rate/s',
    'hotline ok',
    'failed',
    'offered/s',
    'calls/s',
    'sipp uas offered/s',
    'sipp uas calls/s',
    'ratio',
    'INVITE→100 p50/p99 ms',
    'INVITE→200 p50/p99 ms',
    'RTP audio/all per call',
    'hotline CPU%',
    'CPU ms/call',
    'main thread ms/call / waiting for a CPU',
    'sipp CPU%',
    'loop delay p99/max ms',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  console.log(
    `A flow of answer, 1 s prompt, function, condition, hang-up; SIP UDP read on the ${udpThread} thread; ${seconds} s per rate; calls/s: completed, offered/s: started by sipp, ` +
      "per second while the load was steady (sipp's 1 s periods after the first calls ended, from 2 s in, until it started its last call)",
  );
  console.log(head.map((h, i) => h.padEnd(widths[i]!)).join('  '));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
} finally {
  uas?.stop();
  await uas;
  sink.stop();
  await bench.close();
  removeDir(work);
}
