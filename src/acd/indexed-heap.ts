/**
 * A binary heap that also finds entries by key, so an entry can leave from the middle in
 * O(log n): a ready agent who goes notReady, a waiting caller who hangs up.
 */
export class IndexedHeap<K, V> {
  private readonly keys: K[] = [];
  private readonly values: V[] = [];
  private readonly positions = new Map<K, number>();

  /** `compare(a, b) < 0` puts a before b. */
  constructor(private readonly compare: (a: V, b: V) => number) {}

  get size(): number {
    return this.keys.length;
  }

  has(key: K): boolean {
    return this.positions.has(key);
  }

  get(key: K): V | undefined {
    const i = this.positions.get(key);
    return i === undefined ? undefined : this.values[i];
  }

  peek(): V | undefined {
    return this.values[0];
  }

  peekKey(): K | undefined {
    return this.keys[0];
  }

  push(key: K, value: V): void {
    if (this.positions.has(key)) throw new Error(`heap already holds key ${String(key)}`);
    this.keys.push(key);
    this.values.push(value);
    this.positions.set(key, this.keys.length - 1);
    this.siftUp(this.keys.length - 1);
  }

  pop(): V | undefined {
    const key = this.keys[0];
    return key === undefined ? undefined : this.delete(key);
  }

  delete(key: K): V | undefined {
    const i = this.positions.get(key);
    if (i === undefined) return undefined;
    const value = this.values[i]!;
    const last = this.keys.length - 1;
    if (i !== last) this.move(last, i);
    this.keys.pop();
    this.values.pop();
    this.positions.delete(key);
    if (i !== last) {
      this.siftUp(i);
      this.siftDown(i);
    }
    return value;
  }

  /** Entries in no particular order. */
  entries(): IterableIterator<V> {
    return this.values.values();
  }

  private siftUp(start: number): void {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(this.values[i]!, this.values[parent]!) >= 0) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(start: number): void {
    let i = start;
    const n = this.keys.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) return;
      const right = left + 1;
      let child = left;
      if (right < n && this.compare(this.values[right]!, this.values[left]!) < 0) child = right;
      if (this.compare(this.values[child]!, this.values[i]!) >= 0) return;
      this.swap(i, child);
      i = child;
    }
  }

  private swap(a: number, b: number): void {
    const key = this.keys[a]!;
    const value = this.values[a]!;
    this.move(b, a);
    this.keys[b] = key;
    this.values[b] = value;
    this.positions.set(key, b);
  }

  /** Copies the entry at `from` into slot `to`. */
  private move(from: number, to: number): void {
    const key = this.keys[from]!;
    this.keys[to] = key;
    this.values[to] = this.values[from]!;
    this.positions.set(key, to);
  }
}
