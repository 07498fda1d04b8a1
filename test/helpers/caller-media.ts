/**
 * A caller's media port for sipp calls: the SDP names this UDP socket, so the test hears what
 * Hotline sends (packets kept with their arrival time) and, when asked, talks back: a μ-law tone
 * every 20 ms to whoever sent it audio (symmetric RTP).
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import alawmulaw from 'alawmulaw';

export interface CallerMedia {
  socket: Socket;
  port: number;
  packets: Buffer[];
  /** Arrival time (Date.now()) of each packet in `packets`. */
  arrivals: number[];
  /** Linear samples of the μ-law (payload type 0) packets that arrived in [from, to). */
  heard(from?: number, to?: number): Int16Array;
  close(): void;
}

export async function callerMedia(options: { talkToneHz?: number } = {}): Promise<CallerMedia> {
  const socket = createSocket('udp4');
  const packets: Buffer[] = [];
  const arrivals: number[] = [];
  let peer: RemoteInfo | undefined;
  let talking: NodeJS.Timeout | undefined;
  let seq = 0;
  let phase = 0;
  const ssrc = 0x1234abcd;
  socket.on('message', (m, from) => {
    packets.push(m);
    arrivals.push(Date.now());
    peer ??= from;
    if (options.talkToneHz && !talking) {
      talking = setInterval(() => {
        if (!peer) return;
        const pcm = new Int16Array(160);
        for (let i = 0; i < 160; i++)
          pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * options.talkToneHz! * (phase + i)) / 8000));
        phase += 160;
        const header = Buffer.alloc(12);
        header[0] = 0x80;
        header[1] = 0;
        header.writeUInt16BE(seq++ & 0xffff, 2);
        header.writeUInt32BE((phase >>> 0) & 0xffffffff, 4);
        header.writeUInt32BE(ssrc, 8);
        socket.send(
          Buffer.concat([header, Buffer.from(alawmulaw.mulaw.encode(pcm))]),
          peer.port,
          peer.address,
        );
      }, 20);
    }
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  return {
    socket,
    port: socket.address().port,
    packets,
    arrivals,
    heard(from = 0, to = Number.POSITIVE_INFINITY) {
      const chunks: Int16Array[] = [];
      packets.forEach((p, i) => {
        const at = arrivals[i]!;
        if (at < from || at >= to || (p[1]! & 0x7f) !== 0) return;
        chunks.push(alawmulaw.mulaw.decode(p.subarray(12)));
      });
      const out = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
      let o = 0;
      for (const c of chunks) {
        out.set(c, o);
        o += c.length;
      }
      return out;
    },
    close() {
      if (talking) clearInterval(talking);
      socket.close();
    },
  };
}
