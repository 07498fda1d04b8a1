import type { Kysely } from 'kysely';
import type { Clock } from '../shared/clock.js';
import { commonErrors } from '../shared/errors.js';
import type { Database } from '../store/schema.js';
import { functionErrors } from './errors.js';
import type { FunctionRegistry } from './registry.js';

export interface TestEventView {
  name: string;
  payload: string;
  createdAt: string;
  updatedAt: string;
}

const maxEventsPerFunction = 100;

export type TestEvents = ReturnType<typeof createTestEvents>;

/** Saved trigger events of a function (the console's "test event" dialog). */
export function createTestEvents(deps: { db: Kysely<Database>; registry: FunctionRegistry; clock: Clock }) {
  const { db, registry, clock } = deps;
  const now = () => new Date(clock.now()).toISOString();

  return {
    /** Creates or replaces the event of that name. */
    async put(accountId: string, region: string, service: string, fn: string, name: string, payload: string) {
      const ref = await registry.findFunction(accountId, region, service, fn);
      const existing = await db
        .selectFrom('test_events')
        .select('created_at')
        .where('function_id', '=', ref.fn.id)
        .where('name', '=', name)
        .executeTakeFirst();
      const at = now();
      if (existing) {
        await db
          .updateTable('test_events')
          .set({ payload, updated_at: at })
          .where('function_id', '=', ref.fn.id)
          .where('name', '=', name)
          .execute();
        return { name, payload, createdAt: existing.created_at, updatedAt: at, created: false };
      }
      const count = await db
        .selectFrom('test_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('function_id', '=', ref.fn.id)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= maxEventsPerFunction) {
        throw commonErrors.Conflict(`a function keeps at most ${maxEventsPerFunction} test events`);
      }
      await db
        .insertInto('test_events')
        .values({
          function_id: ref.fn.id,
          name,
          account_id: accountId,
          payload,
          created_at: at,
          updated_at: at,
        })
        .execute();
      return { name, payload, createdAt: at, updatedAt: at, created: true };
    },

    async list(accountId: string, region: string, service: string, fn: string): Promise<TestEventView[]> {
      const ref = await registry.findFunction(accountId, region, service, fn);
      const rows = await db
        .selectFrom('test_events')
        .selectAll()
        .where('function_id', '=', ref.fn.id)
        .orderBy('name')
        .execute();
      return rows.map((r) => ({
        name: r.name,
        payload: r.payload,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      }));
    },

    async get(
      accountId: string,
      region: string,
      service: string,
      fn: string,
      name: string,
    ): Promise<TestEventView> {
      const ref = await registry.findFunction(accountId, region, service, fn);
      const r = await db
        .selectFrom('test_events')
        .selectAll()
        .where('function_id', '=', ref.fn.id)
        .where('name', '=', name)
        .executeTakeFirst();
      if (!r)
        throw functionErrors.TestEventNotFound(`test event '${name}' does not exist for function '${fn}'`);
      return { name: r.name, payload: r.payload, createdAt: r.created_at, updatedAt: r.updated_at };
    },

    async delete(
      accountId: string,
      region: string,
      service: string,
      fn: string,
      name: string,
    ): Promise<void> {
      const ref = await registry.findFunction(accountId, region, service, fn);
      const res = await db
        .deleteFrom('test_events')
        .where('function_id', '=', ref.fn.id)
        .where('name', '=', name)
        .executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) {
        throw functionErrors.TestEventNotFound(`test event '${name}' does not exist for function '${fn}'`);
      }
    },
  };
}
