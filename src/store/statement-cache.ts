/**
 * Kysely's SQLite driver prepares every query it runs; preparing costs more than running the small
 * lookups a call makes. This keeps the prepared statements of the most recent distinct SQL texts
 * (LRU), which SQLite re-prepares by itself after a schema change. A statement still being iterated
 * (a streamed query) is not shared: a fresh one is prepared instead.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

export function cachingStatements(connection: SqliteDatabase.Database, max = 500): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(sql) {
      const hit = cache.get(sql);
      if (hit?.busy) return connection.prepare(sql);
      if (hit) {
        cache.delete(sql); // most recently used last
        cache.set(sql, hit);
        return hit;
      }
      const statement = connection.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return statement;
    },
    close: () => connection.close(),
  };
}
