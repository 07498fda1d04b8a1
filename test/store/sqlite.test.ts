import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../src/store/database.js';
import { storeSuite } from './store-suite.js';

const dataDir = mkdtempSync(join(tmpdir(), 'hotline-sqlite-'));
storeSuite(
  'sqlite',
  () => openStore({ dataDir }),
  () => openStore({ dataDir }),
);

describe('sqlite: the main connection and the group-commit writer thread', () => {
  it('a transaction that reads, then writes after the writer thread committed, still commits', async () => {
    const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'hotline-sqlite-tx-')) });
    try {
      await store.writes.write(store.db.insertInto('settings').values({ key: 'warm', value: '1' }));
      let other: Promise<unknown> | undefined;
      await store.db.transaction().execute(async (tx) => {
        await tx.selectFrom('settings').selectAll().execute();
        other = store.writes.write(store.db.insertInto('settings').values({ key: 'writer', value: '1' }));
        // The writer thread tries to commit meanwhile (it may only once this transaction is over).
        await Promise.race([other, new Promise((r) => setTimeout(r, 300))]);
        await tx.insertInto('settings').values({ key: 'main', value: '1' }).execute();
      });
      await other;
      const keys = (await store.db.selectFrom('settings').select('key').execute()).map((r) => r.key).sort();
      assert.deepEqual(keys, ['main', 'warm', 'writer']);
    } finally {
      await store.close();
    }
  });
});
