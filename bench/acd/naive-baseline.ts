import {
  compareCallsForAgent,
  compareReadyAgents,
  type ReadyAgentKey,
  type WaitingCallKey,
} from '../../src/acd/ordering.js';

/**
 * The obvious implementation, for comparison: the same routing order found by scanning every
 * agent or every waiting call on each decision.
 */
export interface NaiveAgent extends ReadyAgentKey {
  id: string;
  ready: boolean;
  skills: Map<string, number>;
}

export interface NaiveCall extends WaitingCallKey {
  id: string;
  groupId: string;
  waiting: boolean;
}

export class NaiveRouting {
  readonly agents: NaiveAgent[] = [];
  readonly calls: NaiveCall[] = [];

  /** The best ready agent of the group, by a scan of all agents. */
  bestAgent(groupId: string): NaiveAgent | undefined {
    let best: NaiveAgent | undefined;
    let bestKey: ReadyAgentKey | undefined;
    for (const agent of this.agents) {
      const skillLevel = agent.ready ? agent.skills.get(groupId) : undefined;
      if (skillLevel === undefined) continue;
      const key = { skillLevel, idleSince: agent.idleSince, readySeq: agent.readySeq };
      if (!bestKey || compareReadyAgents(key, bestKey) < 0) {
        best = agent;
        bestKey = key;
      }
    }
    return best;
  }

  /** The best waiting call across the agent's groups, by a scan of all calls. */
  bestCall(agent: NaiveAgent): NaiveCall | undefined {
    let best: (NaiveCall & { skillLevel: number }) | undefined;
    for (const call of this.calls) {
      const skillLevel = call.waiting ? agent.skills.get(call.groupId) : undefined;
      if (skillLevel === undefined) continue;
      const candidate = { ...call, skillLevel };
      if (!best || compareCallsForAgent(candidate, best) < 0) best = candidate;
    }
    return best && this.calls.find((c) => c.id === best.id);
  }
}
