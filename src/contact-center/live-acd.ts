import { type Acd, createAcd } from '../acd/acd.js';
import type { AgentView as AcdAgentView, AgentOfferer, GroupSnapshot } from '../acd/types.js';
import type { Clock } from '../shared/clock.js';
import type { Agents } from './agents.js';
import type { Instances } from './instances.js';
import { MinuteCounters, type MinuteStats } from './live-minutes.js';
import type { SkillGroups, SkillGroupView } from './skill-groups.js';

export type AgentStateRequest =
  | { state: 'ready' | 'notReady' | 'offline'; reason?: string | undefined }
  | { state: 'finishAfterCallWork' };

export type LiveAcds = ReturnType<typeof createLiveAcds>;

const PERSONAL_GROUP = 'agent:';
/** A call for one agent (a direct transfer) rings this long, with no after-call work. */
const PERSONAL_RING_TIMEOUT_MS = 30_000;

/** The ACD group of one agent: a transfer to that agent queues there, with the ACD's ringing rules. */
export function personalGroup(loginName: string): string {
  return `${PERSONAL_GROUP}${loginName}`;
}

/** What the live view shows of an instance: GET /v1/instances/:instance/live and its WebSocket. */
export interface LiveSnapshot {
  /** When the snapshot was taken (ISO 8601). */
  at: string;
  skillGroups: GroupSnapshot[];
  /** Every agent of the instance, offline unless logged in to the ACD. */
  agents: AcdAgentView[];
  /** The last 60 minutes, oldest first: calls queued, answered, abandoned, average wait. */
  perMinute: MinuteStats[];
}

/**
 * The live ACD of each instance (one process: in memory). Agents' states change through the API
 * (later also from their phones); skill groups are keyed by name, as flows name them.
 */
