/**
 * Reception statistics of one RTP stream, as RFC 3550 computes them for receiver reports:
 * extended sequence numbers and restarts (Appendix A.1), packets lost = expected − received
 * (A.3), and interarrival jitter (A.8, in timestamp units, reported here in milliseconds).
 * A new SSRC starts a new count; what was lost before is kept.
 */

/** A.1: a jump of fewer than this many numbers ahead is a gap, not a restart. */
const maxDropout = 3000;
/** A.1: a packet up to this many numbers behind is late (reordered or duplicated), not a restart. */
const maxMisorder = 100;
const seqModulo = 65536;

export interface ReceiveStatsSnapshot {
  packets: number;
  bytes: number;
  /** Numbers the sender used that never arrived (gaps in the sequence). */
  lost: number;
  /** Packets that came after a higher sequence number had been seen (reordered or repeated). */
  late: number;
  /** Interarrival jitter of the audio packets (RFC 3550 §6.4.1), in milliseconds. */
  jitterMs: number;
}

export class RtpReceiveStats {
  private packets = 0;
  private bytes = 0;
  private late = 0;
  private lostBefore = 0;
  private ssrc: number | null = null;
  private baseSeq = 0;
  private maxSeq = 0;
  private cycles = 0;
  private received = 0;
  private badSeq = -1;
  private jitter = 0;
  private lastTimestamp: number | null = null;
  private lastArrival = 0;

  constructor(private readonly clockRate = 8000) {}

  /** Records one accepted packet; `timed` is false for packets whose timestamp is not media time (RFC 4733 events). */
  update(
    ssrc: number,
    sequence: number,
    timestamp: number,
    size: number,
    arrivalMs: number,
    timed: boolean,
  ): void {
    this.packets++;
    this.bytes += size;
    if (this.ssrc !== ssrc) this.restart(ssrc, sequence);
    else this.trackSequence(sequence);
    if (timed) this.trackJitter(timestamp, arrivalMs);
  }

  snapshot(): ReceiveStatsSnapshot {
    return {
      packets: this.packets,
      bytes: this.bytes,
      lost: this.lostBefore + this.lostNow(),
      late: this.late,
      jitterMs: this.jitter / (this.clockRate / 1000),
    };
  }

  private lostNow(): number {
    if (this.ssrc === null) return 0;
    const expected = this.cycles + this.maxSeq - this.baseSeq + 1;
    return Math.max(0, expected - this.received);
  }

  private restart(ssrc: number | null, sequence: number): void {
    this.lostBefore += this.lostNow();
    this.ssrc = ssrc;
    this.baseSeq = sequence;
    this.maxSeq = sequence;
    this.cycles = 0;
    this.received = 1;
    this.badSeq = -1;
    this.lastTimestamp = null;
  }

  private trackSequence(sequence: number): void {
    const delta = (sequence - this.maxSeq + seqModulo) % seqModulo;
    if (delta === 0) {
      this.late++; // a repeat of the newest packet (e.g. RFC 4733 end packets)
    } else if (delta < maxDropout) {
      if (sequence < this.maxSeq) this.cycles += seqModulo;
      this.maxSeq = sequence;
      this.received++;
    } else if (delta <= seqModulo - maxMisorder) {
      // A.1: a big jump; two in a row mean the sender restarted its numbering.
      if (sequence === this.badSeq) this.restart(this.ssrc, sequence);
      else this.badSeq = (sequence + 1) % seqModulo;
    } else {
      this.late++;
      this.received++;
    }
  }

  private trackJitter(timestamp: number, arrivalMs: number): void {
    if (this.lastTimestamp !== null) {
      const sent = (timestamp - this.lastTimestamp) | 0; // signed, across the 2^32 wrap
      const arrived = (arrivalMs - this.lastArrival) * (this.clockRate / 1000);
      const d = Math.abs(arrived - sent);
      this.jitter += (d - this.jitter) / 16;
    }
    this.lastTimestamp = timestamp;
    this.lastArrival = arrivalMs;
  }
}
