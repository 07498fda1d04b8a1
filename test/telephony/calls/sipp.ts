import { createSocket, type Socket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { encodeG711 } from '../../../src/telephony/media/g711.js';

export const haveSipp = existsSync('/usr/bin/sipp');

/** A caller's media port: counts what Hotline sends and keeps the audio. */
export async function mediaSink(): Promise<{
  socket: Socket;
  port: number;
  packets: Buffer[];
  close(): void;
}> {
  const socket = createSocket('udp4');
  const packets: Buffer[] = [];
  socket.on('message', (m) => packets.push(m));
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  return { socket, port: socket.address().port, packets, close: () => socket.close() };
}

export interface HeardPacket {
  payloadType: number;
  payload: Buffer;
  /** performance.now() when it arrived. */
  at: number;
}

/**
 * The caller's voice and ears: keeps every RTP packet Hotline sends (with its arrival time) and,
 * once Hotline's media address is known (its first packet: symmetric RTP), can send a PCMU tone
 * from the same socket, 20 ms a packet.
 */
export class CallerMedia {
  readonly heard: HeardPacket[] = [];
  private remote: { address: string; port: number } | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('message', (m, from) => {
      this.remote ??= { address: from.address, port: from.port };
      this.heard.push({
        payloadType: m[1]! & 0x7f,
        payload: Buffer.from(m.subarray(12)),
        at: performance.now(),
      });
    });
  }

  static async open(): Promise<CallerMedia> {
    const socket = createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
    return new CallerMedia(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** Speaks a sine tone (PCMU) until stop(); Hotline must have sent a packet first. */
  speak(frequencyHz: number): void {
    const remote = this.remote;
    if (!remote) throw new Error('Hotline has not sent any RTP yet');
    const pcm = new Int16Array(8000);
    for (let i = 0; i < pcm.length; i++)
      pcm[i] = Math.round(Math.sin((2 * Math.PI * frequencyHz * i) / 8000) * 8000);
    const second = encodeG711('PCMU', pcm);
    const ssrc = 0xca11e4;
    let n = 0;
    this.timer = setInterval(() => {
      const at = (n % 50) * 160;
      const packet = Buffer.alloc(12 + 160);
      packet[0] = 0x80;
      packet[1] = n === 0 ? 0x80 : 0;
      packet.writeUInt16BE(n & 0xffff, 2);
      packet.writeUInt32BE((n * 160) >>> 0, 4);
      packet.writeUInt32BE(ssrc, 8);
      packet.set(second.subarray(at, at + 160), 12);
      this.socket.send(packet, remote.port, remote.address);
      n++;
    }, 20);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  close(): void {
    this.stop();
    this.socket.close();
  }
}

export { runSipp } from '../../helpers/sipp.js';
