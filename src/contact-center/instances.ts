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
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
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

    async create(
      accountId: string,
      input: { name: string; description?: string | undefined },
    ): Promise<InstanceView> {
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

    async update(
      accountId: string,
      name: string,
      input: { description?: string | undefined },
    ): Promise<InstanceView> {
      const row = await find(accountId, name);
      const updated = { ...row, description: input.description ?? row.description, updated_at: now() };
      await db
        .updateTable('instances')
        .set({ description: updated.description, updated_at: updated.updated_at })
        .where('id', '=', row.id)
        .execute();
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
