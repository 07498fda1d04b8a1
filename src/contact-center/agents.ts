import type { Kysely } from 'kysely';
import { hashPassword, passwordMatches, passwordMismatchDelay } from '../accounts/secrets.js';
import type { Clock } from '../shared/clock.js';
import { commonErrors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { AgentsTable, Database } from '../store/schema.js';
import { digestHa1 } from '../telephony/auth/digest.js';
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
  /** The user name the agent's phone registers with (null until a password is set). */
  sipUsername: string | null;
  /** A password is set: the agent can register a phone and sign in to the workbench. */
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface AgentInput {
  loginName: string;
  displayName?: string | undefined;
  extension: string;
  skills?: AgentSkill[] | undefined;
  /** For the agent's SIP phone (digest) and the workbench; kept only as hashes. */
  password?: string | undefined;
  /** Unique on this server; the login name by default. */
  sipUsername?: string | undefined;
}

/** What the registrar needs to check an agent's phone. */
export interface AgentSipCredentials {
  agentId: string;
  accountId: string;
  instanceId: string;
  loginName: string;
  ha1: { MD5: string; 'SHA-256': string };
}

export type Agents = ReturnType<typeof createAgents>;

/** Agents of an instance and their skills; their live state is the ACD's. */
export function createAgents(deps: {
  db: Kysely<Database>;
  clock: Clock;
  instances: Instances;
  /** The digest realm the registrar challenges with; HA1s are computed for it. */
  sipRealm?: string;
}) {
  const { db, clock, instances } = deps;
  const realm = deps.sipRealm ?? 'hotline';
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
      sipUsername: r.sip_username,
      hasPassword: r.password_hash !== null,
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

  /** The credential columns for a new password (and the SIP user name, checked to be free). */
  async function credentials(
    row: { id: string; login_name: string; sip_username: string | null },
    input: { password?: string | undefined; sipUsername?: string | undefined },
  ): Promise<
    | Pick<AgentsTable, 'sip_username' | 'password_hash' | 'sip_realm' | 'sip_ha1_md5' | 'sip_ha1_sha256'>
    | undefined
  > {
    const username = input.sipUsername ?? row.sip_username ?? row.login_name;
    if (input.password === undefined && input.sipUsername === undefined) return undefined;
    const taken = await db
      .selectFrom('agents')
      .select('id')
      .where('sip_username', '=', username)
      .where('id', '!=', row.id)
      .executeTakeFirst();
    if (taken)
      throw commonErrors.AlreadyExists(`SIP user name '${username}' is already in use on this server`);
    if (input.password === undefined) {
      if (row.sip_username === null)
        throw commonErrors.ValidationFailed('set a password together with the SIP user name');
      throw commonErrors.ValidationFailed(
        'changing the SIP user name needs the password again (digest hashes include it)',
      );
    }
    return {
      sip_username: username,
      password_hash: await hashPassword(input.password),
      sip_realm: realm,
      sip_ha1_md5: digestHa1('MD5', username, realm, input.password),
      sip_ha1_sha256: digestHa1('SHA-256', username, realm, input.password),
    };
  }

  return {
    find,
    skillsOf,

    /** The agent a phone registers as; undefined for an unknown user or one without credentials for the realm. */
    async sipCredentials(sipUsername: string): Promise<AgentSipCredentials | undefined> {
      const r = await db
        .selectFrom('agents')
        .select([
          'id',
          'account_id',
          'instance_id',
          'login_name',
          'sip_realm',
          'sip_ha1_md5',
          'sip_ha1_sha256',
        ])
        .where('sip_username', '=', sipUsername)
        .executeTakeFirst();
      if (!r || r.sip_realm !== realm || !r.sip_ha1_md5 || !r.sip_ha1_sha256) return undefined;
      return {
        agentId: r.id,
        accountId: r.account_id,
        instanceId: r.instance_id,
        loginName: r.login_name,
        ha1: { MD5: r.sip_ha1_md5, 'SHA-256': r.sip_ha1_sha256 },
      };
    },

    /** Checks an agent's password (workbench sign-in); false for an unknown agent too. */
    async passwordMatches(
      instanceId: string,
      loginName: string,
      password: string,
    ): Promise<AgentsTable | undefined> {
      const r = await db
        .selectFrom('agents')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where('login_name', '=', loginName)
        .executeTakeFirst();
      // An unknown agent takes as long as a wrong password: timing does not tell which names exist.
      const ok = r?.password_hash
        ? await passwordMatches(password, r.password_hash)
        : await passwordMismatchDelay(password);
      return ok ? r : undefined;
    },

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
        sip_username: null,
        password_hash: null,
        sip_realm: null,
        sip_ha1_md5: null,
        sip_ha1_sha256: null,
        created_at: at,
        updated_at: at,
      };
      Object.assign(row, await credentials(row, input));
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

    /** One agent of an instance by login name (the ACD's agent id), without reading the others. */
    async getByInstanceId(instanceId: string, loginName: string): Promise<AgentView> {
      const row = await find(instanceId, loginName);
      return view(row, (await skillsOf([row.id])).get(row.id) ?? []);
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
        ...(await credentials(row, input)),
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
