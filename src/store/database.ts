import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { commonErrors } from '../shared/errors.js';
import { type DurableWrites, directWrites, sqliteWorkerWrites } from './durable-writes.js';
import { migrateToLatest } from './migrator.js';
import type { Database } from './schema.js';
import { cachingStatements } from './statement-cache.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Group-committed durable writes for the hot paths (call records, invocation logs). */
  writes: DurableWrites;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** postgres://… selects PostgreSQL; otherwise SQLite in dataDir. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PostgreSQL schema to use (created when missing); tests give each run its own. */
  postgresSchema?: string | undefined;
}

// pg returns BIGINT and NUMERIC as strings; counts come back as bigint, so read them as numbers.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

/** Opens the store and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.postgresSchema)
    : openSqlite(options.dataDir);
  try {
    await migrateToLatest(store.db, store.dialect, options.databaseUrl ? options.postgresSchema : undefined);
  } catch (cause) {
    await store.close();
    throw cause;
  }
  return store;
}

function openSqlite(dataDir: string): Store {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'hotline.db');
  const connection = new SqliteDatabase(file);
  // WAL keeps readers off the writer's back; synchronous=FULL makes an acknowledged commit survive
  // a crash of the process or of the machine.
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: cachingStatements(connection) }),
  });
  const writes = sqliteWorkerWrites(file);
  return {
    db,
    dialect: 'sqlite',
    writes,
    close: async () => {
      await writes.close();
      await db.destroy();
    },
  };
}

async function openPostgres(url: string, schema: string | undefined): Promise<Store> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw commonErrors.ValidationFailed(`invalid PostgreSQL schema name '${schema}'`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    else await sql`select 1`.execute(db);
  } catch (cause) {
    await db.destroy();
    throw commonErrors.Unavailable(
      `cannot connect to PostgreSQL at ${redactUrl(url)}: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  const writes = directWrites(db);
  return {
    db,
    dialect: 'postgres',
    writes,
    close: async () => {
      await writes.close();
      await db.destroy();
    },
  };
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable database URL)';
  }
}
