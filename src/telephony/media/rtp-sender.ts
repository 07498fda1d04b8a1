/**
 * Our side of one RTP stream (RFC 3550 §5.1): one SSRC, sequence numbers that go up by one a packet,
 * and timestamps read from one media clock (8 kHz, random origin, §5.1) so that whoever writes
 * (the player, the DTMF sender, a bridge) the receiver sees a single continuous stream.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import { rtpHeaderBytes, writeRtpHeaderFields } from './rtp-packet.js';

/** Sends a datagram to the peer; false when it was not sent (no address yet, or we must not send). */
export type RtpTransmit = (datagram: Buffer) => boolean;

/** Sees every packet we send (for recording what the caller hears). */
export type SentPacketTap = (payloadType: number, payload: Uint8Array, timestamp: number) => void;

export interface SendStatsSnapshot {
  packets: number;
  /** Payload octets, as RTCP sender reports count them (§6.4.1). */
  bytes: number;
}

export class RtpSender {
  readonly ssrc: number;
  private sequence: number;
  private readonly timestampOrigin: number;
  private readonly clockOrigin: number;
  private packets = 0;
  private bytes = 0;
  private readonly taps = new Set<SentPacketTap>();

  constructor(
    private readonly transmit: RtpTransmit,
    clock: Clock,
    private readonly clockRate = 8000,
  ) {
    const random = randomBytes(10);
    this.ssrc = random.readUInt32BE(0);
    this.sequence = random.readUInt16BE(4);
    this.timestampOrigin = random.readUInt32BE(6);
    this.clockOrigin = clock.monotonic();
  }

  /** The RTP timestamp of a monotonic instant (ms), on this stream's media clock. */
  timestampAt(monotonicMs: number): number {
    const ticks = Math.round(((monotonicMs - this.clockOrigin) * this.clockRate) / 1000);
    return (this.timestampOrigin + ticks) >>> 0;
  }

  /**
   * Sends one packet with the next sequence number; returns whether it left. The payload is
   * `payload[start, end)`, copied into the datagram (so a prompt's frames need no view each).
   */
  send(
    payloadType: number,
    payload: Uint8Array,
    marker: boolean,
    timestamp: number,
    start = 0,
    end = payload.length,
  ): boolean {
    const datagram = Buffer.allocUnsafe(rtpHeaderBytes + end - start);
    writeRtpHeaderFields(datagram, marker, payloadType, this.sequence, timestamp, this.ssrc);
    if (Buffer.isBuffer(payload)) payload.copy(datagram, rtpHeaderBytes, start, end);
    else datagram.set(payload.subarray(start, end), rtpHeaderBytes);
    if (!this.transmit(datagram)) return false;
    this.sequence = (this.sequence + 1) & 0xffff;
    this.packets++;
    this.bytes += end - start;
    if (this.taps.size > 0) {
      const sent = datagram.subarray(rtpHeaderBytes);
      for (const tap of this.taps) tap(payloadType, sent, timestamp);
    }
    return true;
  }

  /** Adds a tap; the returned function removes it. */
  tap(fn: SentPacketTap): () => void {
    this.taps.add(fn);
    return () => this.taps.delete(fn);
  }

  stats(): SendStatsSnapshot {
    return { packets: this.packets, bytes: this.bytes };
  }
}
