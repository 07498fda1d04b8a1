/**
 * The phones of the bridged-calls benchmark, run as a child process so that they do not share the
 * server's event loop: for each call a caller peer and an agent peer, each one UDP socket on
 * 127.0.0.1 that sends 20 ms G.711 packets to its leg and counts what comes back from the other
 * peer through the bridge. Every peer is paced by one shared timer (ten 2 ms slots, so the calls'
 * packets are spread over each 20 ms as real phones' are, not sent in one burst).
 *
 * Each payload carries its send time (performance.now(), same clock for both peers of a call) and a
 * check word, written in 16 byte values that survive the bridge's PCMU ↔ PCMA conversion, so the
 * receiving peer measures the relay latency and ignores anything else (comfort silence sent before
 * the bridge). Driven over IPC by bridged.ts.
 */
import { createSocket, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { type G711Codec, transcodeG711 } from '../../src/telephony/media/g711.js';

import { Histogram, type HistogramData } from './histogram.js';

export type PeersRequest =
  /** Binds a caller and an agent socket per call (agentLaw per call). */
  | { type: 'open'; agentLaws: G711Codec[] }
  /**
   * Starts sending to the server ports; latency is recorded for packets sent after warmupMs.
   * transcoded: the server converts laws (a bridge), or passes bytes through (a bare relay).
   */
  | { type: 'start'; targets: { caller: number; agent: number }[]; warmupMs: number; transcoded: boolean }
  /** Stops sending, lets the last packets land, reports and closes the sockets. */
  | { type: 'stop' }
  | { type: 'exit' };

export interface DirectionReport {
  sent: number;
  received: number;
  latency: HistogramData;
}

export type PeersMessage =
  | { type: 'ready' }
  | { type: 'opened'; ports: { caller: number; agent: number }[] }
  | {
      type: 'report';
      /** Caller peer → agent peer, and back. */
      callerToAgent: DirectionReport;
      agentToCaller: DirectionReport;
      /** How late the shared send timer fired (ms). */
      sendLateness: HistogramData;
      /** Payloads that decoded to no valid packet (other than the comfort silence before bridging). */
      invalid: number;
      /** Packets the phones did not send because their timer stalled for more than a period. */
      skipped: number;
      cpuPercent: number;
    };

const SLOTS = 10;
const SLOT_MS = 2;
const PERIOD_MS = SLOTS * SLOT_MS;
const PAYLOAD = 160;
/** Nibbles: 16 for the float64 send time, 4 for the check word. */
const STAMP_NIBBLES = 20;
const CHECK = 0xbeef;

/** 16 byte values of `law` whose conversion to the other law gives 16 different values too. */
function alphabetOf(law: G711Codec): Uint8Array {
  const other: G711Codec = law === 'PCMU' ? 'PCMA' : 'PCMU';
  const picked: number[] = [];
  const images = new Set<number>();
  for (let b = 0x00; b < 0x100 && picked.length < 16; b += 3) {
    const image = transcodeG711(law, other, Uint8Array.of(b))[0]!;
    // Loud samples (far from the silence bytes) convert one to one.
    if (images.has(image) || b === 0xff || b === 0x7f || b === 0xd5 || b === 0x55) continue;
    picked.push(b);
    images.add(image);
  }
  return Uint8Array.from(picked);
}

const alphabet: Record<G711Codec, Uint8Array> = { PCMU: alphabetOf('PCMU'), PCMA: alphabetOf('PCMA') };

/** byte → nibble (or −1) for bytes sent in `from` and received in `to`. */
function decoderFor(from: G711Codec, to: G711Codec): Int8Array {
  const table = new Int8Array(256).fill(-1);
  const sent = alphabet[from];
  const received = from === to ? sent : transcodeG711(from, to, sent);
  for (let n = 0; n < 16; n++) table[received[n]!] = n;
  return table;
}

const decoders = new Map<string, Int8Array>();
function decoder(from: G711Codec, to: G711Codec): Int8Array {
  const key = `${from}>${to}`;
  let d = decoders.get(key);
  if (!d) {
    d = decoderFor(from, to);
    decoders.set(key, d);
  }
  return d;
}

interface Peer {
  socket: Socket;
  law: G711Codec;
  /** The other peer's law (what it writes in). */
  partnerLaw: G711Codec;
  target: number;
  ssrc: number;
  sequence: number;
  timestamp: number;
  /** caller peers count agent→caller packets, and the other way round. */
  direction: Direction;
  decode: Int8Array;
}

class Direction {
  sent = 0;
  received = 0;
  readonly latency = new Histogram();
  report(): DirectionReport {
    const { counts, max } = this.latency;
    return { sent: this.sent, received: this.received, latency: { counts, max } };
  }
}

let peers: Peer[] = [];
let callerToAgent = new Direction();
let agentToCaller = new Direction();
const lateness = new Histogram();
let invalid = 0;
let skipped = 0;
let refused = 0;
let measureFrom = Number.POSITIVE_INFINITY;
let timer: NodeJS.Timeout | undefined;
let cpuAtStart = process.cpuUsage();
let startedAt = 0;
const stampScratch = new DataView(new ArrayBuffer(8));

function send(peer: Peer, now: number): void {
  const packet = Buffer.allocUnsafe(12 + PAYLOAD);
  packet[0] = 0x80;
  packet[1] = peer.law === 'PCMU' ? 0 : 8;
  packet.writeUInt16BE(peer.sequence, 2);
  packet.writeUInt32BE(peer.timestamp, 4);
  packet.writeUInt32BE(peer.ssrc, 8);
  peer.sequence = (peer.sequence + 1) & 0xffff;
  peer.timestamp = (peer.timestamp + PAYLOAD) >>> 0;
  const letters = alphabet[peer.law];
  stampScratch.setFloat64(0, now);
  for (let i = 0; i < 8; i++) {
    const byte = stampScratch.getUint8(i);
    packet[12 + 2 * i] = letters[byte >> 4]!;
    packet[13 + 2 * i] = letters[byte & 15]!;
  }
  for (let i = 0; i < 4; i++) packet[12 + 16 + i] = letters[(CHECK >> (12 - 4 * i)) & 15]!;
  packet.fill(letters[5]!, 12 + STAMP_NIBBLES);
  peer.socket.send(packet);
  // The direction this peer sends in: its partner's counter.
  (peer.direction === agentToCaller ? callerToAgent : agentToCaller).sent++;
}

/** A period the phone's timer missed: its sequence number and timestamp move on, nothing is sent. */
function skip(peer: Peer): void {
  peer.sequence = (peer.sequence + 1) & 0xffff;
  peer.timestamp = (peer.timestamp + PAYLOAD) >>> 0;
  skipped++;
}

function onPacket(peer: Peer, bytes: Buffer): void {
  if (bytes.length !== 12 + PAYLOAD) return void invalid++;
  const d = peer.decode;
  for (let i = 0; i < 8; i++) {
    const hi = d[bytes[12 + 2 * i]!]!;
    const lo = d[bytes[13 + 2 * i]!]!;
    if (hi < 0 || lo < 0) return void invalid++;
    stampScratch.setUint8(i, (hi << 4) | lo);
  }
  let check = 0;
  for (let i = 0; i < 4; i++) {
    const n = d[bytes[12 + 16 + i]!]!;
    if (n < 0) return void invalid++;
    check = (check << 4) | n;
  }
  if (check !== CHECK) return void invalid++;
  const sentAt = stampScratch.getFloat64(0);
  peer.direction.received++;
  if (sentAt >= measureFrom) peer.direction.latency.record(performance.now() - sentAt);
}

function bind(): Promise<Socket> {
  const socket = createSocket({ type: 'udp4', recvBufferSize: 256 * 1024 });
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket)));
}

