/**
 * Playback at scale: N calls each play a prompt to a UDP receiver on loopback (a child process, so
 * it does not share the sender's event loop). For each N it prints the send-interval jitter (time
 * between two packets of one call, minus 20 ms, measured where they are sent), the packets lost
 * (expected vs received), the arrival jitter seen by the receiver, the sender's CPU and its memory
 * per call. The baseline, measured in the same run, is the naive sender: one setInterval(20 ms)
 * per call, whose drift loses packets under load.
 *
 *   node --import tsx bench/telephony/media/playback.ts [seconds per run, default 5] [N list, default 100,500,1000,1500]
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  createMediaEngine,
  encodeRtp,
  type MediaSession,
  PromptAudio,
} from '../../../src/telephony/media/index.js';
import { LatencyHistogram, type LatencySummary } from '../../../src/telephony/media/latency-histogram.js';
import { RtpSink } from './rtp-sink-client.js';

const SECONDS = Number(process.argv[2] ?? 5);
const COUNTS = (process.argv[3] ?? '100,500,1000,1500').split(',').map(Number);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Row {
  n: number;
  sender: string;
  expected: number;
  sent: number;
  received: number;
  interval: LatencySummary;
  arrivalP99: number;
  cpuPercent: number;
  kbPerCall: number | undefined;
  note: string;
}

/** The machine's 1-minute load average: other programs take CPU from the sender too. */
function load(): string {
  return (loadavg()[0] ?? 0).toFixed(1);
}

function heapBytes(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
}

async function runEngine(n: number, sink: RtpSink): Promise<Row> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'hotline-bench-'));
  const engine = createMediaEngine({
    portRange: { min: 20000, max: 20000 + 2 * n + 400 },
    bindHost: '127.0.0.1',
    cacheDir,
    idleAudio: 'silence', // the default: calls send comfort silence when nothing plays
  });
  const prompt = PromptAudio.tone(440, SECONDS * 1000);
  prompt.frames('PCMU'); // encoded once, shared by every call, as the prompt cache does
  const before = heapBytes();
  const sessions: MediaSession[] = [];
  for (let i = 0; i < n; i++) {
    const port = sink.ports[i % sink.ports.length]!;
    const offer = `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n`;
    sessions.push((await engine.createSession(offer)).session);
  }
  // As answered phones do, the receiver sends each call a first packet: the latches lock (and the
  // sockets connect) before the measurement, as they would in calls set up one after the other.
  sink.send({
    type: 'greet',
    targets: sessions.map((s, i) => ({ from: i % sink.ports.length, port: s.localPort })),
  });
  while ((await Promise.all(sessions.map((s) => s.stats()))).some((s) => s.rtp.latch === 'learning'))
    await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 500)); // steady comfort silence from every call
  engine.resetTimingStats();
  sink.send({ type: 'reset' });
  const cpu = process.cpuUsage();
  const start = performance.now();
  const played = await Promise.all(sessions.map((s) => s.play({ kind: 'audio', audio: prompt })));
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const open = heapBytes(); // the calls are still up
  const report = await sink.report();
  const scheduler = (await engine.stats()).scheduler;
  const sent = played.reduce((sum, p) => sum + p.playedMs / 20, 0); // prompt frames sent
  await engine.close();
  rmSync(cacheDir, { recursive: true, force: true });
  return {
    n,
    sender: 'shared scheduler',
    expected: n * prompt.frameCount,
    sent,
    received: report.audio,
    interval: scheduler.intervalJitter,
    arrivalP99: report.arrival.p99Ms,
    cpuPercent: ((used.user + used.system) / 1000 / wall) * 100,
    kbPerCall: (open - before) / n / 1024,
    note: `late p99 ${scheduler.lateness.p99Ms.toFixed(1)} ms, skipped ${scheduler.skipped}, load ${load()}`,
  };
}

