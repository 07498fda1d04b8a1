/** Shared pieces of the media tests: a UDP peer on loopback, SDP offers, a test engine. */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../../src/shared/clock.js';
import {
  createMediaEngine,
  decodeRtp,
  type MediaEngine,
  type MediaEngineOptions,
  type RtpPacket,
  silentMediaLogger,
} from '../../../src/telephony/media/index.js';
import { startMediaWorker } from '../../../src/telephony/media-worker/media-worker.js';

export interface Received {
  packet: RtpPacket;
  from: RemoteInfo;
}

/** A UDP socket on 127.0.0.1 that keeps the RTP packets it receives and can wait for them. */
export class UdpPeer {
  readonly received: Received[] = [];
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('message', (bytes, from) => {
      const decoded = decodeRtp(bytes);
      if (decoded.ok)
        this.received.push({
          packet: { ...decoded.packet, payload: Buffer.from(decoded.packet.payload) },
          from,
        });
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async open(): Promise<UdpPeer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new UdpPeer(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(bytes: Buffer, port: number): void {
    this.socket.send(bytes, port, '127.0.0.1');
  }

  /** Resolves once `predicate` holds for what was received; rejects after timeoutMs. */
  async waitFor(
    predicate: (received: Received[]) => boolean,
    timeoutMs = 5000,
    what = 'packets',
  ): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what} (${this.received.length} received)`)),
        timeoutMs,
      );
      const check = () => {
        if (predicate(this.received)) {
          clearTimeout(timer);
          resolve();
        } else {
          this.waiters.push(check);
        }
      };
      check();
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

export interface OfferSpec {
  port: number;
  address?: string;
  /** m= formats with their a=rtpmap, e.g. [[0, 'PCMU/8000'], [101, 'telephone-event/8000']]. */
  formats?: [number, string | undefined][];
  direction?: string;
  /** Put c= at session level (default) or in the m= section. */
  connectionAt?: 'session' | 'media';
  extraMedia?: string;
}

/** An SDP offer as a phone or trunk would send it. */
export function offerSdp(spec: OfferSpec): string {
  const address = spec.address ?? '127.0.0.1';
  const formats = spec.formats ?? [
    [0, 'PCMU/8000'],
    [8, 'PCMA/8000'],
    [101, 'telephone-event/8000'],
  ];
  const c = `c=IN IP4 ${address}`;
  const lines = ['v=0', `o=peer 100 1 IN IP4 ${address}`, 's=call'];
  if (spec.connectionAt !== 'media') lines.push(c);
  lines.push('t=0 0', `m=audio ${spec.port} RTP/AVP ${formats.map((f) => f[0]).join(' ')}`);
  if (spec.connectionAt === 'media') lines.push(c);
  for (const [pt, map] of formats) {
    if (map) lines.push(`a=rtpmap:${pt} ${map}`);
    if (map?.startsWith('telephone-event')) lines.push(`a=fmtp:${pt} 0-16`);
  }
  lines.push('a=ptime:20');
  if (spec.direction) lines.push(`a=${spec.direction}`);
  if (spec.extraMedia) lines.push(spec.extraMedia);
  return `${lines.join('\r\n')}\r\n`;
}

/** A port range of its own for each test file (test files run in parallel). */
export function portRange(size = 400): { min: number; max: number } {
  // Below the fixed ranges the call tests use (30000–39999) and the system's ephemeral ports
  // (32768 and up), where sockets bound to port 0 land.
  const min = 10000 + 2 * Math.floor(Math.random() * (9999 - size));
  return { min, max: min + size * 2 - 1 };
}

export interface TestEngine {
  engine: MediaEngine;
  cacheDir: string;
  close(): Promise<void>;
}

export function testEngine(options: Partial<MediaEngineOptions> & { clock?: Clock } = {}): TestEngine {
  const cacheDir = mkdtempSync(join(tmpdir(), 'hotline-media-'));
  const engine = createMediaEngine({ portRange: portRange(), bindHost: '127.0.0.1', cacheDir, ...options });
  return {
    engine,
    cacheDir,
    async close() {
      await engine.close();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

/** The same engine in the media worker thread, through the main thread's proxies. */
export function workerTestEngine(): TestEngine {
  const cacheDir = mkdtempSync(join(tmpdir(), 'hotline-media-'));
  const worker = startMediaWorker(
    {
      engine: { portRange: portRange(), bindHost: '127.0.0.1', cacheDir },
      webrtc: { portRange: portRange(10) },
    },
    silentMediaLogger,
  );
  return {
    engine: worker.engine,
    cacheDir,
    async close() {
      await worker.close();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the first value `subscribe` delivers, or rejects after timeoutMs. */
export function nextEvent<T>(
  subscribe: (fn: (value: T) => void) => () => void,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('timed out waiting for an event'));
    }, timeoutMs);
    const off = subscribe((value) => {
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}

/** RMS of PCM16 samples. */
export function rmsOf(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}

/** A sine tone as 8 kHz PCM16. */
export function tone(ms: number, frequency = 440, amplitude = 12000): Int16Array {
  const n = Math.round(ms * 8);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(Math.sin((2 * Math.PI * frequency * i) / 8000) * amplitude);
  return out;
}
