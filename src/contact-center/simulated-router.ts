import { z } from 'zod';
import { createAcd } from '../acd/acd.js';
import type { OfferOutcome } from '../acd/types.js';
import type { RouteDecision, SimulatedRouter } from '../ivr/simulation/routing.js';
import { newId } from '../shared/ids.js';
import { VirtualClock } from '../shared/virtual-clock.js';
import type { AgentView } from './agents.js';
import type { SkillGroupView } from './skill-groups.js';

/** How the instance's agents behave in a simulated call (all ready and answering by default). */
export const simulatedAgentsSchema = z.record(
  z.string().describe("an agent's login name"),
  z.strictObject({
    state: z.enum(['ready', 'notReady', 'offline']).default('ready'),
    answers: z.boolean().default(true).describe('false: the agent rings and does not answer'),
  }),
);
export type SimulatedAgents = z.input<typeof simulatedAgentsSchema>;

/**
 * A SimulatedRouter backed by the real ACD: the instance's agents log in with their skills, and a
 * transfer to a skill group is routed by the ACD's own rules (best skill level, longest idle, next
 * agent on no answer). Offers are decided at once by each agent's behaviour.
 */
export function acdRouter(input: {
  groups: SkillGroupView[];
  agents: AgentView[];
  behaviour: SimulatedAgents;
}): SimulatedRouter {
  const behaviour = simulatedAgentsSchema.parse(input.behaviour);
  const groupByKey = new Map<string, SkillGroupView>();
  for (const g of input.groups) {
    groupByKey.set(g.id, g);
    groupByKey.set(g.name, g);
  }
  const agentByKey = new Map<string, AgentView>();
  for (const a of input.agents) for (const key of [a.id, a.loginName, a.extension]) agentByKey.set(key, a);
  const behaves = (login: string) => behaviour[login] ?? { state: 'ready' as const, answers: true };

  const clock = new VirtualClock();
  const acd = createAcd({
    clock,
    offerer: {
      offer: async (_call, agent): Promise<OfferOutcome> =>
        behaves(agent.id).answers ? 'answered' : 'noAnswer',
    },
    groups: {
      get: (id) => {
        const g = groupByKey.get(id);
        return (
          g && {
            id: g.name,
            ringTimeoutMs: g.ringTimeoutSeconds * 1000,
            afterCallWorkMs: g.afterCallWorkSeconds * 1000,
          }
        );
      },
    },
    onError: () => undefined,
  });
  const loggedIn = (async () => {
    for (const a of input.agents) {
      const b = behaves(a.loginName);
      if (b.state === 'offline') continue;
      await acd.login({
        agentId: a.loginName,
        skills: a.skills.map((s) => ({ groupId: s.skillGroup, level: s.level })),
        state: b.state,
      });
    }
  })();

  return {
    async skillGroup(request): Promise<RouteDecision> {
      await loggedIn;
      const group = groupByKey.get(request.skillGroupId);
      if (!group)
        return {
          result: 'failed',
          reason: `skill group '${request.skillGroupId}' does not exist`,
          afterMs: 0,
        };
      const pending = acd.enqueue(
        { id: newId('sim'), skillGroupId: group.name, priority: request.priority, ani: '' },
        { queueTimeoutMs: 1, noAgentsWhen: 'noneLoggedIn' },
      );
      await clock.advance(2);
      const r = await pending;
      if (r.outcome === 'answered') return { result: 'answered', agent: r.agentId, afterMs: 0 };
      if (r.outcome === 'noAgents')
        return { result: 'overflow', reason: `no agent of ${group.name} is logged in`, afterMs: 0 };
      if (r.outcome === 'overflow') return { result: 'overflow', reason: 'the queue is full', afterMs: 0 };
      return { result: 'timeout' };
    },
    agent(request): RouteDecision {
      const agent = agentByKey.get(request.agentId);
      if (!agent)
        return { result: 'failed', reason: `agent '${request.agentId}' does not exist`, afterMs: 0 };
      const b = behaves(agent.loginName);
      if (b.state !== 'ready')
        return { result: 'busy', reason: `agent ${agent.loginName} is ${b.state}`, afterMs: 0 };
      return b.answers
        ? { result: 'answered', agent: agent.loginName, afterMs: 0 }
        : { result: 'noAnswer', afterMs: 0 };
    },
    number(): RouteDecision {
      // No carrier here: an external number answers (a stand-in, named so in the trace).
      return { result: 'answered', agent: 'external party (simulated)', afterMs: 0 };
    },
  };
}