export function createLiveAcds(deps: {
  clock: Clock;
  instances: Instances;
  skillGroups: SkillGroups;
  agents: Agents;
  /** Rings agents' phones of an instance; until telephony sets one (setOfferer), offers fail. */
  offerer?: (instanceId: string) => AgentOfferer;
  onError?: (err: unknown, context: string) => void;
}) {
  const { clock, instances, skillGroups, agents } = deps;
  const acds = new Map<string, { acd: Acd; groups: Map<string, SkillGroupView>; minutes: MinuteCounters }>();
  let offererFor: (instanceId: string) => AgentOfferer =
    deps.offerer ?? (() => ({ offer: async () => 'failed' }));

  async function entry(instanceId: string) {
    let e = acds.get(instanceId);
    if (!e) {
      const groups = new Map<string, SkillGroupView>();
      const acd = createAcd({
        clock,
        offerer: { offer: (call, agent, signal) => offererFor(instanceId).offer(call, agent, signal) },
        groups: {
          get: (name) => {
            // A transfer to one agent queues in the agent's own group (see personalGroup).
            if (name.startsWith(PERSONAL_GROUP))
              return { id: name, ringTimeoutMs: PERSONAL_RING_TIMEOUT_MS, afterCallWorkMs: 0 };
            const g = groups.get(name);
            return (
              g && {
                id: g.name,
                ringTimeoutMs: g.ringTimeoutSeconds * 1000,
                afterCallWorkMs: g.afterCallWorkSeconds * 1000,
              }
            );
          },
        },
        ...(deps.onError ? { onError: deps.onError } : {}),
      });
      const minutes = new MinuteCounters();
      acd.onCallEvent((event) => minutes.record(event));
      e = { acd, groups, minutes };
      acds.set(instanceId, e);
    }
    // Groups can be created or changed at any time; read them again (cheap, and only on API calls).
    e.groups.clear();
    for (const g of await skillGroups.listByInstanceId(instanceId)) e.groups.set(g.name, g);
    return e;
  }

  /** The agent's skills in the ACD: the skill groups, and the agent's own group for direct transfers. */
  function acdSkills(agent: { loginName: string; skills: { skillGroup: string; level: number }[] }) {
    return [
      ...agent.skills.map((s) => ({ groupId: s.skillGroup, level: s.level })),
      { groupId: personalGroup(agent.loginName), level: 10 },
    ];
  }

  async function apply(
    instanceId: string,
    loginName: string,
    request: AgentStateRequest,
  ): Promise<AcdAgentView> {
    // One agent's row (AgentNotFound if none): a state change must not cost as many rows as agents.
    const agent = await agents.getByInstanceId(instanceId, loginName);
    const { acd } = await entry(instanceId);
    const current = (await acd.agent(loginName))?.state ?? 'offline';
    if (request.state === 'finishAfterCallWork') return acd.finishAfterCallWork(loginName);
    if (request.state === 'offline')
      return current === 'offline' ? offline(loginName) : acd.logout(loginName);
    if (current === 'offline') {
      return acd.login({
        agentId: loginName,
        skills: acdSkills(agent),
        state: request.state,
        ...(request.state === 'notReady' && request.reason ? { reason: request.reason } : {}),
      });
    }
    if (request.state === 'ready')
      return current === 'afterCallWork' ? acd.finishAfterCallWork(loginName) : acd.setReady(loginName);
    return acd.setNotReady(loginName, request.reason);
  }

  function offline(loginName: string): AcdAgentView {
    return {
      agentId: loginName,
      state: 'offline',
      reason: undefined,
      since: 0,
      idleSince: undefined,
      skills: [],
      callId: undefined,
    };
  }

  return {
    async acdFor(instanceId: string): Promise<Acd> {
      return (await entry(instanceId)).acd;
    },

    async setAgentState(
      accountId: string,
      instanceName: string,
      loginName: string,
      request: AgentStateRequest,
    ): Promise<AcdAgentView> {
      const inst = await instances.find(accountId, instanceName);
      return apply(inst.id, loginName, request);
    },

    /** The same, for telephony (an agent's phone registered or went away): by instance id. */
    setAgentStateIn: apply,

    /** The agent's state by instance id ('offline' until logged in); undefined: no such agent. */
    async agentStateIn(instanceId: string, loginName: string): Promise<AcdAgentView | undefined> {
      const agent = (await agents.listByInstanceId(instanceId)).find((a) => a.loginName === loginName);
      if (!agent) return undefined;
      const { acd } = await entry(instanceId);
      return (await acd.agent(loginName)) ?? offline(loginName);
    },

    /** Whether the instance has a skill group of that name (a transfer's target). */
    async hasSkillGroup(instanceId: string, name: string): Promise<boolean> {
      return (await entry(instanceId)).groups.has(name);
    },

    /** A skill group's ring timeout and after-call work (ms), as the ACD applies them. */
    async groupTimes(
      instanceId: string,
      groupId: string,
    ): Promise<{ ringTimeoutMs: number; afterCallWorkMs: number } | undefined> {
      if (groupId.startsWith(PERSONAL_GROUP))
        return { ringTimeoutMs: PERSONAL_RING_TIMEOUT_MS, afterCallWorkMs: 0 };
      const g = (await entry(instanceId)).groups.get(groupId);
      return (
        g && { ringTimeoutMs: g.ringTimeoutSeconds * 1000, afterCallWorkMs: g.afterCallWorkSeconds * 1000 }
      );
    },

    /** Telephony rings agents' phones from now on. */
    setOfferer(factory: (instanceId: string) => AgentOfferer): void {
      offererFor = factory;
    },

    async agentState(accountId: string, instanceName: string, loginName: string): Promise<AcdAgentView> {
      const inst = await instances.find(accountId, instanceName);
      await agents.get(accountId, instanceName, loginName);
      const { acd } = await entry(inst.id);
      return (await acd.agent(loginName)) ?? offline(loginName);
    },

    /** Queues, agents and the last hour per minute of the instance, for the live view. */
    async snapshot(accountId: string, instanceName: string): Promise<LiveSnapshot> {
      const inst = await instances.find(accountId, instanceName);
      const { acd, groups, minutes } = await entry(inst.id);
      const snapshots: GroupSnapshot[] = [];
      for (const name of groups.keys()) snapshots.push(await acd.groupSnapshot(name));
      const known = new Map((await acd.agents()).map((a) => [a.agentId, a]));
      const all = (await agents.listByInstanceId(inst.id)).map(
        (a) => known.get(a.loginName) ?? offline(a.loginName),
      );
      const now = clock.now();
      return {
        at: new Date(now).toISOString(),
        skillGroups: snapshots,
        agents: all,
        perMinute: minutes.series(now),
      };
    },

    /**
     * Calls onChange on every change of the instance's ACD (an agent's state, a call event) until
     * the returned function is called. Throws InstanceNotFound.
     */
    async watch(accountId: string, instanceName: string, onChange: () => void): Promise<() => void> {
      const inst = await instances.find(accountId, instanceName);
      const { acd } = await entry(inst.id);
      const offAgents = acd.onAgentStateChange(onChange);
      const offCalls = acd.onCallEvent(onChange);
      return () => {
        offAgents();
        offCalls();
      };
    },
  };
}
