/**
 * The main connection as Kysely's SQLite driver sees it.
 * - Kysely prepares every query it runs; preparing costs more than running the small lookups a
 *   call makes. This keeps the prepared statements of the most recent distinct SQL texts (LRU),
 *   which SQLite re-prepares by itself after a schema change. A statement still being iterated (a
 *   streamed query) is not shared: a fresh one is prepared instead.
 * - Transactions begin IMMEDIATE: the group-commit writer thread has a connection of its own, and
 *   a deferred transaction that read before that thread committed could not then write
 *   (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out); an immediate one waits for the lock.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

export function cachingStatements(connection: SqliteDatabase.Database, max = 500): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(text) {
      const sql = text === 'begin' ? 'begin immediate' : text;
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
