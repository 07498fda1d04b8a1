/**
 * A fixed-bucket histogram of small durations (0.1 ms buckets up to 100 ms, then one overflow
 * bucket), cheap enough to record every RTP frame, for p50/p99 figures without keeping samples.
 */
const bucketMs = 0.1;
const buckets = 1000;

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export class LatencyHistogram {
  private readonly counts = new Uint32Array(buckets + 1);
  private total = 0;
  private max = 0;

  record(ms: number): void {
    const v = Math.max(ms, 0);
    const i = Math.min(buckets, Math.floor(v / bucketMs));
    this.counts[i]!++;
    this.total++;
    if (v > this.max) this.max = v;
  }

  /** The upper edge of the bucket holding quantile q (0–1); 0 when empty. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.ceil(q * this.total);
    let seen = 0;
    for (let i = 0; i <= buckets; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return i === buckets ? this.max : (i + 1) * bucketMs;
    }
    return this.max;
  }

  summary(): LatencySummary {
    return { count: this.total, p50Ms: this.quantile(0.5), p99Ms: this.quantile(0.99), maxMs: this.max };
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.max = 0;
  }
}
