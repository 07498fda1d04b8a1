import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IndexedHeap } from '../../src/acd/indexed-heap.js';

/** A small deterministic PRNG (mulberry32), so failures replay. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('IndexedHeap', () => {
  it('pops in order while entries are pushed and deleted from anywhere', () => {
    const next = random(7);
    const heap = new IndexedHeap<number, { key: number; rank: number }>(
      (a, b) => a.rank - b.rank || a.key - b.key,
    );
    const reference = new Map<number, number>();
    for (let step = 0; step < 20_000; step++) {
      const roll = next();
      if (roll < 0.5) {
        const key = step;
        const rank = Math.floor(next() * 50);
        heap.push(key, { key, rank });
        reference.set(key, rank);
      } else if (roll < 0.75 && reference.size > 0) {
        const keys = [...reference.keys()];
        const key = keys[Math.floor(next() * keys.length)]!;
        assert.equal(heap.delete(key)?.key, key);
        reference.delete(key);
      } else {
        const expected = [...reference].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0];
        assert.equal(heap.pop()?.key, expected?.[0]);
        if (expected) reference.delete(expected[0]);
      }
      assert.equal(heap.size, reference.size);
    }
  });

  it('refuses a key twice and ignores deleting a missing one', () => {
    const heap = new IndexedHeap<string, number>((a, b) => a - b);
    heap.push('a', 1);
    assert.throws(() => heap.push('a', 2), /already holds key a/);
    assert.equal(heap.delete('b'), undefined);
    assert.equal(heap.get('a'), 1);
  });
});
