/**
 * A lookup that Kysely builds and compiles once, then runs with new values. The point lookups made
 * for every call (number, flow, prompt, function) cost more in Kysely's builder and compiler than
 * in SQLite itself; this keeps the compiled SQL and swaps in the values, on either dialect.
 * `build` gets a placeholder per argument (`arg(i)`) and must use each one as a value, not a name.
 */
import { randomUUID } from 'node:crypto';
import { type Compilable, CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Stands for argument `index` (typed never, so that it fits any column's value). */
export type Placeholder = (index: number) => never;

const token = `hotline-prepared-${randomUUID()}`;

export function preparedQuery<Row, Args extends readonly unknown[]>(
  db: Kysely<Database>,
  build: (arg: Placeholder) => Compilable<Row>,
): (...args: Args) => Promise<Row[]> {
  let compiled: { sql: string; slots: (number | { value: unknown })[] } | undefined;
  const compile = () => {
    const markers = new Map<string, number>();
    const query = build((i: number) => {
      const marker = `${token}-${i}`;
      markers.set(marker, i);
      return marker as never;
    }).compile();
    if (query.sql.includes(token)) throw new Error('a prepared query used a placeholder as a name');
    const slots = query.parameters.map((p) => {
      const i = typeof p === 'string' ? markers.get(p) : undefined;
      return i === undefined ? { value: p } : i;
    });
    return { sql: query.sql, slots };
  };
  return async (...args) => {
    compiled ??= compile();
    const parameters = compiled.slots.map((s) => (typeof s === 'number' ? args[s] : s.value));
    const result = await db.executeQuery(CompiledQuery.raw(compiled.sql, parameters));
    return result.rows as Row[];
  };
}
