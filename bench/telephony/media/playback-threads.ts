/**
 * Would a media plane spread over worker threads play more calls in time? N calls play a prompt to
 * the receiver process of playback.ts, their media engines split over W worker threads (each its own
 * engine, sockets and frame scheduler), against W = 1 in the same run. For each it prints the
 * send-interval jitter per thread (|interval between two packets of a call − 20 ms|), lateness,
 * skipped frames, the packets that arrived and the process's CPU.
 *
 *   node --import tsx bench/telephony/media/playback-threads.ts [calls, default 1000] [threads, default 2] [seconds, default 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { LatencySummary } from '../../../src/telephony/media/latency-histogram.js';
import { RtpSink } from './rtp-sink-client.js';

interface Job {
  calls: number;
  thread: number;
  sinkPorts: number[];
  seconds: number;
}
type FromThread =
  | { type: 'opened'; ports: number[] }
  | { type: 'latched' }
  | { type: 'done'; sent: number; jitter: LatencySummary; lateP99: number; skipped: number };

const self = fileURLToPath(import.meta.url);
const tsx = self.endsWith('.ts') ? ['--import', 'tsx'] : [];

if (isMainThread) {
  const calls = Number(process.argv[2] ?? 1000);
  const threads = Number(process.argv[3] ?? 2);
  const seconds = Number(process.argv[4] ?? 5);
  const sink = await RtpSink.start();
  for (const w of [1, threads]) await run(sink, calls, w, seconds);
  sink.stop();
  process.exit(0);
} else {
  await playInThread(workerData as Job);
}

async function run(sink: RtpSink, calls: number, threads: number, seconds: number) {
  const workers = Array.from(
    { length: threads },
    (_, thread) =>
      new Worker(self, {
        execArgv: tsx,
        workerData: {
          calls: Math.round(calls / threads),
          thread,
          sinkPorts: sink.ports,
          seconds,
        } satisfies Job,
      }),
  );
  const next = <T extends FromThread['type']>(w: Worker, type: T) =>
    new Promise<Extract<FromThread, { type: T }>>((resolve) => {
      const on = (m: FromThread) => {
        if (m.type !== type) return;
        w.off('message', on);
        resolve(m as Extract<FromThread, { type: T }>);
      };
      w.on('message', on);
    });
  const opened = await Promise.all(workers.map((w) => next(w, 'opened')));
  // Like answered phones, the receiver sends each call one packet: the latches lock first.
  const targets = opened.flatMap((o) => o.ports.map((port, i) => ({ from: i % sink.ports.length, port })));
  sink.send({ type: 'greet', targets });
  await Promise.all(workers.map((w) => next(w, 'latched')));
  sink.send({ type: 'reset' });
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const w of workers) w.postMessage('play');
  const done = await Promise.all(workers.map((w) => next(w, 'done')));
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const report = await sink.report();
  await Promise.all(workers.map((w) => w.terminate()));
  const expected = calls * seconds * 50;
  console.log(
    `${calls} calls on ${threads} thread(s): sent ${done.reduce((s, d) => s + d.sent, 0)}, prompt packets received ${report.audio} of ${expected}; ` +
      `CPU ${(((used.user + used.system) / 1000 / wall) * 100).toFixed(0)}% of a core; arrival jitter p99 ${report.arrival.p99Ms.toFixed(1)} ms`,
  );
  for (const [i, d] of done.entries())
    console.log(
      `  thread ${i}: send jitter p50/p99/max ${d.jitter.p50Ms.toFixed(1)} / ${d.jitter.p99Ms.toFixed(1)} / ${d.jitter.maxMs.toFixed(1)} ms, late p99 ${d.lateP99.toFixed(1)} ms, skipped ${d.skipped}`,
    );
}

async function playInThread(job: Job): Promise<void> {
  const port = parentPort!;
  const { createMediaEngine, PromptAudio } = await import('../../../src/telephony/media/index.js');
  const cacheDir = mkdtempSync(join(tmpdir(), 'hotline-bench-'));
  const min = 20000 + job.thread * 4000;
  const engine = createMediaEngine({
    portRange: { min, max: min + 2 * job.calls + 400 },
    bindHost: '127.0.0.1',
    cacheDir,
  });
  const prompt = PromptAudio.tone(440, job.seconds * 1000);
  prompt.frames('PCMU');
  const sessions = [];
  for (let i = 0; i < job.calls; i++) {
    const to = job.sinkPorts[(i + job.thread * job.calls) % job.sinkPorts.length]!;
    const offer = `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${to} RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n`;
    sessions.push((await engine.createSession(offer)).session);
  }
  port.postMessage({ type: 'opened', ports: sessions.map((s) => s.localPort) } satisfies FromThread);
  while ((await Promise.all(sessions.map((s) => s.stats()))).some((s) => s.rtp.latch === 'learning'))
    await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 500)); // steady comfort silence from every call
  port.postMessage({ type: 'latched' } satisfies FromThread);
  await new Promise((r) => port.once('message', r));
  engine.resetTimingStats();
  const played = await Promise.all(sessions.map((s) => s.play({ kind: 'audio', audio: prompt })));
  const s = (await engine.stats()).scheduler;
  port.postMessage({
    type: 'done',
    sent: played.reduce((sum, p) => sum + p.playedMs / 20, 0),
    jitter: s.intervalJitter,
    lateP99: s.lateness.p99Ms,
    skipped: s.skipped,
  } satisfies FromThread);
  await engine.close();
  rmSync(cacheDir, { recursive: true, force: true });
}
