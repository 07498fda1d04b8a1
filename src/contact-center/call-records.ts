import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { Kysely } from 'kysely';
import type { CallOutcome } from '../ivr/outcome.js';
import type { TraceEvent, TraceSnapshot, TraceStep } from '../ivr/trace.js';
import type { Metrics } from '../observability/metrics.js';
import type { Clock } from '../shared/clock.js';
import { defineErrors } from '../shared/errors.js';
import type { DurableWrites } from '../store/durable-writes.js';
import type { CallsTable, Database } from '../store/schema.js';
import type { Instances } from './instances.js';

export const callErrors = defineErrors({
  CallNotFound: { status: 404, description: 'No call with that id in the instance.' },
  RecordingNotFound: {
    status: 404,
    description:
      'The call has no recording with that id, or its file is gone (or lies outside the recordings folder, which is never served).',
  },
});

/** Where calls' recordings (voicemail, conversations) are written: `<dataDir>/recordings`. */
export function recordingsFolder(dataDir: string): string {
  return join(dataDir, 'recordings');
}

/** A recording a call record lists: its kind and file; the rest depends on the kind. */
interface StoredRecording {
  id: string;
  kind: string;
  file: string;
  durationMs?: number;
}

/** A call's trace as the API shows it, while it runs and afterwards. */
export interface LiveTrace {
  steps: TraceStep[];
  current: { moduleId: string; flowId: string; sinceMs: number } | undefined;
  outcome: CallOutcome | undefined;
}

export interface CallView {
  id: string;
  channel: string;
  status: 'running' | 'ended';
  flow: { id: string | null; name: string | null; version: number | null };
  ani: string;
  dnis: string;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  disposition: string | null;
  outcome: CallOutcome | null;
  variables: Record<string, string> | null;
  trace: LiveTrace | null;
  hangupBy: string | null;
  hangupCause: string | null;
  recordings: unknown[];
  /** For calls transferred to a skill group or an agent: who took it and how long it took. */
  agent: {
    skillGroup: string | null;
    loginName: string | null;
    queueMs: number | null;
    ringAttempts: number | null;
    answeredAt: string | null;
    talkMs: number | null;
  } | null;
  /** Everyone the caller talked to, in order (agents who transferred the call on, then the next). */
  parties: CallPartyRecord[];
}

/** One party of a call: an agent (login name) or a number dialled out. */
export interface CallPartyRecord {
  kind: 'agent' | 'number';
  name: string;
  skillGroup: string | null;
  queueMs: number | null;
  ringAttempts: number;
  answeredAt: string;
  talkMs: number;
}

export type CallRecords = ReturnType<typeof createCallRecords>;

/** What is known of a call when it enters a flow. */
export type NewCall = Pick<
  CallsTable,
  | 'id'
  | 'account_id'
  | 'instance_id'
  | 'channel'
  | 'flow_id'
  | 'flow_version'
  | 'ani'
  | 'dnis'
  | 'started_at'
  | 'answered_at'
> &
  Partial<Pick<CallsTable, 'sip_call_id' | 'trunk'>>;

/**
 * Call records (simulated calls now; SIP calls later): one row per call written when it ends, and
 * the traces of calls still running kept in memory so they can be read live.
 */
