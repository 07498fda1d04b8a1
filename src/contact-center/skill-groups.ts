import type { Kysely } from 'kysely';
import type { Clock } from '../shared/clock.js';
import { commonErrors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { Database, SkillGroupsTable } from '../store/schema.js';
import { contactCenterErrors } from './errors.js';
import type { Instances } from './instances.js';

export interface SkillGroupView {
  id: string;
  name: string;
  description: string;
  ringTimeoutSeconds: number;
  afterCallWorkSeconds: number;
  createdAt: string;
  updatedAt: string;
}

export interface SkillGroupInput {
  name: string;
  description?: string | undefined;
  ringTimeoutSeconds?: number | undefined;
  afterCallWorkSeconds?: number | undefined;
}

export function skillGroupView(r: SkillGroupsTable): SkillGroupView {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    ringTimeoutSeconds: r.ring_timeout_seconds,
    afterCallWorkSeconds: r.after_call_work_seconds,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export type SkillGroups = ReturnType<typeof createSkillGroups>;

/** Skill groups (agent teams such as 北京客服组): each has a queue in the ACD. */
export function createSkillGroups(deps: { db: Kysely<Database>; clock: Clock; instances: Instances }) {
  const { db, clock, instances } = deps;
  const now = () => new Date(clock.now()).toISOString();

  async function find(instanceId: string, name: string): Promise<SkillGroupsTable> {
    const row = await db
      .selectFrom('skill_groups')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) throw contactCenterErrors.SkillGroupNotFound(`skill group '${name}' does not exist`);
    return row;
  }

  return {
    find,

    async create(accountId: string, instanceName: string, input: SkillGroupInput): Promise<SkillGroupView> {
      const inst = await instances.find(accountId, instanceName);
      const clash = await db
        .selectFrom('skill_groups')
        .select('id')
        .where('instance_id', '=', inst.id)
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (clash) throw commonErrors.AlreadyExists(`skill group '${input.name}' already exists`);
      const at = now();
      const row: SkillGroupsTable = {
        id: newId('sg'),
        account_id: accountId,
        instance_id: inst.id,
        name: input.name,
        description: input.description ?? '',
        ring_timeout_seconds: input.ringTimeoutSeconds ?? 20,
        after_call_work_seconds: input.afterCallWorkSeconds ?? 10,
        created_at: at,
        updated_at: at,
      };
      await db.insertInto('skill_groups').values(row).execute();
      return skillGroupView(row);
    },

    async list(accountId: string, instanceName: string): Promise<SkillGroupView[]> {
      const inst = await instances.find(accountId, instanceName);
      const rows = await db
        .selectFrom('skill_groups')
        .selectAll()
        .where('instance_id', '=', inst.id)
        .orderBy('name')
        .execute();
      return rows.map(skillGroupView);
    },

    async listByInstanceId(instanceId: string): Promise<SkillGroupView[]> {
      const rows = await db
        .selectFrom('skill_groups')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .orderBy('name')
        .execute();
      return rows.map(skillGroupView);
    },

    async get(accountId: string, instanceName: string, name: string): Promise<SkillGroupView> {
      const inst = await instances.find(accountId, instanceName);
      return skillGroupView(await find(inst.id, name));
    },

    async update(
      accountId: string,
      instanceName: string,
      name: string,
      input: Partial<SkillGroupInput>,
    ): Promise<SkillGroupView> {
      const inst = await instances.find(accountId, instanceName);
      const row = await find(inst.id, name);
      const updated: SkillGroupsTable = {
        ...row,
        description: input.description ?? row.description,
        ring_timeout_seconds: input.ringTimeoutSeconds ?? row.ring_timeout_seconds,
        after_call_work_seconds: input.afterCallWorkSeconds ?? row.after_call_work_seconds,
        updated_at: now(),
      };
      const { id: _id, ...changes } = updated;
      await db.updateTable('skill_groups').set(changes).where('id', '=', row.id).execute();
      return skillGroupView(updated);
    },

    async delete(accountId: string, instanceName: string, name: string): Promise<void> {
      const inst = await instances.find(accountId, instanceName);
      const row = await find(inst.id, name);
      await db.deleteFrom('skill_groups').where('id', '=', row.id).execute();
    },
  };
}
