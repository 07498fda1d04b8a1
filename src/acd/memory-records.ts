import { AGENT_STATES, type AgentState } from './agent-state.js';
import { IndexedHeap } from './indexed-heap.js';
import {
  compareReadyAgents,
  compareWaitingCalls,
  type ReadyAgentKey,
  type WaitingCallKey,
} from './ordering.js';
import type { AcdCall } from './schemas.js';
import type { AgentView, GroupSnapshot } from './types.js';

/** Records of the in-memory live state. */

export interface AgentRecord {
  id: string;
  state: AgentState;
  reason: string | undefined;
  since: number;
  /** Kept after leaving ready, so that ringing → ready can restore it. */
  idleSince: number;
  readySeq: number;
  /** groupId → skill level. */
  skills: Map<string, number>;
  callId: string | undefined;
}

export interface CallRecord extends WaitingCallKey {
  call: AcdCall;
  status: 'waiting' | 'ringing' | 'talking';
  agentId: string | undefined;
}

export interface ReadyEntry extends ReadyAgentKey {
  agentId: string;
}

/** One skill group: its ready agents and waiting calls in routing order, and its counters. */
export class GroupState {
  readonly ready = new IndexedHeap<string, ReadyEntry>(compareReadyAgents);
  readonly waiting = new IndexedHeap<string, CallRecord>(compareWaitingCalls);
  /** callId → enqueuedAt of calls not yet answered, oldest first (a Map keeps insertion order). */
  readonly unanswered = new Map<string, number>();
  readonly agents = emptyStateCounts();
  ringing = 0;
  talking = 0;

  constructor(readonly id: string) {}

  snapshot(at: number): GroupSnapshot {
    const oldest = this.unanswered.values().next();
    return {
      groupId: this.id,
      waiting: this.waiting.size,
      ringing: this.ringing,
      talking: this.talking,
      longestWaitMs: oldest.done ? 0 : Math.max(0, at - oldest.value),
      agents: { ...this.agents },
    };
  }
}

export function emptyStateCounts(): Record<AgentState, number> {
  return Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>;
}

export function agentView(agent: AgentRecord): AgentView {
  return {
    agentId: agent.id,
    state: agent.state,
    reason: agent.reason,
    since: agent.since,
    idleSince: agent.state === 'ready' ? agent.idleSince : undefined,
    skills: [...agent.skills].map(([groupId, level]) => ({ groupId, level })),
    callId: agent.callId,
  };
}
