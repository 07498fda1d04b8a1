/**
 * Bridged calls with recording: how many at once with no lost packets. Each call is two media
 * sessions of the engine — the caller's (answering its offer) and an agent leg (our offer, the
 * agent phone's answer) — bridged as conversation.ts does, and recorded in stereo (caller left,
 * agent right). The phones are a child process (bridged-peers.ts: one UDP socket per peer, one
 * shared send timer) so they do not take the server's event loop; each peer sends 20 ms G.711
 * packets carrying their send time, and counts what arrives from the other party.
 *
 * For each number of calls it prints, per direction, packets sent by the phones / received by the
 * server / relayed / received by the other phone, the loss, the relay latency (phone to phone
 * through the server, p50/p99/max, after a warm-up), the server's CPU (% of one core) and memory
 * per call, its event-loop delay p99, and the recording bytes written against 32,000 B/s a call.
 * Baselines in the same run: the same bridges without recording, and a bare UDP relay (two plain
 * sockets a call that forward each datagram as it is) — what Node itself costs.
 *
 *   node --import tsx bench/telephony/bridged.ts [calls, default 100,250,500,750,1000] [seconds, default 10]
 *     [share of agents on PCMA, default 0] [modes, default record,bridge,relay] [repeats, default 1]
 *   PHONE_PROCESSES=2 (default): the phones are split over that many child processes.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { G711Codec } from '../../src/telephony/media/g711.js';
import {
  createMediaEngine,
  type MediaSession,
  type RecordingResult,
} from '../../src/telephony/media/index.js';
import type { MediaBridge } from '../../src/telephony/media/media-engine.js';
import type { DirectionReport, PeersMessage, PeersRequest } from './bridged-peers.js';
import { Histogram } from './histogram.js';

const COUNTS = (process.argv[2] ?? '100,250,500,750,1000').split(',').map(Number);
const SECONDS = Number(process.argv[3] ?? 10);
const ALAW_SHARE = Number(process.argv[4] ?? 0);
const MODES = (process.argv[5] ?? 'record,bridge,relay').split(',') as Mode[];
const REPEATS = Number(process.argv[6] ?? 1);
const PHONE_PROCESSES = Number(process.env['PHONE_PROCESSES'] ?? 2);
const WARMUP_MS = 1000;

type Mode = 'record' | 'bridge' | 'relay';
type PeersReport = Extract<PeersMessage, { type: 'report' }>;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** One child process of phones. */
class Phones {
  private constructor(private readonly child: ChildProcess) {}

  get pid(): number {
    return this.child.pid ?? 0;
  }

  static start(): Promise<Phones> {
    const self = fileURLToPath(import.meta.url);
    const script = self.replace(/bridged\.(ts|js)$/, 'bridged-peers.$1');
    const execArgv = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const child = fork(script, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    // Not niced: on a machine shared with other work a niced child starves, and its stalls would
    // read as the server's (a slow reader on loopback also backs up the sender's socket).
    const phones = new Phones(child);
    return phones.next('ready').then(() => phones);
  }

  send(m: PeersRequest): void {
    this.child.send(m);
  }

  next<T extends PeersMessage['type']>(type: T): Promise<Extract<PeersMessage, { type: T }>> {
    return new Promise((resolve) => {
      const on = (m: PeersMessage) => {
        if (m.type !== type) return;
        this.child.off('message', on);
        resolve(m as Extract<PeersMessage, { type: T }>);
      };
      this.child.on('message', on);
    });
  }
}

/** The phones of every call, split over a few child processes; their reports merged. */
class PhoneFarm {
  private slices: number[] = [];

  private constructor(private readonly children: Phones[]) {}

  static async start(processes: number): Promise<PhoneFarm> {
    return new PhoneFarm(await Promise.all(Array.from({ length: processes }, () => Phones.start())));
  }

  get pids(): number[] {
    return this.children.map((c) => c.pid);
  }

  async open(agentLaws: G711Codec[]): Promise<{ caller: number; agent: number }[]> {
    const k = this.children.length;
    this.slices = this.children.map((_, i) => Math.floor((agentLaws.length * (i + 1)) / k));
    const opened = await Promise.all(
      this.children.map((c, i) => {
        const reply = c.next('opened');
        c.send({ type: 'open', agentLaws: agentLaws.slice(this.slices[i - 1] ?? 0, this.slices[i]) });
        return reply;
      }),
    );
    return opened.flatMap((o) => o.ports);
  }

