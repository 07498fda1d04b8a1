import type { Clock, Timer } from '../../shared/clock.js';

/** Something that ends when its lingering time is up. */
export interface Lingering {
  expire(): void;
}

/**
 * Transactions waiting out a fixed time before they end: Timers D, I, J, K (§17) and L, M
 * (RFC 6026), which nothing cancels but the end of the transaction itself. Most transactions
 * spend 32 s in one of them; instead of a clock timer each, they wait in one first-in first-out
 * queue per duration (entries of one duration expire in the order they came), with a single
 * clock timer for the queue's head. Each still expires at its own due time.
 */
export class LingerQueues {
  private readonly queues = new Map<number, LingerQueue>();

  constructor(private readonly clock: Clock) {}

  add(ms: number, item: Lingering): void {
    let queue = this.queues.get(ms);
    if (queue === undefined) {
      queue = new LingerQueue(this.clock);
      this.queues.set(ms, queue);
    }
    queue.push(this.clock.monotonic() + ms, item);
  }

  /** Entries waiting, for the stack's statistics. */
  get size(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.size;
    return n;
  }

  /** Drops every entry without expiring it (the stack is closing). */
  clear(): void {
    for (const q of this.queues.values()) q.clear();
    this.queues.clear();
  }
}

class LingerQueue {
  private due: number[] = [];
  private items: (Lingering | undefined)[] = [];
  private head = 0;
  private timer: Timer | undefined;

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.due.length - this.head;
  }

  push(at: number, item: Lingering): void {
    this.due.push(at);
    this.items.push(item);
    if (this.timer === undefined) this.arm();
  }

  clear(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.due = [];
    this.items = [];
    this.head = 0;
  }

  private arm(): void {
    const delay = this.due[this.head]! - this.clock.monotonic();
    this.timer = this.clock.setTimer(Math.max(0, delay), () => this.fire());
  }

  private fire(): void {
    this.timer = undefined;
    // A system timer may fire a fraction of a millisecond before the monotonic clock's due time.
    const now = this.clock.monotonic() + 1;
    while (this.head < this.due.length && this.due[this.head]! <= now) {
      const item = this.items[this.head];
      this.items[this.head] = undefined;
      this.head++;
      item?.expire();
    }
    if (this.head > 1024 && this.head * 2 > this.due.length) {
      this.due = this.due.slice(this.head);
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (this.head < this.due.length) this.arm();
    else this.clear();
  }
}
