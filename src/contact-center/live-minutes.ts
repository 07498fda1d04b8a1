import type { CallEvent } from '../acd/types.js';

/** One minute of an instance's queues, for the live view's charts. */
export interface MinuteStats {
  /** Start of the minute (ISO 8601). */
  minute: string;
  /** Calls that reached a queue in this minute (queued, or offered to an agent at once). */
  queued: number;
  answered: number;
  /** Callers who hung up while waiting. */
  abandoned: number;
  /** Calls that left the queue unanswered otherwise: queue timeout, queue full, no agents. */
  unanswered: number;
  /** Mean time in queue of the calls whose wait ended in this minute; null when none did. */
  averageWaitMs: number | null;
}

interface Bucket {
  queued: number;
  answered: number;
  abandoned: number;
  unanswered: number;
  waitedMs: number;
  waits: number;
}

const MINUTE_MS = 60_000;

/**
 * Per-minute counters of one instance's ACD, from its call events, kept for the last `minutes`
 * minutes in memory. A call's wait runs from its first event (queued, or offered at once) to the
 * event that ends it (answered, abandoned, timeout, overflow, noAgents).
 */
export class MinuteCounters {
  private readonly buckets = new Map<number, Bucket>();
  /** Calls waiting now: when their wait began. */
  private readonly waiting = new Map<string, number>();

  constructor(
    private readonly minutes = 60,
    private readonly maxWaiting = 50_000,
  ) {}

  record(event: CallEvent): void {
    const key = `${event.skillGroupId}\u0000${event.callId}`;
    let start = this.waiting.get(key);
    if (start === undefined) {
      start = event.at;
      this.bucket(event.at).queued++;
    }
    const outcome = OUTCOME[event.type];
    if (outcome === undefined) {
      if (!this.waiting.has(key)) this.startWaiting(key, start);
      return;
    }
    this.waiting.delete(key);
    const bucket = this.bucket(event.at);
    bucket[outcome]++;
    bucket.waitedMs += Math.max(0, event.at - start);
    bucket.waits++;
  }

  /** The last `minutes` minutes up to the one holding `now`, oldest first (empty minutes too). */
  series(now: number): MinuteStats[] {
    const last = Math.floor(now / MINUTE_MS);
    this.prune(last);
    const out: MinuteStats[] = [];
    for (let m = last - this.minutes + 1; m <= last; m++) {
      const b = this.buckets.get(m);
      out.push({
        minute: new Date(m * MINUTE_MS).toISOString(),
        queued: b?.queued ?? 0,
        answered: b?.answered ?? 0,
        abandoned: b?.abandoned ?? 0,
        unanswered: b?.unanswered ?? 0,
        averageWaitMs: b && b.waits > 0 ? Math.round(b.waitedMs / b.waits) : null,
      });
    }
    return out;
  }

  private bucket(at: number): Bucket {
    const m = Math.floor(at / MINUTE_MS);
    let b = this.buckets.get(m);
    if (!b) {
      b = { queued: 0, answered: 0, abandoned: 0, unanswered: 0, waitedMs: 0, waits: 0 };
      this.buckets.set(m, b);
      this.prune(m);
    }
    return b;
  }

  private startWaiting(key: string, start: number): void {
    this.waiting.set(key, start);
    // A call whose end never arrives must not grow the map for ever: forget the oldest.
    if (this.waiting.size > this.maxWaiting) {
      const oldest = this.waiting.keys().next().value;
      if (oldest !== undefined) this.waiting.delete(oldest);
    }
  }

  private prune(lastMinute: number): void {
    for (const m of this.buckets.keys()) if (m <= lastMinute - this.minutes) this.buckets.delete(m);
  }
}

const OUTCOME: Partial<Record<CallEvent['type'], 'answered' | 'abandoned' | 'unanswered'>> = {
  answered: 'answered',
  abandoned: 'abandoned',
  timeout: 'unanswered',
  overflow: 'unanswered',
  noAgents: 'unanswered',
};
