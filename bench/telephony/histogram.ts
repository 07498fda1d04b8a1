/**
 * A histogram of durations for benchmarks whose figures come from several processes: counts per
 * 0.1 ms up to 2 s (then one overflow bucket), plain data that crosses IPC and merges exactly.
 */
export class Histogram {
  static readonly bucketMs = 0.1;
  readonly counts: number[];
  max = 0;

  constructor(data?: HistogramData) {
    this.counts = data ? [...data.counts] : new Array<number>(20_001).fill(0);
    this.max = data?.max ?? 0;
  }

  record(ms: number): void {
    const v = Math.max(0, ms);
    this.counts[Math.min(this.counts.length - 1, Math.floor(v / Histogram.bucketMs))]!++;
    if (v > this.max) this.max = v;
  }

  merge(other: HistogramData): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += other.counts[i] ?? 0;
    this.max = Math.max(this.max, other.max);
  }

  get total(): number {
    return this.counts.reduce((a, b) => a + b, 0);
  }

  quantile(q: number): number {
    const total = this.total;
    if (total === 0) return 0;
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= Math.ceil(q * total))
        return i === this.counts.length - 1 ? this.max : (i + 1) * Histogram.bucketMs;
    }
    return this.max;
  }

  reset(): void {
    this.counts.fill(0);
    this.max = 0;
  }
}

export interface HistogramData {
  counts: number[];
  max: number;
}