  start(m: Extract<PeersRequest, { type: 'start' }>): void {
    for (const [i, c] of this.children.entries())
      c.send({ ...m, targets: m.targets.slice(this.slices[i - 1] ?? 0, this.slices[i]) });
  }

  async stop(): Promise<Report> {
    const reports = await Promise.all(
      this.children.map((c) => {
        const reply = c.next('report');
        c.send({ type: 'stop' });
        return reply;
      }),
    );
    const direction = (pick: (r: PeersReport) => DirectionReport): PhoneDirection => {
      const latency = new Histogram();
      for (const r of reports) latency.merge(pick(r).latency);
      return {
        sent: reports.reduce((s, r) => s + pick(r).sent, 0),
        received: reports.reduce((s, r) => s + pick(r).received, 0),
        latency,
      };
    };
    const lateness = new Histogram();
    for (const r of reports) lateness.merge(r.sendLateness);
    return {
      callerToAgent: direction((r) => r.callerToAgent),
      agentToCaller: direction((r) => r.agentToCaller),
      sendLateness: new Histogram(lateness),
      invalid: reports.reduce((s, r) => s + r.invalid, 0),
      skipped: reports.reduce((s, r) => s + r.skipped, 0),
      cpuPercent: reports.reduce((s, r) => s + r.cpuPercent, 0),
    };
  }

  exit(): void {
    for (const c of this.children) c.send({ type: 'exit' });
  }
}

/** One direction of the calls as the phones saw it. */
interface PhoneDirection {
  sent: number;
  received: number;
  latency: Histogram;
}

/** A merged report of the phones: latency as histograms. */
interface Report {
  callerToAgent: PhoneDirection;
  agentToCaller: PhoneDirection;
  sendLateness: Histogram;
  invalid: number;
  skipped: number;
  /** Of all phone processes together, % of one core. */
  cpuPercent: number;
}

/** One side of the server for a run: what it set up, and its own counts at the end. */
interface Server {
  targets: { caller: number; agent: number }[];
  /** Packets the server took in and relayed, per direction (null: it does not count them). */
  counts(): Promise<{ callerToAgent: [number, number]; agentToCaller: [number, number] } | null>;
  /** Ends the calls; the recordings' bytes. */
  close(): Promise<{ recordings: number; bytes: number; durationMs: number }>;
}

const sdpOf = (port: number, law: G711Codec) => {
  const pt = law === 'PCMU' ? 0 : 8;
  return `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP ${pt} 101\r\na=rtpmap:${pt} ${law}/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\n`;
};

async function hotlineServer(
  phones: { caller: number; agent: number }[],
  agentLaws: G711Codec[],
  record: boolean,
): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-bridged-'));
  const n = phones.length;
  const engine = createMediaEngine({
    portRange: { min: 50000, max: 50000 + 4 * n + 400 },
    bindHost: '127.0.0.1',
    cacheDir: join(dir, 'cache'),
  });
  const legs: { caller: MediaSession; agent: MediaSession; bridge: MediaBridge }[] = [];
  const stopRecording: AbortController[] = [];
  const recordings: Promise<RecordingResult>[] = [];
  for (const [i, p] of phones.entries()) {
    const { session: caller } = await engine.createSession(sdpOf(p.caller, 'PCMU'));
    const { session: agent } = await engine.createOffer();
    await agent.applyAnswer(sdpOf(p.agent, agentLaws[i]!));
    // As conversation.ts does: bridge, then record the caller's leg in stereo.
    const bridge = engine.bridge(caller, agent);
    if (record) {
      const stop = new AbortController();
      stopRecording.push(stop);
      recordings.push(
        caller.record({
          path: join(dir, 'recordings', `call-${i}.wav`),
          channels: 'both',
          maxDurationMs: 3600_000,
          signal: stop.signal,
        }),
      );
    }
    legs.push({ caller, agent, bridge });
  }
  return {
    targets: legs.map((l) => ({ caller: l.caller.localPort, agent: l.agent.localPort })),
    async counts() {
      const sum = { callerToAgent: [0, 0] as [number, number], agentToCaller: [0, 0] as [number, number] };
      for (const l of legs) {
        const s = await l.bridge.stats();
        sum.callerToAgent[0] += (await l.caller.stats()).rtp.received.packets;
        sum.callerToAgent[1] += s.aToB.relayed;
        sum.agentToCaller[0] += (await l.agent.stats()).rtp.received.packets;
        sum.agentToCaller[1] += s.bToA.relayed;
      }
      return sum;
    },
    async close() {
      for (const stop of stopRecording) stop.abort();
      const done = await Promise.all(recordings);
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
      return {
        recordings: done.length,
        bytes: done.reduce((s, r) => s + r.bytes, 0),
        durationMs: done.reduce((s, r) => s + r.durationMs, 0),
      };
    },
  };
}

