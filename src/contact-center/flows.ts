import type { Kysely } from 'kysely';
import { ivrErrors } from '../ivr/errors.js';
import type { FlowDocument, FlowDocumentInput } from '../ivr/flow.js';
import { exportFlow, type FlowTextFormat, parseFlowDocument, parseFlowText } from '../ivr/flow-text.js';
import type { FlowProblem } from '../ivr/problem.js';
import { type ValidationContext, validateFlow } from '../ivr/validate/index.js';
import type { Clock } from '../shared/clock.js';
import { commonErrors, defineErrors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { preparedQuery } from '../store/prepared-query.js';
import type { Database, FlowsTable } from '../store/schema.js';
import type { Agents } from './agents.js';
import type { Instances } from './instances.js';
import type { Integrations } from './integrations.js';
import type { Prompts } from './prompts.js';
import type { SkillGroups } from './skill-groups.js';

export const flowErrors = defineErrors({
  FlowNotFound: {
    status: 404,
    description: "No flow of that name in the instance, e.g. `flow 'main' does not exist`.",
  },
  FlowVersionNotFound: { status: 404, description: 'The flow has no published version of that number.' },
  FlowNotPublished: {
    status: 409,
    description: 'The flow has never been published, so no call can run it yet.',
  },
});

export interface FlowSummary {
  id: string;
  name: string;
  description: string;
  publishedVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface FlowView extends FlowSummary {
  draft: FlowDocument;
  /** What the validator says about the draft now. */
  problems: FlowProblem[];
}

export interface FlowVersionView {
  version: number;
  note: string;
  publishedBy: string;
  createdAt: string;
  current: boolean;
}

/** A new flow's draft: a start module that hangs up. */
function emptyFlow(name: string): FlowDocument {
  return parseFlowDocument({
    name,
    modules: [
      { id: 'start', type: 'start', exits: { next: 'bye' }, position: { x: 0, y: 0 } },
      { id: 'bye', type: 'hangup', position: { x: 0, y: 160 } },
    ],
  } satisfies FlowDocumentInput);
}

export type Flows = ReturnType<typeof createFlows>;

/**
 * IVR flows of an instance: a draft that may be incomplete, immutable published versions, publish
 * (only when the validator finds no error), roll back, import and export.
 */
export function createFlows(deps: {
  db: Kysely<Database>;
  clock: Clock;
  instances: Instances;
  integrations: Integrations;
  skillGroups: SkillGroups;
  agents: Agents;
  prompts: Prompts;
}) {
  const { db, clock, instances, integrations, skillGroups, agents, prompts } = deps;
  const now = () => new Date(clock.now()).toISOString();

  async function find(instanceId: string, name: string): Promise<FlowsTable> {
    const row = await db
      .selectFrom('flows')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) throw flowErrors.FlowNotFound(`flow '${name}' does not exist`);
    return row;
  }

  /** What the validator needs to know about the instance: entries, groups, agents, prompts, flows. */
  async function contextFor(instanceId: string, flowId?: string): Promise<ValidationContext> {
    const [entries, groups, agentList, promptList, flowRows] = await Promise.all([
      integrations.entriesOfInstance(instanceId),
      skillGroups.listByInstanceId(instanceId),
      agents.listByInstanceId(instanceId),
      prompts.listByInstanceId(instanceId),
      db
        .selectFrom('flows')
        .select(['id', 'name', 'draft', 'published_version'])
        .where('instance_id', '=', instanceId)
        .execute(),
    ]);
    const flows = new Map<string, FlowDocument>();
    for (const f of flowRows) {
      if (f.id === flowId) continue;
      const published =
        f.published_version === null ? undefined : await publishedDocument(f.id, f.published_version);
      const doc = published ?? parseFlowDocument(JSON.parse(f.draft));
      flows.set(f.id, doc);
      flows.set(f.name, doc);
    }
    return {
      ...(flowId ? { flowId } : {}),
      functionEntries: entries.map((e) => ({
        id: e.id,
        region: e.region,
        service: e.service,
        function: e.function,
      })),
      skillGroups: groups.flatMap((g) => [g.id, g.name]),
      agents: agentList.flatMap((a) => [a.id, a.loginName, a.extension]),
      prompts: promptList.flatMap((p) => [p.id, p.name]),
      flows,
    };
  }

  /**
   * Published versions never change, so each is read and validated once (every call to a number
   * needs its flow's); kept deeply frozen, as every caller shares it.
   */
  const publishedCache = new Map<string, FlowDocument>();
  const flowById = preparedQuery<FlowsTable, [string]>(db, (arg) =>
    db.selectFrom('flows').selectAll().where('id', '=', arg(0)),
  );
  async function publishedDocument(flowId: string, version: number): Promise<FlowDocument | undefined> {
    const key = `${flowId}@${version}`;
    const cached = publishedCache.get(key);
    if (cached) return cached;
    const row = await db
      .selectFrom('flow_versions')
      .select('definition')
      .where('flow_id', '=', flowId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) return undefined;
    const document = deepFreeze(parseFlowDocument(JSON.parse(row.definition)));
    if (publishedCache.size >= 500) publishedCache.delete(publishedCache.keys().next().value!);
    publishedCache.set(key, document);
    return document;
  }

  function summary(r: FlowsTable): FlowSummary {
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      publishedVersion: r.published_version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  async function view(r: FlowsTable): Promise<FlowView> {
    const draft = parseFlowDocument(JSON.parse(r.draft));
    const report = validateFlow(draft, await contextFor(r.instance_id, r.id));
    return { ...summary(r), draft, problems: report.problems };
  }

  async function writeDraft(row: FlowsTable, draft: FlowDocument): Promise<FlowView> {
    const at = now();
    await db
      .updateTable('flows')
      .set({ draft: JSON.stringify(draft), updated_at: at })
      .where('id', '=', row.id)
      .execute();
    return view({ ...row, draft: JSON.stringify(draft), updated_at: at });
  }

  async function publishDocument(
    row: FlowsTable,
    doc: FlowDocument,
    userName: string,
    note: string,
  ): Promise<FlowVersionView> {
    const report = validateFlow(doc, await contextFor(row.instance_id, row.id));
    if (!report.ok) {
      const errors = report.problems.filter((p) => p.severity === 'error');
      throw ivrErrors.IvrFlowInvalid(
        `flow '${row.name}' cannot be published: ${errors.length} problem(s): ${errors
          .slice(0, 5)
          .map((p) => `${p.moduleId ? `[${p.moduleId}] ` : ''}${p.message}`)
          .join('; ')}${errors.length > 5 ? '; …' : ''}`,
        { details: { problems: report.problems } },
      );
    }
    const at = now();
    const version = await db.transaction().execute(async (tx) => {
      const last = await tx
        .selectFrom('flow_versions')
        .select((eb) => eb.fn.max<number>('version').as('v'))
        .where('flow_id', '=', row.id)
        .executeTakeFirst();
      const next = Number(last?.v ?? 0) + 1;
      await tx
        .insertInto('flow_versions')
        .values({
          flow_id: row.id,
          version: next,
          account_id: row.account_id,
          definition: JSON.stringify(doc),
          note,
          published_by: userName,
          created_at: at,
        })
        .execute();
      await tx
        .updateTable('flows')
        .set({ published_version: next, updated_at: at })
        .where('id', '=', row.id)
        .execute();
      return next;
    });
    return { version, note, publishedBy: userName, createdAt: at, current: true };
  }

  return {
    find,
    contextFor,

    async create(
      accountId: string,
      instanceName: string,
      input: { name: string; description?: string | undefined; definition?: unknown },
    ): Promise<FlowView> {
      const inst = await instances.find(accountId, instanceName);
      const clash = await db
        .selectFrom('flows')
        .select('id')
        .where('instance_id', '=', inst.id)
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (clash) throw commonErrors.AlreadyExists(`flow '${input.name}' already exists`);
      const draft =
        input.definition === undefined ? emptyFlow(input.name) : parseFlowDocument(input.definition);
      const at = now();
      const row: FlowsTable = {
        id: newId('flow'),
        account_id: accountId,
        instance_id: inst.id,
        name: input.name,
        description: input.description ?? draft.description ?? '',
        draft: JSON.stringify(draft),
        published_version: null,
        created_at: at,
        updated_at: at,
      };
      await db.insertInto('flows').values(row).execute();
      return view(row);
    },

    async list(accountId: string, instanceName: string): Promise<FlowSummary[]> {
      const inst = await instances.find(accountId, instanceName);
      const rows = await db
        .selectFrom('flows')
        .selectAll()
        .where('instance_id', '=', inst.id)
        .orderBy('name')
        .execute();
      return rows.map(summary);
    },

    async get(accountId: string, instanceName: string, name: string): Promise<FlowView> {
      const inst = await instances.find(accountId, instanceName);
      return view(await find(inst.id, name));
    },

    /** Replaces the draft (a document, or JSON/YAML text). Drafts may have validation problems. */
    async saveDraft(
      accountId: string,
      instanceName: string,
      name: string,
      definition: unknown,
      format?: FlowTextFormat,
    ): Promise<FlowView> {
      const inst = await instances.find(accountId, instanceName);
      const row = await find(inst.id, name);
      const draft =
        typeof definition === 'string' ? parseFlowText(definition, format) : parseFlowDocument(definition);
      return writeDraft(row, draft);
    },

    async validate(accountId: string, instanceName: string, name: string, definition?: unknown) {
      const inst = await instances.find(accountId, instanceName);
      const row = await find(inst.id, name);
      const doc =
        definition === undefined ? parseFlowDocument(JSON.parse(row.draft)) : parseFlowDocument(definition);
      return validateFlow(doc, await contextFor(inst.id, row.id));
    },

    async publish(
      accountId: string,
      instanceName: string,
      name: string,
      userName: string,
      note = '',
    ): Promise<FlowVersionView> {
      const inst = await instances.find(accountId, instanceName);
      const row = await find(inst.id, name);
      return publishDocument(row, parseFlowDocument(JSON.parse(row.draft)), userName, note);
    },

    /** Publishes an earlier version again (as a new version) and makes it the draft. */
    async rollback(
      accountId: string,
      instanceName: string,
      name: string,
      version: number,
      userName: string,
    ): Promise<FlowVersionView> {
      const inst = await instances.find(accountId, instanceName);
      const row = await find(inst.id, name);
      const doc = await publishedDocument(row.id, version);
      if (!doc) throw flowErrors.FlowVersionNotFound(`flow '${name}' has no version ${version}`);
      const published = await publishDocument(row, doc, userName, `roll back to version ${version}`);
      await db
        .updateTable('flows')
        .set({ draft: JSON.stringify(doc) })
        .where('id', '=', row.id)
        .execute();
      return published;
    },

    async versions(accountId: string, instanceName: string, name: string): Promise<FlowVersionView[]> {
      const inst = await instances.find(accountId, instanceName);
      const row = await find(inst.id, name);
      const rows = await db
        .selectFrom('flow_versions')
        .select(['version', 'note', 'published_by', 'created_at'])
        .where('flow_id', '=', row.id)
        .orderBy('version', 'desc')
        .execute();
      return rows.map((v) => ({
        version: v.version,
        note: v.note,
        publishedBy: v.published_by,
        createdAt: v.created_at,
        current: v.version === row.published_version,
      }));
    },

    async version(
      accountId: string,
      instanceName: string,
      name: string,
      version: number,
    ): Promise<FlowDocument> {
      const inst = await instances.find(accountId, instanceName);
      const row = await find(inst.id, name);
      const doc = await publishedDocument(row.id, version);
      if (!doc) throw flowErrors.FlowVersionNotFound(`flow '${name}' has no version ${version}`);
      return doc;
    },

    /** The published document a call starts with, fixed for the whole call. */
    async publishedForCall(
      flowId: string,
    ): Promise<{ flow: FlowsTable; version: number; document: FlowDocument }> {
      const [row] = await flowById(flowId);
      if (!row) throw flowErrors.FlowNotFound('the flow of this number no longer exists');
      if (row.published_version === null)
        throw flowErrors.FlowNotPublished(`flow '${row.name}' has not been published`);
      const document = await publishedDocument(row.id, row.published_version);
      if (!document)
        throw flowErrors.FlowVersionNotFound(`flow '${row.name}' has no version ${row.published_version}`);
      return { flow: row, version: row.published_version, document };
    },

    async exportText(
      accountId: string,
      instanceName: string,
      name: string,
      format: FlowTextFormat,
      version?: number,
    ): Promise<string> {
      const inst = await instances.find(accountId, instanceName);
      const row = await find(inst.id, name);
      const doc =
        version === undefined
          ? parseFlowDocument(JSON.parse(row.draft))
          : await publishedDocument(row.id, version);
      if (!doc) throw flowErrors.FlowVersionNotFound(`flow '${name}' has no version ${version}`);
      return exportFlow(doc, format);
    },

    async delete(accountId: string, instanceName: string, name: string): Promise<void> {
      const inst = await instances.find(accountId, instanceName);
      const row = await find(inst.id, name);
      const bound = await db
        .selectFrom('phone_numbers')
        .select('number')
        .where('flow_id', '=', row.id)
        .execute();
      if (bound.length > 0) {
        throw commonErrors.Conflict(
          `flow '${name}' runs calls to ${bound.map((b) => b.number).join(', ')}; bind those numbers to another flow first`,
        );
      }
      await db.deleteFrom('flows').where('id', '=', row.id).execute();
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
