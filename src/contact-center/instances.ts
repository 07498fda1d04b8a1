import type { Kysely } from 'kysely';
import type { Clock } from '../shared/clock.js';
import { commonErrors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { Database, InstancesTable } from '../store/schema.js';
import { contactCenterErrors } from './errors.js';

export interface InstanceView {
  id: string;
  name: string;
  description: string;
  functionAccess: { granted: boolean; grantedAt: string | null; grantedBy: string | null };
  /** Bridged conversations are recorded (both parties in one stereo WAV: caller left, agent right). */
  recordCalls: boolean;
  /** Where calls may be transferred outside: number patterns, and a cap on concurrent outbound calls. */
  outbound: { allow: string[]; maxConcurrentCalls: number };
  createdAt: string;
  updatedAt: string;
}

export function instanceView(r: InstancesTable): InstanceView {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    functionAccess: {
      granted: r.function_access_granted_at !== null,
      grantedAt: r.function_access_granted_at,
      grantedBy: r.function_access_granted_by,
    },
    recordCalls: r.record_calls === 1,
    outbound: { allow: JSON.parse(r.outbound_allow) as string[], maxConcurrentCalls: r.max_outbound_calls },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** What can be set on an instance besides its name. */
export interface InstanceSettings {
  description?: string | undefined;
  recordCalls?: boolean | undefined;
  outbound?: { allow?: string[] | undefined; maxConcurrentCalls?: number | undefined } | undefined;
}

export type Instances = ReturnType<typeof createInstances>;

/** Contact-center instances: the container of numbers, agents, flows and integrations. */
export function createInstances(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;
  const now = () => new Date(clock.now()).toISOString();

  async function find(accountId: string, name: string): Promise<InstancesTable> {
    const row = await db
      .selectFrom('instances')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) throw contactCenterErrors.InstanceNotFound(`instance '${name}' does not exist`);
    return row;
  }

  return {
    find,

    /**
     * The instances of that name (the workbench's sign-in), in one account (by the account's name)
     * or in every account; with their account's id.
     */
    async byName(name: string, accountName?: string): Promise<{ id: string; accountId: string }[]> {
      let q = db
        .selectFrom('instances')
        .innerJoin('accounts', 'accounts.id', 'instances.account_id')
        .select(['instances.id as id', 'instances.account_id as accountId'])
        .where('instances.name', '=', name);
      if (accountName !== undefined) q = q.where('accounts.name', '=', accountName);
      return q.execute();
    },

    async create(accountId: string, input: { name: string } & InstanceSettings): Promise<InstanceView> {
      const clash = await db
        .selectFrom('instances')
        .select('id')
        .where('account_id', '=', accountId)
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (clash) throw commonErrors.AlreadyExists(`instance '${input.name}' already exists`);
      const at = now();
      const row: InstancesTable = {
        id: newId('inst'),
        account_id: accountId,
        name: input.name,
        description: input.description ?? '',
        function_access_granted_at: null,
        function_access_granted_by: null,
        record_calls: input.recordCalls ? 1 : 0,
        outbound_allow: JSON.stringify(input.outbound?.allow ?? []),
        max_outbound_calls: input.outbound?.maxConcurrentCalls ?? 10,
        created_at: at,
        updated_at: at,
      };
      await db.insertInto('instances').values(row).execute();
      return instanceView(row);
    },

    async list(accountId: string): Promise<InstanceView[]> {
      const rows = await db
        .selectFrom('instances')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('name')
        .execute();
      return rows.map(instanceView);
    },

    async get(accountId: string, name: string): Promise<InstanceView> {
      return instanceView(await find(accountId, name));
    },

    async update(accountId: string, name: string, input: InstanceSettings): Promise<InstanceView> {
      const row = await find(accountId, name);
      const updated: InstancesTable = {
        ...row,
        description: input.description ?? row.description,
        record_calls: input.recordCalls === undefined ? row.record_calls : input.recordCalls ? 1 : 0,
        outbound_allow: input.outbound?.allow ? JSON.stringify(input.outbound.allow) : row.outbound_allow,
        max_outbound_calls: input.outbound?.maxConcurrentCalls ?? row.max_outbound_calls,
        updated_at: now(),
      };
      const { id: _id, ...changes } = updated;
      await db.updateTable('instances').set(changes).where('id', '=', row.id).execute();
      return instanceView(updated);
    },

    async delete(accountId: string, name: string): Promise<void> {
      const row = await find(accountId, name);
      await db.deleteFrom('instances').where('id', '=', row.id).execute();
    },

    /** The seed's authorization step: the instance may now invoke the account's functions. */
    async grantFunctionAccess(accountId: string, name: string, userName: string): Promise<InstanceView> {
      const row = await find(accountId, name);
      const at = now();
      await db
        .updateTable('instances')
        .set({ function_access_granted_at: at, function_access_granted_by: userName, updated_at: at })
        .where('id', '=', row.id)
        .execute();
      return instanceView({
        ...row,
        function_access_granted_at: at,
        function_access_granted_by: userName,
        updated_at: at,
      });
    },

    async revokeFunctionAccess(accountId: string, name: string): Promise<InstanceView> {
      const row = await find(accountId, name);
      const at = now();
      await db
        .updateTable('instances')
        .set({ function_access_granted_at: null, function_access_granted_by: null, updated_at: at })
        .where('id', '=', row.id)
        .execute();
      return instanceView({
        ...row,
        function_access_granted_at: null,
        function_access_granted_by: null,
        updated_at: at,
      });
    },
  };
}
