import type { Kysely } from 'kysely';
import type { Clock } from '../shared/clock.js';
import { commonErrors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { AgentsTable, Database } from '../store/schema.js';
import { contactCenterErrors } from './errors.js';
import type { Instances } from './instances.js';

export interface AgentSkill {
  skillGroup: string;
  /** 1–10, higher is better: the ACD offers calls to the best skilled ready agent first. */
  level: number;
}

export interface AgentView {
  id: string;
  loginName: string;
  displayName: string;
  extension: string;
  skills: AgentSkill[];
  createdAt: string;
  updatedAt: string;
}

export interface AgentInput {
  loginName: string;
  displayName?: string | undefined;
  extension: string;
  skills?: AgentSkill[] | undefined;
}

export type Agents = ReturnType<typeof createAgents>;

/** Agents of an instance and their skills; their live state is the ACD's. */
export function createAgents(deps: { db: Kysely<Database>; clock: Clock; instances: Instances }) {
  const { db, clock, instances } = deps;
  const now = () => new Date(clock.now()).toISOString();

  async function find(instanceId: string, loginName: string): Promise<AgentsTable> {
    const row = await db
      .selectFrom('agents')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .where('login_name', '=', loginName)
      .executeTakeFirst();
    if (!row) throw contactCenterErrors.AgentNotFound(`agent '${loginName}' does not exist`);
    return row;
  }

  async function skillsOf(agentIds: string[]): Promise<Map<string, AgentSkill[]>> {
    const out = new Map<string, AgentSkill[]>();
    if (agentIds.length === 0) return out;
    const rows = await db
      .selectFrom('agent_skills')
      .innerJoin('skill_groups', 'skill_groups.id', 'agent_skills.skill_group_id')
      .select(['agent_skills.agent_id', 'skill_groups.name', 'agent_skills.level'])
      .where('agent_skills.agent_id', 'in', agentIds)
      .orderBy('skill_groups.name')
      .execute();
    for (const r of rows) {
      const list = out.get(r.agent_id) ?? [];
      list.push({ skillGroup: r.name, level: r.level });
      out.set(r.agent_id, list);
    }
    return out;
  }

  function view(r: AgentsTable, skills: AgentSkill[]): AgentView {
    return {
      id: r.id,
      loginName: r.login_name,
      displayName: r.display_name,
      extension: r.extension,
      skills,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  /** Resolves skill group names to ids; an unknown name is an error naming it. */
  async function resolveSkills(
    instanceId: string,
    skills: AgentSkill[],
  ): Promise<{ id: string; level: number }[]> {
    const out: { id: string; level: number }[] = [];
    for (const s of skills) {
      const g = await db
        .selectFrom('skill_groups')
        .select('id')
        .where('instance_id', '=', instanceId)
        .where('name', '=', s.skillGroup)
        .executeTakeFirst();
      if (!g) throw contactCenterErrors.SkillGroupNotFound(`skill group '${s.skillGroup}' does not exist`);
      out.push({ id: g.id, level: s.level });
    }
    return out;
  }

  async function checkUnique(
    instanceId: string,
    input: { loginName?: string; extension?: string },
    exceptId?: string,
  ) {
    const rows = await db
      .selectFrom('agents')
      .select(['id', 'login_name', 'extension'])
      .where('instance_id', '=', instanceId)
      .execute();
    for (const r of rows) {
      if (r.id === exceptId) continue;
      if (input.loginName && r.login_name === input.loginName)
        throw commonErrors.AlreadyExists(`agent '${input.loginName}' already exists`);
      if (input.extension && r.extension === input.extension) {
        throw commonErrors.AlreadyExists(
          `extension ${input.extension} already belongs to agent '${r.login_name}'`,
        );
      }
    }
  }

  return {
    find,
    skillsOf,

    async create(accountId: string, instanceName: string, input: AgentInput): Promise<AgentView> {
      const inst = await instances.find(accountId, instanceName);
      await checkUnique(inst.id, input);
      const skills = await resolveSkills(inst.id, input.skills ?? []);
      const at = now();
      const row: AgentsTable = {
        id: newId('agt'),
        account_id: accountId,
        instance_id: inst.id,
        login_name: input.loginName,
        display_name: input.displayName ?? input.loginName,
        extension: input.extension,
        created_at: at,
        updated_at: at,
      };
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('agents').values(row).execute();
        for (const s of skills)
          await tx
            .insertInto('agent_skills')
            .values({ agent_id: row.id, skill_group_id: s.id, level: s.level })
            .execute();
      });
      return view(row, input.skills ?? []);
    },

    async list(accountId: string, instanceName: string): Promise<AgentView[]> {
      const inst = await instances.find(accountId, instanceName);
      const rows = await db
        .selectFrom('agents')
        .selectAll()
        .where('instance_id', '=', inst.id)
        .orderBy('login_name')
        .execute();
      const skills = await skillsOf(rows.map((r) => r.id));
      return rows.map((r) => view(r, skills.get(r.id) ?? []));
    },

    async listByInstanceId(instanceId: string): Promise<AgentView[]> {
      const rows = await db
        .selectFrom('agents')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .orderBy('login_name')
        .execute();
      const skills = await skillsOf(rows.map((r) => r.id));
      return rows.map((r) => view(r, skills.get(r.id) ?? []));
    },

    async get(accountId: string, instanceName: string, loginName: string): Promise<AgentView> {
      const inst = await instances.find(accountId, instanceName);
      const row = await find(inst.id, loginName);
      return view(row, (await skillsOf([row.id])).get(row.id) ?? []);
    },

    async update(
      accountId: string,
      instanceName: string,
      loginName: string,
      input: Partial<AgentInput>,
    ): Promise<AgentView> {
      const inst = await instances.find(accountId, instanceName);
      const row = await find(inst.id, loginName);
      await checkUnique(inst.id, { ...(input.extension ? { extension: input.extension } : {}) }, row.id);
      const skills = input.skills ? await resolveSkills(inst.id, input.skills) : undefined;
      const updated: AgentsTable = {
        ...row,
        display_name: input.displayName ?? row.display_name,
        extension: input.extension ?? row.extension,
        updated_at: now(),
      };
      await db.transaction().execute(async (tx) => {
        const { id: _id, ...changes } = updated;
        await tx.updateTable('agents').set(changes).where('id', '=', row.id).execute();
        if (skills) {
          await tx.deleteFrom('agent_skills').where('agent_id', '=', row.id).execute();
          for (const s of skills)
            await tx
              .insertInto('agent_skills')
              .values({ agent_id: row.id, skill_group_id: s.id, level: s.level })
              .execute();
        }
      });
      return view(updated, input.skills ?? (await skillsOf([row.id])).get(row.id) ?? []);
    },

    async delete(accountId: string, instanceName: string, loginName: string): Promise<void> {
      const inst = await instances.find(accountId, instanceName);
      const row = await find(inst.id, loginName);
      await db.deleteFrom('agents').where('id', '=', row.id).execute();
    },
  };
}