async function open(agentLaws: G711Codec[]): Promise<{ caller: number; agent: number }[]> {
  peers = [];
  callerToAgent = new Direction();
  agentToCaller = new Direction();
  const ports: { caller: number; agent: number }[] = [];
  for (const [i, agentLaw] of agentLaws.entries()) {
    const [c, a] = await Promise.all([bind(), bind()]);
    const base = { sequence: i & 0xffff, timestamp: i * 1000, target: 0 };
    const caller: Peer = {
      ...base,
      socket: c,
      law: 'PCMU',
      partnerLaw: agentLaw,
      ssrc: 0x10000000 + i,
      direction: agentToCaller,
      decode: decoder(agentLaw, 'PCMU'),
    };
    const agent: Peer = {
      ...base,
      socket: a,
      law: agentLaw,
      partnerLaw: 'PCMU',
      ssrc: 0x20000000 + i,
      direction: callerToAgent,
      decode: decoder('PCMU', agentLaw),
    };
    // A connected socket hears ECONNREFUSED once the server's port is closed at the end of a run.
    for (const s of [c, a]) s.on('error', () => refused++);
    c.on('message', (m) => onPacket(caller, m));
    a.on('message', (m) => onPacket(agent, m));
    peers.push(caller, agent);
    ports.push({ caller: c.address().port, agent: a.address().port });
  }
  return ports;
}

