/**
 * The worker thread behind sqliteWorkerWrites: its own connection to the SQLite file (WAL,
 * synchronous=FULL like the main one), and for each batch one IMMEDIATE transaction in which each
 * write runs in its own savepoint. The batch is answered after COMMIT has returned, i.e. once it
 * is on disk.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import type { BatchDone, WriteBatch, WriteOutcome } from './durable-writes.js';

const { file } = workerData as { file: string };
const db = new SqliteDatabase(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');

const statements = new Map<string, SqliteDatabase.Statement>();
function statement(sql: string): SqliteDatabase.Statement {
  let s = statements.get(sql);
  if (!s) {
    s = db.prepare(sql);
    if (statements.size >= 200) statements.clear();
    statements.set(sql, s);
  }
  return s;
}

/** better-sqlite3 binds Buffers; structured cloning turns them into plain Uint8Arrays. */
function bindable(value: unknown): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : value;
}

const one = db.transaction((sql: string, parameters: readonly unknown[]) =>
  statement(sql).run(...parameters.map(bindable)),
);

const all = db.transaction((batch: WriteBatch): WriteOutcome[] =>
  batch.writes.map((w) => {
    try {
      return { ok: true, changes: one(w.sql, w.parameters).changes };
    } catch (err) {
      return failed(err);
    }
  }),
);

function failed(err: unknown): WriteOutcome {
  const e = err as { message?: unknown; code?: unknown };
  return {
    ok: false,
    message: String(e.message ?? err),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
  };
}

parentPort!.on('message', (batch: WriteBatch) => {
  let outcomes: WriteOutcome[];
  try {
    outcomes = all.immediate(batch);
  } catch (err) {
    const f = failed(err); // the commit itself failed: nothing of the batch is written
    outcomes = batch.writes.map(() => f);
  }
  const done: BatchDone = { id: batch.id, outcomes };
  parentPort!.postMessage(done);
});