/** The baseline: two plain sockets a call, each datagram forwarded as it came. */
async function bareRelay(phones: { caller: number; agent: number }[]): Promise<Server> {
  const bind = () =>
    new Promise<Socket>((resolve) => {
      const s = createSocket('udp4');
      s.bind(0, '127.0.0.1', () => resolve(s));
    });
  const sockets: Socket[] = [];
  let callerIn = 0;
  let agentIn = 0;
  let refused = 0;
  const targets: { caller: number; agent: number }[] = [];
  for (const p of phones) {
    const [c, a] = await Promise.all([bind(), bind()]);
    // Connected to their phones, as the engine's sockets are once the latch locks.
    await Promise.all([
      new Promise<void>((r) => c.connect(p.caller, '127.0.0.1', r)),
      new Promise<void>((r) => a.connect(p.agent, '127.0.0.1', r)),
    ]);
    // The phones close first at the end: their sockets refuse what is still on its way.
    for (const s of [c, a]) s.on('error', () => refused++);
    c.on('message', (m) => {
      callerIn++;
      a.send(m);
    });
    a.on('message', (m) => {
      agentIn++;
      c.send(m);
    });
    sockets.push(c, a);
    targets.push({ caller: c.address().port, agent: a.address().port });
  }
  return {
    targets,
    counts: async () => ({ callerToAgent: [callerIn, callerIn], agentToCaller: [agentIn, agentIn] }),
    async close() {
      await Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
      return { recordings: 0, bytes: 0, durationMs: 0 };
    },
  };
}

interface Row {
  n: number;
  mode: Mode;
  peers: Report;
  server: NonNullable<Awaited<ReturnType<Server['counts']>>>;
  cpuPercent: number;
  rssKbPerCall: number;
  heapKbPerCall: number;
  loopP99Ms: number;
  recording: { recordings: number; bytes: number; durationMs: number };
  wallMs: number;
  /** CPU of the server's main thread (the event loop) alone; the rest is libuv's and V8's threads. */
  mainThreadPercent: number;
  /** Server CPU time per packet relayed in the window (µs): what a call costs, however busy the machine. */
  usPerPacket: number;
  /** Share of the time the server's and each phone process's main thread waited for a CPU. */
  waitedPercent: number[];
}

/** Time the process's main thread waited for a CPU while runnable, in ms (Linux schedstat). */
function runQueueWaitMs(pid: number | 'self'): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

/** CPU time (ms) of the process's main thread and of all its threads (Linux /proc). */
function threadCpuMs(): { main: number; all: number } {
  const ticks = (stat: string) => {
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100 a second)
  };
  try {
    const main = ticks(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'));
    const all = ticks(readFileSync('/proc/self/stat', 'utf8'));
    return { main: main * 10, all: all * 10 };
  } catch {
    return { main: Number.NaN, all: Number.NaN };
  }
}

function memory(): { rss: number; heap: number } {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external + m.arrayBuffers };
}

