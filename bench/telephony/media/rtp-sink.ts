/**
 * The receiving end of the playback benchmark, run as a child process so that it does not share
 * the sender's event loop: UDP sockets on 127.0.0.1 that count RTP packets per SSRC, the sequence
 * gaps, and the inter-arrival jitter |Δarrival − 20 ms|. Like a phone, it sends RTP too (one
 * packet to each call when asked, one back to each new stream), so that the calls' symmetric-RTP
 * latches lock as in real calls. Driven over IPC by the benchmarks, through rtp-sink-client.ts.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { LatencyHistogram } from '../../../src/telephony/media/latency-histogram.js';

export type SinkRequest =
  | { type: 'reset' }
  | { type: 'report' }
  | { type: 'exit' }
  /** Sends one RTP packet from sink socket `from` to each port, as a phone does once answered. */
  | { type: 'greet'; targets: { from: number; port: number }[] };
export type SinkMessage =
  | { type: 'ready'; ports: number[] }
  | {
      type: 'report';
      packets: number;
      /** Packets whose payload is not all μ-law silence (0xff): the prompt's. */
      audio: number;
      streams: number;
      gaps: number;
      arrival: { p50Ms: number; p99Ms: number; maxMs: number };
    };

interface Stream {
  lastSequence: number;
  lastArrival: number;
}

const socketCount = 4;
const streams = new Map<number, Stream>();
const arrival = new LatencyHistogram();
let packets = 0;
let audio = 0;
let gaps = 0;

const reply = Buffer.alloc(172, 0xff);
reply[0] = 0x80;

function onDatagram(this: Socket, bytes: Buffer, from: RemoteInfo): void {
  if (bytes.length < 12) return;
  const now = performance.now();
  packets++;
  for (let i = 12; i < bytes.length; i++) {
    if (bytes[i] !== 0xff) {
      audio++;
      break;
    }
  }
  const ssrc = bytes.readUInt32BE(8);
  const sequence = bytes.readUInt16BE(2);
  const s = streams.get(ssrc);
  if (!s) {
    streams.set(ssrc, { lastSequence: sequence, lastArrival: now });
    this.send(reply, from.port, from.address);
    return;
  }
  const gap = (sequence - s.lastSequence - 1 + 65536) % 65536;
  if (gap < 30000) gaps += gap;
  arrival.record(Math.abs(now - s.lastArrival - 20));
  s.lastSequence = sequence;
  s.lastArrival = now;
}

function bind(): Promise<Socket> {
  const socket = createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
  socket.on('message', onDatagram);
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket)));
}

const sockets = await Promise.all(Array.from({ length: socketCount }, bind));
const send = (m: SinkMessage) => process.send?.(m);
process.on('message', (m: SinkRequest) => {
  if (m.type === 'reset') {
    streams.clear();
    arrival.reset();
    packets = 0;
    audio = 0;
    gaps = 0;
  } else if (m.type === 'greet') {
    for (const t of m.targets) sockets[t.from]?.send(reply, t.port, '127.0.0.1');
  } else if (m.type === 'report') {
    const { p50Ms, p99Ms, maxMs } = arrival.summary();
    send({ type: 'report', packets, audio, streams: streams.size, gaps, arrival: { p50Ms, p99Ms, maxMs } });
  } else {
    process.disconnect();
  }
});
// The benchmark ended (or died): so does the receiver.
process.on('disconnect', () => {
  for (const s of sockets) s.close();
});
send({ type: 'ready', ports: sockets.map((s) => s.address().port) });
