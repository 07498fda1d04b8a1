import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import type { Metrics } from '../observability/metrics.js';
import type { Clock } from '../shared/clock.js';
import { commonErrors } from '../shared/errors.js';
import { newRequestId } from '../shared/ids.js';
import type { DurableWrites } from '../store/durable-writes.js';
import type { Database, FunctionVersionsTable, InvocationsTable } from '../store/schema.js';
import { unzipCode, writeCodeFolder } from './code-package.js';
import { functionErrors } from './errors.js';
import type { FunctionInvoker, FunctionRuntimeName, FunctionSpec, InvocationResult } from './invoker.js';
import type { FunctionRef, FunctionRegistry } from './registry.js';
import { compileTypeScript } from './typescript-build.js';

/** Where an invocation came from; kept with its log. */
export type InvocationSource = 'api' | 'test-event' | 'ivr' | 'integration-test' | 'cli';

export interface InvocationRecord {
  requestId: string;
  version: number;
  source: string;
  startedAt: string;
  durationMs: number;
  status: 'success' | 'error';
  errorType: string | null;
  maxMemoryUsedMb: number | null;
  coldStart: boolean;
  log?: string;
  logTruncated: boolean;
}

export interface InvokeInput {
  accountId: string;
  region: string;
  service: string;
  name: string;
  /** A version number; the latest when absent. */
  version?: number | undefined;
  payload: Buffer;
  source: InvocationSource;
  signal?: AbortSignal;
}

export interface InvokeOutput {
  result: InvocationResult;
  version: number;
  functionRef: FunctionRef;
}

/** The last 4 KB of a log, cut on a character boundary (returned with every invocation). */
export function logTail(log: string, maxBytes = 4096): string {
  const bytes = Buffer.from(log, 'utf8');
  if (bytes.length <= maxBytes) return log;
  let start = bytes.length - maxBytes;
  while (start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start++;
  return bytes.subarray(start).toString('utf8');
}

export type Invocations = ReturnType<typeof createInvocations>;

/** Runs functions for every caller (API, test events, IVR) and keeps each invocation's log. */
export function createInvocations(deps: {
  db: Kysely<Database>;
  /** Where invocation logs are written (group-committed: durable when they resolve). */
  writes: DurableWrites;
  registry: FunctionRegistry;
  invoker: FunctionInvoker;
  config: Config;
  clock: Clock;
  metrics?: Metrics | undefined;
}) {
  const { db, writes, registry, invoker, config, clock, metrics } = deps;
  const codeRoot = join(config.dataDir, 'code');
  const materialised = new Map<string, Promise<string>>();

  /** Unpacks (and for Node, compiles) a version's code once; the folder is named by its hash. */
  function codeDirFor(version: FunctionVersionsTable): Promise<string> {
    const key = `${version.runtime}-${version.code_sha256}`;
    let pending = materialised.get(key);
    if (!pending) {
      pending = (async () => {
        const dir = join(codeRoot, key);
        let files = unzipCode(version.code, config.functions.maxCodeBytes);
        if (version.runtime === 'nodejs20') files = await compileTypeScript(files);
        writeCodeFolder(dir, files);
        return dir;
      })();
      pending.catch(() => materialised.delete(key));
      materialised.set(key, pending);
    }
    return pending;
  }

  async function specFor(ref: FunctionRef, version: FunctionVersionsTable): Promise<FunctionSpec> {
    return {
      accountId: ref.accountId,
      region: ref.region,
      service: ref.service.name,
      name: ref.fn.name,
      version: version.version,
      runtime: version.runtime as FunctionRuntimeName,
      handler: version.handler,
      initializer: version.initializer ?? undefined,
      memoryMb: version.memory_mb,
      timeoutMs: version.timeout_ms,
      environment: JSON.parse(version.environment) as Record<string, string>,
      codeDir: await codeDirFor(version),
    };
  }

  async function record(
    ref: FunctionRef,
    version: number,
    source: string,
    startedAt: number,
    r: InvocationResult,
  ) {
    const row: InvocationsTable = {
      request_id: r.requestId,
      account_id: ref.accountId,
      function_id: ref.fn.id,
      version,
      source,
      started_at: new Date(startedAt).toISOString(),
      duration_ms: r.durationMs,
      status: r.error ? 'error' : 'success',
      error_type: r.error ?? null,
      memory_used_mb: r.maxMemoryUsedMb ?? null,
      cold_start: r.coldStart ? 1 : 0,
      log: r.log,
      log_truncated: r.logTruncated ? 1 : 0,
    };
    await writes.write(db.insertInto('invocations').values(row));
  }

  function view(row: InvocationsTable, withLog: boolean): InvocationRecord {
    return {
      requestId: row.request_id,
      version: row.version,
      source: row.source,
      startedAt: row.started_at,
      durationMs: row.duration_ms,
      status: row.status === 'success' ? 'success' : 'error',
      errorType: row.error_type,
      maxMemoryUsedMb: row.memory_used_mb,
      coldStart: row.cold_start === 1,
      ...(withLog ? { log: row.log } : {}),
      logTruncated: row.log_truncated === 1,
    };
  }

  return {
    async invoke(input: InvokeInput): Promise<InvokeOutput> {
      if (input.payload.length > config.functions.maxPayloadBytes) {
        throw commonErrors.PayloadTooLarge(
          `the event is ${input.payload.length} bytes; the limit is ${config.functions.maxPayloadBytes} bytes`,
        );
      }
      const ref = await registry.findFunction(input.accountId, input.region, input.service, input.name);
      const version = await registry.findVersion(ref, input.version);
      const spec = await specFor(ref, version);
      const startedAt = clock.now();
      const result = await invoker.invoke({
        spec,
        requestId: newRequestId(),
        payload: input.payload,
        ...(input.signal ? { signal: input.signal } : {}),
      });
      metrics?.invocations.inc({
        runtime: spec.runtime,
        source: input.source,
        result: result.error ?? 'success',
      });
      metrics?.invocationSeconds.observe(
        { runtime: spec.runtime, cold: String(result.coldStart) },
        (clock.now() - startedAt) / 1000,
      );
      await record(ref, version.version, input.source, startedAt, result);
      return { result, version: version.version, functionRef: ref };
    },

    async listInvocations(
      accountId: string,
      region: string,
      service: string,
      name: string,
      options: { limit?: number | undefined; before?: string | undefined } = {},
    ): Promise<InvocationRecord[]> {
      const ref = await registry.findFunction(accountId, region, service, name);
      let q = db
        .selectFrom('invocations')
        .selectAll()
        .where('function_id', '=', ref.fn.id)
        .orderBy('started_at', 'desc')
        .limit(Math.min(options.limit ?? 50, 500));
      if (options.before) q = q.where('started_at', '<', options.before);
      const rows = await q.execute();
      return rows.map((r) => view(r, false));
    },

    async getInvocation(accountId: string, region: string, service: string, name: string, requestId: string) {
      const ref = await registry.findFunction(accountId, region, service, name);
      const row = await db
        .selectFrom('invocations')
        .selectAll()
        .where('function_id', '=', ref.fn.id)
        .where('request_id', '=', requestId)
        .executeTakeFirst();
      if (!row)
        throw functionErrors.InvocationNotFound(
          `no invocation '${requestId}' is kept for function '${name}'`,
        );
      return view(row, true);
    },

    /** Deletes logs older than the retention period. */
    async purgeOldLogs(): Promise<number> {
      const cutoff = new Date(clock.now() - config.functions.logRetentionDays * 86_400_000).toISOString();
      const res = await db.deleteFrom('invocations').where('started_at', '<', cutoff).executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
}