async function run(peers: PhoneFarm, n: number, mode: Mode): Promise<Row> {
  const alaw = Math.round(n * ALAW_SHARE);
  const agentLaws: G711Codec[] = Array.from({ length: n }, (_, i) => (i < alaw ? 'PCMA' : 'PCMU'));
  const phones = await peers.open(agentLaws);
  const before = memory();
  const server =
    mode === 'relay' ? await bareRelay(phones) : await hotlineServer(phones, agentLaws, mode === 'record');
  peers.start({ type: 'start', targets: server.targets, warmupMs: WARMUP_MS, transcoded: mode !== 'relay' });
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const relayedNow = async () => {
    const c = (await server.counts())!;
    return c.callerToAgent[1] + c.agentToCaller[1];
  };
  const relayedBefore = await relayedNow();
  const cpu = process.cpuUsage();
  const threads = threadCpuMs();
  const waitedNow = () => [runQueueWaitMs('self'), ...peers.pids.map(runQueueWaitMs)];
  const waited = waitedNow();
  const start = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - start;
  const relayed = (await relayedNow()) - relayedBefore;
  const threadsAfter = threadCpuMs();
  const mainThreadPercent = ((threadsAfter.main - threads.main) / wallMs) * 100;
  const waitedPercent = waitedNow().map((w, i) => ((w - waited[i]!) / wallMs) * 100);
  loop.disable();
  const up = memory();
  const report = await peers.stop();
  const counts = (await server.counts())!;
  const recording = await server.close();
  return {
    n,
    mode,
    peers: report,
    server: counts,
    cpuPercent: ((used.user + used.system) / 1000 / wallMs) * 100,
    rssKbPerCall: (up.rss - before.rss) / n / 1024,
    heapKbPerCall: (up.heap - before.heap) / n / 1024,
    loopP99Ms: loop.percentile(99) / 1e6,
    recording,
    wallMs,
    waitedPercent,
    usPerPacket: (used.user + used.system) / Math.max(1, relayed),
    mainThreadPercent,
  };
}

const MODE_NAMES: Record<Mode, string> = {
  record: 'bridge + stereo recording',
  bridge: 'bridge, no recording',
  relay: 'baseline: bare UDP relay',
};

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
/** Calls one core could carry at this cost: 100 packets a second each (50 each way). */
const callsPerCore = (r: Row) => 1e6 / (r.usPerPacket * 100);
const lat = (h: Histogram) => `${ms(h.quantile(0.5))}/${ms(h.quantile(0.99))}/${ms(h.max)}`;
const lostOf = (r: Row) =>
  r.peers.callerToAgent.sent -
  r.peers.callerToAgent.received +
  r.peers.agentToCaller.sent -
  r.peers.agentToCaller.received;
const sentOf = (r: Row) => r.peers.callerToAgent.sent + r.peers.agentToCaller.sent;
const skippedShare = (r: Row) => r.peers.skipped / Math.max(1, sentOf(r) + r.peers.skipped);
/** A run tells something only if the phones sent (nearly) everything they should have. */
const verdict = (r: Row) =>
  skippedShare(r) > 0.01 ? 'phones fell behind' : lostOf(r) === 0 ? 'no loss' : 'LOST PACKETS';
const p99Of = (r: Row) =>
  Math.max(r.peers.callerToAgent.latency.quantile(0.99), r.peers.agentToCaller.latency.quantile(0.99));

function direction(name: string, d: PhoneDirection, server: [number, number]): string {
  const lost = d.sent - d.received;
  return (
    `       ${name}  sent/in/relayed/recv ${d.sent}/${server[0]}/${server[1]}/${d.received}` +
    `  lost ${lost} (${((lost / Math.max(1, d.sent)) * 100).toFixed(3)}%)  latency p50/p99/max ${lat(d.latency)} ms`
  );
}