async function start(m: Extract<PeersRequest, { type: 'start' }>): Promise<void> {
  for (const [i, t] of m.targets.entries()) {
    const caller = peers[2 * i]!;
    const agent = peers[2 * i + 1]!;
    caller.target = t.caller;
    agent.target = t.agent;
    // A bare relay passes the bytes as they were written.
    caller.decode = m.transcoded
      ? decoder(caller.partnerLaw, caller.law)
      : decoder(caller.partnerLaw, caller.partnerLaw);
    agent.decode = m.transcoded
      ? decoder(agent.partnerLaw, agent.law)
      : decoder(agent.partnerLaw, agent.partnerLaw);
  }
  // Connected, as phones' sockets usually are: each send names no address (cheaper, for both sides).
  await Promise.all(peers.map((p) => new Promise<void>((r) => p.socket.connect(p.target, '127.0.0.1', r))));
  // Slot of each peer: the two peers of a call half a period apart.
  const slots: Peer[][] = Array.from({ length: SLOTS }, () => []);
  for (const [i, p] of peers.entries()) slots[(Math.floor(i / 2) + (i % 2) * (SLOTS / 2)) % SLOTS]!.push(p);
  lateness.reset();
  invalid = 0;
  skipped = 0;
  cpuAtStart = process.cpuUsage();
  startedAt = performance.now();
  measureFrom = startedAt + m.warmupMs;
  let k = 0;
  const step = () => {
    const now = performance.now();
    let nextAt = startedAt + k * SLOT_MS;
    // Phones do not send seconds of audio in one burst: after a stall, the periods missed are skipped.
    while (nextAt < now - PERIOD_MS) {
      for (const p of slots[k % SLOTS]!) skip(p);
      k++;
      nextAt = startedAt + k * SLOT_MS;
    }
    while (nextAt <= now) {
      if (nextAt >= measureFrom) lateness.record(now - nextAt);
      for (const p of slots[k % SLOTS]!) send(p, now);
      k++;
      nextAt = startedAt + k * SLOT_MS;
    }
    timer = setTimeout(step, Math.max(0, nextAt - performance.now()));
  };
  step();
}

async function stop(): Promise<PeersMessage> {
  clearTimeout(timer);
  const wall = performance.now() - startedAt;
  const cpu = process.cpuUsage(cpuAtStart);
  await new Promise((r) => setTimeout(r, 500)); // the last packets land
  const report: PeersMessage = {
    type: 'report',
    callerToAgent: callerToAgent.report(),
    agentToCaller: agentToCaller.report(),
    sendLateness: { counts: lateness.counts, max: lateness.max },
    invalid,
    skipped,
    cpuPercent: ((cpu.user + cpu.system) / 1000 / wall) * 100,
  };
  await Promise.all(peers.map((p) => new Promise<void>((resolve) => p.socket.close(() => resolve()))));
  peers = [];
  return report;
}

const reply = (m: PeersMessage) => process.send?.(m);
process.on('message', (m: PeersRequest) => {
  if (m.type === 'open') void open(m.agentLaws).then((ports) => reply({ type: 'opened', ports }));
  else if (m.type === 'start') void start(m);
  else if (m.type === 'stop') void stop().then(reply);
  else process.disconnect();
});
process.on('disconnect', () => {
  clearTimeout(timer);
  for (const p of peers) p.socket.close();
});
reply({ type: 'ready' });