/** The naive sender: one socket and one setInterval(20 ms) per call, for the same time. */
async function runNaive(n: number, sink: RtpSink): Promise<Row> {
  const sockets: Socket[] = await Promise.all(
    Array.from({ length: n }, () => {
      const s = createSocket('udp4');
      return new Promise<Socket>((resolve) => s.bind(0, '127.0.0.1', () => resolve(s)));
    }),
  );
  const payload = Buffer.alloc(160, 0xff);
  const jitter = new LatencyHistogram();
  let sent = 0;
  sink.send({ type: 'reset' });
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + SECONDS * 1000;
  const done = sockets.map(
    (socket, i) =>
      new Promise<void>((resolve) => {
        let sequence = 0;
        let last = Number.NaN;
        const port = sink.ports[i % sink.ports.length]!;
        const timer = setInterval(() => {
          const now = performance.now();
          if (now >= end) {
            clearInterval(timer);
            resolve();
            return;
          }
          if (!Number.isNaN(last)) jitter.record(Math.abs(now - last - 20));
          last = now;
          const packet = encodeRtp(
            { marker: sequence === 0, payloadType: 0, sequence, timestamp: sequence * 160, ssrc: i + 1 },
            payload,
          );
          sequence++;
          sent++;
          socket.send(packet, port, '127.0.0.1');
        }, 20);
      }),
  );
  await Promise.all(done);
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const report = await sink.report();
  await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return {
    n,
    sender: 'baseline: setInterval per call',
    expected: n * SECONDS * 50,
    sent,
    received: report.packets,
    interval: jitter.summary(),
    arrivalP99: report.arrival.p99Ms,
    cpuPercent: ((used.user + used.system) / 1000 / wall) * 100,
    kbPerCall: undefined,
    note: `load ${load()}`,
  };
}

function print(row: Row): void {
  const lost = row.expected - row.received;
  const cells = [
    String(row.n).padStart(5),
    row.sender.padEnd(31),
    `${row.sent}/${row.received}/${row.expected}`.padStart(22),
    `${lost} (${((lost / row.expected) * 100).toFixed(2)}%)`.padStart(16),
    `${row.interval.p50Ms.toFixed(1)} / ${row.interval.p99Ms.toFixed(1)} / ${row.interval.maxMs.toFixed(1)}`.padStart(
      20,
    ),
    row.arrivalP99.toFixed(1).padStart(8),
    row.cpuPercent.toFixed(0).padStart(5),
    ((row.cpuPercent * 10) / row.n).toFixed(2).padStart(10),
    (row.kbPerCall === undefined ? '-' : row.kbPerCall.toFixed(1)).padStart(8),
    row.note,
  ];
  console.log(cells.join('  '));
}

const sink = await RtpSink.start();
console.log(
  `Playback of a ${SECONDS} s prompt per call, 20 ms G.711 frames to a receiver process on loopback; ` +
    `${cpus().length} CPUs, load ${load()}.`,
);
console.log(
  [
    '    N',
    'sender'.padEnd(31),
    'sent/received/expected'.padStart(22),
    'lost'.padStart(16),
    'send jitter p50/p99/max'.padStart(20),
    'arr p99'.padStart(8),
    'CPU%'.padStart(5),
    'CPU/call'.padStart(10),
    'KB/call'.padStart(8),
    'notes',
  ].join('  '),
);
for (const n of COUNTS) {
  print(await runEngine(n, sink));
  print(await runNaive(n, sink));
}
console.log('send jitter: |interval between two packets of a call − 20 ms| in ms, where they are sent;');
console.log('arr p99: the same at the receiver (its own scheduling included); CPU%: sender, % of one core;');
console.log(
  "CPU/call: the sender's CPU time per call, ms per second of call; KB/call: heap and buffers per open call;",
);
console.log(
  'lost = expected − received; sent < expected: the sender fell behind; received < sent: the receiver.',
);
sink.stop();