function print(r: Row): void {
  const recSeconds = r.recording.durationMs / 1000;
  console.log(`${String(r.n).padStart(5)}  ${MODE_NAMES[r.mode]}: ${verdict(r)}`);
  console.log(direction('caller→agent', r.peers.callerToAgent, r.server.callerToAgent));
  console.log(direction('agent→caller', r.peers.agentToCaller, r.server.agentToCaller));
  console.log(
    `       server: CPU ${r.cpuPercent.toFixed(0)}% of a core (${(r.cpuPercent / r.n).toFixed(3)}%/call; ` +
      `event loop ${r.mainThreadPercent.toFixed(0)}%), ` +
      `RSS ${r.rssKbPerCall.toFixed(0)} KB/call, heap+buffers ${r.heapKbPerCall.toFixed(0)} KB/call, ` +
      `event-loop delay p99 ${ms(r.loopP99Ms)} ms, wall ${(r.wallMs / 1000).toFixed(1)} s; ` +
      `${r.usPerPacket.toFixed(1)} µs CPU per relayed packet → ${callsPerCore(r).toFixed(0)} calls per core`,
  );
  console.log(
    `       phones: CPU ${r.peers.cpuPercent.toFixed(0)}%, timer late p99 ${ms(r.peers.sendLateness.quantile(0.99))} ms, ` +
      `skipped ${r.peers.skipped} (${(skippedShare(r) * 100).toFixed(1)}%), invalid ${r.peers.invalid}`,
  );
  console.log(
    `       waiting for a CPU: server ${r.waitedPercent[0]!.toFixed(0)}%, phones ` +
      `${r.waitedPercent
        .slice(1)
        .map((w) => w.toFixed(0))
        .join('/')}% of the time; load ${loadavg()[0]!.toFixed(1)}`,
  );
  if (r.recording.recordings > 0)
    console.log(
      `       recordings ${r.recording.recordings}, ${(r.recording.bytes / 1e6).toFixed(1)} MB written, ` +
        `${(r.recording.bytes / Math.max(1, recSeconds)).toFixed(0)} B per recorded second (32000 expected), ` +
        `${(recSeconds / r.recording.recordings).toFixed(1)} s each`,
    );
}

function range(values: number[], digits: number): string {
  const lo = Math.min(...values).toFixed(digits);
  const hi = Math.max(...values).toFixed(digits);
  return lo === hi ? lo : `${lo}–${hi}`;
}

function summary(rows: Row[]): void {
  console.log('\nSummary (ranges over the runs):');
  const head = [
    'calls',
    'mode',
    'runs: no loss / lost / phones behind',
    'lost %',
    'latency p99 ms',
    'CPU %/call',
    'µs/packet',
    'calls/core',
    'RSS KB/call',
    'server waited %',
  ];
  const table: string[][] = [];
  for (const n of COUNTS)
    for (const mode of MODES) {
      const rs = rows.filter((r) => r.n === n && r.mode === mode);
      if (rs.length === 0) continue;
      const count = (v: string) => rs.filter((r) => verdict(r) === v).length;
      table.push([
        String(n),
        MODE_NAMES[mode],
        `${count('no loss')} / ${count('LOST PACKETS')} / ${count('phones fell behind')}`,
        range(
          rs.map((r) => (lostOf(r) / Math.max(1, sentOf(r))) * 100),
          3,
        ),
        range(rs.map(p99Of), 1),
        range(
          rs.map((r) => r.cpuPercent / r.n),
          3,
        ),
        range(
          rs.map((r) => r.usPerPacket),
          1,
        ),
        range(rs.map(callsPerCore), 0),
        range(
          rs.map((r) => r.rssKbPerCall),
          0,
        ),
        range(
          rs.map((r) => r.waitedPercent[0]!),
          0,
        ),
      ]);
    }
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  console.log(head.map((h, i) => h.padEnd(widths[i]!)).join('  '));
  for (const r of table) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  console.log(
    'no loss: every packet arrived; phones behind: the phones skipped > 1% of their packets (CPU starved),',
  );
  console.log('so the run did not offer the full load. CPU %/call: of one core, server process only;');
  console.log(
    'µs/packet: server CPU per packet relayed (recording included); calls/core = 10⁶ / (µs/packet × 100 packets/s).',
  );
}

const peers = await PhoneFarm.start(PHONE_PROCESSES);
console.log(
  `Bridged calls: ${SECONDS} s measured after ${WARMUP_MS} ms of warm-up, 20 ms G.711 both ways, ` +
    `${(ALAW_SHARE * 100).toFixed(0)}% of agents on PCMA; ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)}.`,
);
console.log(
  'sent/in/relayed/recv: sent by the phone / taken in by the server / relayed / received by the other phone.',
);
const rows: Row[] = [];
for (const n of COUNTS)
  for (let repeat = 0; repeat < REPEATS; repeat++)
    for (const mode of MODES) {
      const row = await run(peers, n, mode);
      print(row);
      rows.push(row);
    }
summary(rows);
peers.exit();
