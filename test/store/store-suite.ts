import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { createAccounts } from '../../src/accounts/accounts.js';
import { createSessions } from '../../src/accounts/sessions.js';
import { createSignInThrottle } from '../../src/accounts/sign-in-throttle.js';
import { loadConfig } from '../../src/config/config.js';
import { createFunctionRegistry } from '../../src/functions/registry.js';
import { createTestEvents } from '../../src/functions/test-events.js';
import { systemClock } from '../../src/shared/clock.js';
import { isHotlineError } from '../../src/shared/errors.js';
import { VirtualClock } from '../../src/shared/virtual-clock.js';
import type { Store } from '../../src/store/database.js';
import { preparedQuery } from '../../src/store/prepared-query.js';
import type { Database } from '../../src/store/schema.js';

/**
 * One suite for every store backend: the same operations through the real modules must behave the
 * same on SQLite and PostgreSQL.
 */
export function storeSuite(name: string, open: () => Promise<Store>, reopen: () => Promise<Store>): void {
  describe(`store conformance: ${name}`, () => {
    let store: Store;
    const config = loadConfig({ env: {}, overrides: { dataDir: '/nonexistent' } });
    before(async () => {
      store = await open();
    });
    after(async () => {
      await store.close();
    });

    const files = (text: string) => new Map([['index.js', Buffer.from(text)]]);
    const settings = {
      runtime: 'nodejs20' as const,
      handler: 'index.handler',
      timeoutSeconds: 3,
      memoryMb: 128,
      environmentVariables: { A: '1' },
    };

    it('bootstraps the root account once', async () => {
      const accounts = createAccounts({ db: store.db, clock: systemClock });
      const first = await accounts.bootstrap(`/tmp/hotline-store-${process.pid}-${name}`);
      assert.ok(first?.token.startsWith('hl_'));
      assert.equal(await accounts.bootstrap(`/tmp/hotline-store-${process.pid}-${name}`), undefined);
      const principal = await accounts.authenticate(first!.token);
      assert.equal(principal?.isAdmin, true);
      assert.equal(await accounts.authenticate(`${first!.token.slice(0, -2)}xx`), undefined);
    });

    it('keeps services and functions per account, with versions and bytes intact', async () => {
      const accounts = createAccounts({ db: store.db, clock: systemClock });
      const a = await accounts.createAccount('suite-a');
      const b = await accounts.createAccount('suite-b');
      const registry = createFunctionRegistry({ db: store.db, clock: systemClock, config });
      await registry.createService(a.account.id, 'cn-hangzhou', { name: 'demo-service' });
      await registry.createService(b.account.id, 'cn-hangzhou', { name: 'demo-service' });
      const v1 = await registry.createFunction(a.account.id, 'cn-hangzhou', 'demo-service', {
        name: 'f',
        settings,
        files: files('exports.handler = () => 1; // 中文'),
      });
      assert.equal(v1.version, 1);
      const v2 = await registry.updateFunction(a.account.id, 'cn-hangzhou', 'demo-service', 'f', {
        settings: { memoryMb: 256 },
      });
      assert.equal(v2.version, 2);
      assert.equal(v2.memoryMb, 256);
      assert.equal(v2.codeSha256, v1.codeSha256, 'code carried over');
      const code = await registry.getCode(a.account.id, 'cn-hangzhou', 'demo-service', 'f', 1);
      assert.equal(Buffer.from(code.get('index.js')!).toString('utf8'), 'exports.handler = () => 1; // 中文');
      const versions = await registry.listVersions(a.account.id, 'cn-hangzhou', 'demo-service', 'f');
      assert.deepEqual(
        versions.map((v) => [v.version, v.memoryMb]),
        [
          [2, 256],
          [1, 128],
        ],
      );
      assert.deepEqual(await registry.listFunctions(b.account.id, 'cn-hangzhou', 'demo-service'), []);
      await assert.rejects(
        registry.getFunction(b.account.id, 'cn-hangzhou', 'demo-service', 'f'),
        (e: unknown) =>
          isHotlineError(e, 'FunctionNotFound') &&
          e.message === "function 'f' does not exist in service 'demo-service'",
      );
      await assert.rejects(
        registry.createService(a.account.id, 'cn-hangzhou', { name: 'demo-service' }),
        (e: unknown) => isHotlineError(e, 'AlreadyExists'),
      );
      await assert.rejects(
        registry.deleteService(a.account.id, 'cn-hangzhou', 'demo-service'),
        (e: unknown) => isHotlineError(e, 'ServiceNotEmpty'),
      );
    });

    it('saves, replaces and deletes test events', async () => {
      const accounts = createAccounts({ db: store.db, clock: systemClock });
      const { account } = await accounts.createAccount('suite-events');
      const registry = createFunctionRegistry({ db: store.db, clock: systemClock, config });
      const events = createTestEvents({ db: store.db, registry, clock: systemClock });
      await registry.createService(account.id, 'cn-beijing', { name: 's' });
      await registry.createFunction(account.id, 'cn-beijing', 's', {
        name: 'f',
        settings,
        files: files('x'),
      });
      const first = await events.put(account.id, 'cn-beijing', 's', 'f', '号码', '{"phone":"13800138000"}');
      assert.equal(first.created, true);
      const again = await events.put(account.id, 'cn-beijing', 's', 'f', '号码', '{"phone":"01012345678"}');
      assert.equal(again.created, false);
      const list = await events.list(account.id, 'cn-beijing', 's', 'f');
      assert.deepEqual(
        list.map((e) => [e.name, e.payload]),
        [['号码', '{"phone":"01012345678"}']],
      );
      await events.delete(account.id, 'cn-beijing', 's', 'f', '号码');
      await assert.rejects(events.get(account.id, 'cn-beijing', 's', 'f', '号码'), (e: unknown) =>
        isHotlineError(e, 'TestEventNotFound'),
      );
    });

    it("keeps sign-in sessions across a reopen, purges expired ones, drops a deleted user's", async () => {
      const clock = new VirtualClock();
      const sessionsOn = (db: Kysely<Database>) =>
        createSessions({
          db,
          clock,
          accounts: createAccounts({ db, clock }),
          throttle: createSignInThrottle({ clock, maxFailures: 5, windowMs: 60_000 }),
          ttlMs: 3600_000,
        });
      const accounts = createAccounts({ db: store.db, clock });
      const { account } = await accounts.createAccount('suite-sessions');
      await accounts.createUser(account.id, { name: 'agent-lead', password: 'a long passphrase' });
      await accounts.createUser(account.id, { name: 'leaver', password: 'a long passphrase' });
      const sessions = sessionsOn(store.db);
      const signIn = (user: string) =>
        sessions.signIn({ account: 'suite-sessions', user, password: 'a long passphrase' }, '10.0.0.9');
      const short = await signIn('agent-lead');
      await clock.advance(30 * 60_000);
      const kept = await signIn('agent-lead');
      const leaver = await signIn('leaver');

      const again = await reopen();
      try {
        const restarted = sessionsOn(again.db);
        assert.equal((await restarted.authenticate(kept.token))?.principal.userName, 'agent-lead');
        assert.equal(await restarted.authenticate(`${kept.token.slice(0, -2)}xx`), undefined);
        await clock.advance(31 * 60_000);
        assert.equal(await restarted.purgeExpired(), 1, 'the first session expired');
        assert.equal(await restarted.authenticate(short.token), undefined);
        assert.ok(await restarted.authenticate(kept.token));
        assert.ok(await restarted.authenticate(leaver.token));
        await createAccounts({ db: again.db, clock }).deleteUser(account.id, 'leaver');
        assert.equal(await restarted.authenticate(leaver.token), undefined);
        const left = await again.db
          .selectFrom('sessions')
          .select('user_id')
          .where('account_id', '=', account.id)
          .execute();
        assert.equal(left.length, 1, "the deleted user's session row went with it");
      } finally {
        await again.close();
      }
    });

    it('group-commits durable writes: each is readable once acknowledged; a failing one fails alone', async () => {
      const prefix = `gc-${process.pid}-`;
      const insert = (key: string) =>
        store.writes.write(store.db.insertInto('settings').values({ key, value: 'v' }));
      const outcomes = await Promise.allSettled([
        ...Array.from({ length: 50 }, (_, i) => insert(`${prefix}${i}`)),
        insert(`${prefix}7`), // a primary key conflict, in the same commit as the others
      ]);
      assert.equal(outcomes.filter((o) => o.status === 'rejected').length, 1);
      for (const o of outcomes) if (o.status === 'fulfilled') assert.equal(o.value.numAffectedRows, 1n);
      const rows = await store.db
        .selectFrom('settings')
        .select('key')
        .where('key', 'like', `${prefix}%`)
        .execute();
      assert.equal(rows.length, 50);
      const updated = await store.writes.write(
        store.db.updateTable('settings').set({ value: 'w' }).where('key', 'like', `${prefix}%`),
      );
      assert.equal(updated.numAffectedRows, 50n);
    });

    it('runs prepared lookups like the query they were built from', async () => {
      const prefix = `pq-${process.pid}-`;
      await store.db
        .insertInto('settings')
        .values([
          { key: `${prefix}a`, value: '1' },
          { key: `${prefix}b`, value: '2' },
          { key: `${prefix}c`, value: '1' },
        ])
        .execute();
      // Argument 1 is used twice, and a constant sits between the placeholders.
      const lookup = preparedQuery<{ key: string }, [string, string]>(store.db, (arg) =>
        store.db
          .selectFrom('settings')
          .select('key')
          .where('key', 'like', `${prefix}%`)
          .where((eb) => eb.or([eb('key', '=', arg(0)), eb('value', '=', arg(1)), eb('key', '=', arg(1))]))
          .orderBy('key'),
      );
      assert.deepEqual(
        (await lookup(`${prefix}b`, '1')).map((r) => r.key),
        [`${prefix}a`, `${prefix}b`, `${prefix}c`],
      );
      assert.deepEqual(
        (await lookup('none', `${prefix}c`)).map((r) => r.key),
        [`${prefix}c`],
      );
      assert.deepEqual(await lookup('none', 'none'), []);
    });

    it('keeps data across a reopen (migrations run once)', async () => {
      const again = await reopen();
      try {
        const accounts = createAccounts({ db: again.db, clock: systemClock });
        const names = (await accounts.listAccounts()).map((a) => a.name);
        assert.ok(names.includes('suite-a') && names.includes('root'));
      } finally {
        await again.close();
      }
    });
  });
}