export function createCallRecords(deps: {
  db: Kysely<Database>;
  /** The record's writes (group-committed: durable when they resolve). */
  writes: DurableWrites;
  clock: Clock;
  instances: Instances;
  metrics?: Metrics | undefined;
  /** The recordings folder (recordingsFolder(dataDir)): only files below it are ever served. */
  recordingsDir: string;
}) {
  const { db, writes, clock, instances, metrics } = deps;
  const running = new Map<
    string,
    {
      row: CallsTable;
      flowName: string | null;
      trace: LiveTrace;
      variables: () => Record<string, string>;
      durable: boolean;
    }
  >();

  async function flowNames(ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
    if (wanted.length === 0) return new Map();
    const rows = await db.selectFrom('flows').select(['id', 'name']).where('id', 'in', wanted).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  function view(
    r: CallsTable,
    flowName: string | null,
    live?: LiveTrace,
    liveVars?: Record<string, string>,
  ): CallView {
    return {
      id: r.id,
      channel: r.channel,
      status: r.ended_at ? 'ended' : 'running',
      flow: { id: r.flow_id, name: flowName, version: r.flow_version },
      ani: r.ani,
      dnis: r.dnis,
      startedAt: r.started_at,
      answeredAt: r.answered_at,
      endedAt: r.ended_at,
      disposition: r.disposition,
      outcome: r.outcome ? (JSON.parse(r.outcome) as CallOutcome) : (live?.outcome ?? null),
      variables: r.variables ? (JSON.parse(r.variables) as Record<string, string>) : (liveVars ?? null),
      trace: r.trace ? (JSON.parse(r.trace) as LiveTrace) : (live ?? null),
      hangupBy: r.hangup_by,
      hangupCause: r.hangup_cause,
      recordings: r.recordings ? (JSON.parse(r.recordings) as unknown[]) : [],
      agent:
        r.skill_group === null && r.agent === null
          ? null
          : {
              skillGroup: r.skill_group,
              loginName: r.agent,
              queueMs: r.queue_ms,
              ringAttempts: r.ring_attempts,
              answeredAt: r.agent_answered_at,
              talkMs: r.talk_ms,
            },
      parties: r.parties ? (JSON.parse(r.parties) as CallPartyRecord[]) : [],
    };
  }

  async function get(accountId: string, instanceName: string, callId: string): Promise<CallView> {
    const inst = await instances.find(accountId, instanceName);
    const live = running.get(callId);
    if (live && live.row.instance_id === inst.id)
      return view(live.row, live.flowName, live.trace, live.variables());
    const row = await db
      .selectFrom('calls')
      .selectAll()
      .where('instance_id', '=', inst.id)
      .where('id', '=', callId)
      .executeTakeFirst();
    if (!row) throw callErrors.CallNotFound(`call '${callId}' does not exist`);
    const names = await flowNames([row.flow_id]);
    return view(row, row.flow_id ? (names.get(row.flow_id) ?? null) : null);
  }

  return {
    /**
     * A call has entered a flow: its trace is readable from now on. Real calls are written at once
     * (durable: a crash leaves a record that restart marks as interrupted); simulated ones at the end.
     */
    async started(
      row: NewCall,
      flowName: string | null,
      variables: () => Record<string, string>,
      options: { durable?: boolean } = {},
    ) {
      const full: CallsTable = {
        sip_call_id: null,
        trunk: null,
        ...row,
        ended_at: null,
        disposition: null,
        outcome: null,
        trace: null,
        variables: null,
        hangup_by: null,
        hangup_cause: null,
        recordings: null,
        media_stats: null,
        skill_group: null,
        agent: null,
        queue_ms: null,
        ring_attempts: null,
        agent_answered_at: null,
        talk_ms: null,
        parties: null,
      };
      if (options.durable) await writes.write(db.insertInto('calls').values(full));
      const trace: LiveTrace = { steps: [], current: undefined, outcome: undefined };
      running.set(row.id, { row: full, flowName, trace, variables, durable: options.durable ?? false });
      metrics?.activeCalls.inc({ channel: row.channel });
      return trace;
    },

    /** The call has ended: the record is written durably and leaves the live set. */
    async ended(
      callId: string,
      result: { outcome: CallOutcome; trace: TraceSnapshot; variables: Record<string, string> },
      extra: Partial<
        Pick<
          CallsTable,
          | 'hangup_by'
          | 'hangup_cause'
          | 'recordings'
          | 'media_stats'
          | 'answered_at'
          | 'skill_group'
          | 'agent'
          | 'queue_ms'
          | 'ring_attempts'
          | 'agent_answered_at'
          | 'talk_ms'
          | 'parties'
        >
      > = {},
    ) {
      const live = running.get(callId);
      if (!live) return;
      const trace: LiveTrace = { steps: result.trace.steps, current: undefined, outcome: result.outcome };
      const row: CallsTable = {
        ...live.row,
        ended_at: new Date(clock.now()).toISOString(),
        disposition: result.outcome.kind,
        outcome: JSON.stringify(result.outcome),
        trace: JSON.stringify(trace),
        variables: JSON.stringify(result.variables),
        ...extra,
      };
      try {
        if (live.durable) {
          const { id, ...changes } = row;
          await writes.write(db.updateTable('calls').set(changes).where('id', '=', id));
        } else await writes.write(db.insertInto('calls').values(row));
      } finally {
        running.delete(callId);
        metrics?.activeCalls.dec({ channel: live.row.channel });
        metrics?.calls.inc({ channel: live.row.channel, disposition: result.outcome.kind });
      }
    },

    async list(
      accountId: string,
      instanceName: string,
      options: { limit?: number | undefined; before?: string | undefined } = {},
    ) {
      const inst = await instances.find(accountId, instanceName);
      let q = db
        .selectFrom('calls')
        .selectAll()
        .where('instance_id', '=', inst.id)
        .orderBy('started_at', 'desc')
        .limit(Math.min(options.limit ?? 50, 500));
      if (options.before) q = q.where('started_at', '<', options.before);
      const rows = await q.execute();
      const names = await flowNames(rows.map((r) => r.flow_id));
      const live = [...running.values()]
        .filter((c) => c.row.instance_id === inst.id)
        .map((c) => view(c.row, c.flowName, c.trace));
      const done = rows.map((r) => ({
        ...view(r, r.flow_id ? (names.get(r.flow_id) ?? null) : null),
        trace: null,
        variables: null,
      }));
      return [...live.map((c) => ({ ...c, trace: null, variables: null })), ...done];
    },

    get,

    /**
     * The WAV file of one of a call's recordings, for download: its path and size. A file outside
     * the recordings folder (a tampered record, a symbolic link) is refused as not found.
     */
    async recordingFile(
      accountId: string,
      instanceName: string,
      callId: string,
      recordingId: string,
    ): Promise<{ path: string; size: number; kind: string }> {
      const call = await get(accountId, instanceName, callId);
      const rec = (call.recordings as StoredRecording[]).find((r) => r.id === recordingId);
      const missing = (why: string) =>
        callErrors.RecordingNotFound(`recording '${recordingId}' of call '${callId}' ${why}`);
      if (!rec || typeof rec.file !== 'string') throw missing('does not exist');
      let path: string;
      let root: string;
      try {
        [path, root] = await Promise.all([realpath(rec.file), realpath(deps.recordingsDir)]);
      } catch {
        throw missing('has no file any more');
      }
      const inside = relative(root, path);
      if (inside === '' || inside.startsWith('..') || isAbsolute(inside))
        throw missing('is not in the recordings folder');
      const info = await stat(path);
      if (!info.isFile()) throw missing('has no file any more');
      return { path, size: info.size, kind: rec.kind };
    },

    runningCount: () => running.size,

    /** Call records as CSV (one line a call, newest first), for spreadsheets and billing. */
    async exportCsv(
      accountId: string,
      instanceName: string,
      options: { since?: string | undefined; until?: string | undefined } = {},
    ): Promise<string> {
      const inst = await instances.find(accountId, instanceName);
      let q = db
        .selectFrom('calls')
        .selectAll()
        .where('instance_id', '=', inst.id)
        .orderBy('started_at', 'desc')
        .limit(100_000);
      if (options.since) q = q.where('started_at', '>=', options.since);
      if (options.until) q = q.where('started_at', '<', options.until);
      const rows = await q.execute();
      const names = await flowNames(rows.map((r) => r.flow_id));
      const columns = [
        'id',
        'channel',
        'ani',
        'dnis',
        'flow',
        'flow_version',
        'started_at',
        'answered_at',
        'ended_at',
        'duration_s',
        'disposition',
        'hangup_by',
        'hangup_cause',
        'outcome',
        'trunk',
        'sip_call_id',
        'skill_group',
        'agent',
        'queue_s',
        'ring_attempts',
        'talk_s',
        'parties',
      ];
      const lines = [columns.join(',')];
      for (const r of rows) {
        const duration = r.ended_at
          ? ((Date.parse(r.ended_at) - Date.parse(r.started_at)) / 1000).toFixed(1)
          : '';
        const values = [
          r.id,
          r.channel,
          r.ani,
          r.dnis,
          r.flow_id ? (names.get(r.flow_id) ?? '') : '',
          r.flow_version ?? '',
          r.started_at,
          r.answered_at ?? '',
          r.ended_at ?? '',
          duration,
          r.disposition ?? '',
          r.hangup_by ?? '',
          r.hangup_cause ?? '',
          r.outcome ?? '',
          r.trunk ?? '',
          r.sip_call_id ?? '',
          r.skill_group ?? '',
          r.agent ?? '',
          r.queue_ms === null ? '' : (r.queue_ms / 1000).toFixed(1),
          r.ring_attempts ?? '',
          r.talk_ms === null ? '' : (r.talk_ms / 1000).toFixed(1),
          // Everyone who talked to the caller, in order: "alice > bob" (numbers as dialled).
          r.parties ? (JSON.parse(r.parties) as CallPartyRecord[]).map((p) => p.name).join(' > ') : '',
        ];
        lines.push(values.map((v) => csvField(String(v))).join(','));
      }
      return `${lines.join('\r\n')}\r\n`;
    },

    /** At start: calls that were in progress when the process stopped are closed as interrupted. */
    async closeInterrupted(): Promise<number> {
      const res = await db
        .updateTable('calls')
        .set({
          ended_at: new Date(clock.now()).toISOString(),
          disposition: 'interrupted',
          hangup_by: 'system',
          hangup_cause: 'Hotline stopped during the call',
        })
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },
  };
}

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Keeps a call's live trace (and its variables) up to date from the engine's events. */
export function followTrace(
  live: LiveTrace,
  event: TraceEvent,
  onVariables: (changed: Record<string, string>) => void,
): void {
  if (event.type === 'enter')
    live.current = { flowId: event.flowId, moduleId: event.moduleId, sinceMs: event.atMs };
  else if (event.type === 'step') {
    live.steps.push(event.step);
    live.current = undefined;
    if (event.step.changes) {
      const vars: Record<string, string> = {};
      for (const c of event.step.changes) vars[c.name] = c.after;
      onVariables(vars);
    }
  } else {
    live.outcome = event.outcome;
    live.current = undefined;
  }
}
