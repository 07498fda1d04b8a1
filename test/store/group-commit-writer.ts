/**
 * The child process of group-commit-crash.test.ts: opens the SQLite store in the folder given,
 * writes call-record-sized rows through store.writes from many concurrent writers, and prints the
 * key of each write once it is acknowledged, until it is killed.
 */
import { openStore } from '../../src/store/database.js';

const store = await openStore({ dataDir: process.argv[2]! });
const value = 'x'.repeat(2000);
let n = 0;
const writer = async (w: number) => {
  for (;;) {
    const key = `k${w}-${n++}`;
    await store.writes.write(store.db.insertInto('settings').values({ key, value }));
    process.stdout.write(`${key}\n`);
  }
};
await Promise.all(Array.from({ length: 20 }, (_, w) => writer(w)));
