/**
 * One direction of a recording on the recording's own timeline (samples since it began). The first
 * packet of a stream is placed where it arrived; the following ones where their RTP timestamps put
 * them (RFC 3550 §5.1), so jitter does not stretch the audio and lost packets leave silence of the
 * right length. A new SSRC, or a timestamp more than a second away from the arrival time, anchors
 * again. Samples wait in a window until committed, so packets that arrive out of order still land.
 */

const reanchorSamples = 8000;
/** Bound on uncommitted audio (the recorder commits far more often than this). */
const maxPendingSamples = 8000 * 60;

export class TrackTimeline {
  private committed = 0;
  private pending = new Int16Array(8000);
  private placedEnd = 0;
  private anchor: { ssrc: number; timestamp: number; position: number } | undefined;
  private lateSamples = 0;

  /** Places decoded samples; `arrivalPosition` is where "now" is on the timeline. */
  place(ssrc: number, timestamp: number, pcm: Int16Array, arrivalPosition: number): void {
    let position = arrivalPosition;
    const a = this.anchor;
    if (a && a.ssrc === ssrc) {
      const predicted = a.position + ((timestamp - a.timestamp) | 0);
      if (Math.abs(predicted - arrivalPosition) <= reanchorSamples) position = predicted;
      else this.anchor = { ssrc, timestamp, position };
    } else {
      this.anchor = { ssrc, timestamp, position };
    }
    this.write(position, pcm);
  }

  /** Samples from the last commit up to `upTo` (silence where nothing arrived); they can no longer change. */
  take(upTo: number): Int16Array {
    const n = Math.max(0, Math.min(upTo - this.committed, maxPendingSamples));
    const out = new Int16Array(n);
    out.set(this.pending.subarray(0, Math.min(n, this.pending.length)));
    this.pending.copyWithin(0, Math.min(n, this.pending.length));
    this.pending.fill(0, Math.max(0, this.pending.length - n));
    this.committed += n;
    return out;
  }

  /** End of the latest audio placed (samples). */
  get end(): number {
    return this.placedEnd;
  }

  /** Samples that came after their place had been committed, and were dropped. */
  get late(): number {
    return this.lateSamples;
  }

  private write(position: number, pcm: Int16Array): void {
    let from = 0;
    if (position < this.committed) {
      from = Math.min(pcm.length, this.committed - position);
      this.lateSamples += from;
    }
    const start = position + from - this.committed;
    const end = position + pcm.length - this.committed;
    if (end <= start) return;
    if (end > maxPendingSamples) {
      this.lateSamples += pcm.length - from;
      return;
    }
    if (end > this.pending.length) {
      const grown = new Int16Array(Math.min(maxPendingSamples, Math.max(end, this.pending.length * 2)));
      grown.set(this.pending);
      this.pending = grown;
    }
    this.pending.set(pcm.subarray(from), start);
    this.placedEnd = Math.max(this.placedEnd, position + pcm.length);
  }
}
