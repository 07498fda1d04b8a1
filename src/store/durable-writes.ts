/**
 * Group commit for writes that must be durable before they are acknowledged but need not be alone
 * in a transaction: call records and invocation logs, a few per call. Each is acknowledged (its
 * promise resolves) only once its transaction has committed, as before; what changes is that the
 * writes queued while one commit is in progress share the next commit, so a hundred writes cost
 * one fsync instead of a hundred.
 * On SQLite the commits run on a worker thread with its own connection (sqlite-writer-worker.ts),
 * so their fsyncs never block the event loop that paces RTP and answers SIP; each write runs in
 * its own savepoint, so one failing write fails alone. On PostgreSQL, whose commits already leave
 * the event loop free and which groups concurrent commits itself, writes go straight to the pool.
 */
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import { startWorkerThread } from '../shared/worker-thread.js';
import type { Database } from './schema.js';

export interface WriteResult {
  numAffectedRows: bigint;
}

export interface DurableWrites {
  /** Runs one write statement; resolves once it is committed durably, rejects with its error. */
  write(query: Compilable | CompiledQuery): Promise<WriteResult>;
  /** Commits what is queued, then stops; later writes are refused. */
  close(): Promise<void>;
}

/** What the worker is sent: one batch of statements, and what it answers for each. */
export interface WriteBatch {
  id: number;
  writes: { sql: string; parameters: readonly unknown[] }[];
}
export type WriteOutcome = { ok: true; changes: number } | { ok: false; message: string; code?: string };
export interface BatchDone {
  id: number;
  outcomes: WriteOutcome[];
}

interface Pending {
  sql: string;
  parameters: readonly unknown[];
  resolve(result: WriteResult): void;
  reject(err: unknown): void;
}

function compiled(query: Compilable | CompiledQuery): CompiledQuery {
  return 'compile' in query ? query.compile() : query;
}

/** Writes straight through a Kysely instance (PostgreSQL: the pool commits them concurrently). */
export function directWrites(db: Kysely<Database>): DurableWrites {
  let closed = false;
  return {
    async write(query) {
      if (closed) throw new Error('the store is closed');
      const r = await db.executeQuery(compiled(query));
      return { numAffectedRows: r.numAffectedRows ?? 0n };
    },
    async close() {
      closed = true;
    },
  };
}

/** Group commit on a worker thread with its own connection to the SQLite file. */
export function sqliteWorkerWrites(file: string): DurableWrites {
  const worker = startWorkerThread(import.meta.url, 'sqlite-writer-worker', { file });
  worker.unref();
  let queue: Pending[] = [];
  let inFlight: { id: number; writes: Pending[] } | null = null;
  let nextId = 1;
  let scheduled = false;
  let failure: Error | null = null;
  let closed = false;
  let drained: (() => void) | null = null;

  worker.on('message', (done: BatchDone) => {
    const batch = inFlight;
    if (!batch || batch.id !== done.id) return;
    inFlight = null;
    batch.writes.forEach((w, i) => {
      const o = done.outcomes[i];
      if (o?.ok) w.resolve({ numAffectedRows: BigInt(o.changes) });
      else w.reject(Object.assign(new Error(o?.message ?? 'the write was not run'), { code: o?.code }));
    });
    flush();
    if (!inFlight) worker.unref();
  });
  worker.on('error', (err) => fail(err));
  worker.on('exit', (code) => fail(new Error(`the SQLite writer stopped (exit code ${code})`)));

  function fail(err: Error): void {
    failure ??= err;
    const lost = [...(inFlight?.writes ?? []), ...queue];
    inFlight = null;
    queue = [];
    for (const w of lost) w.reject(failure);
    drained?.();
  }

  function flush(): void {
    scheduled = false;
    if (inFlight || failure) return;
    if (queue.length === 0) {
      drained?.();
      return;
    }
    worker.ref(); // a commit in progress keeps the process alive
    inFlight = { id: nextId++, writes: queue };
    queue = [];
    const batch: WriteBatch = {
      id: inFlight.id,
      writes: inFlight.writes.map((w) => ({ sql: w.sql, parameters: w.parameters })),
    };
    worker.postMessage(batch);
  }

  return {
    write(query) {
      if (closed) return Promise.reject(new Error('the store is closed'));
      if (failure) return Promise.reject(failure);
      const { sql, parameters } = compiled(query);
      return new Promise<WriteResult>((resolve, reject) => {
        queue.push({ sql, parameters, resolve, reject });
        if (!scheduled && !inFlight) {
          scheduled = true;
          // Writes made in the same turn of the event loop join this commit.
          setImmediate(flush);
        }
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      if ((inFlight || queue.length > 0) && !failure) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          if (!inFlight && !scheduled) flush();
        });
      }
      await worker.terminate();
    },
  };
}
