import type { AgentState } from './agent-state.js';
import type { AcdCall, AgentSkill } from './schemas.js';

/** One change of an agent's state, as listeners (live view, CDRs) receive it. */
export interface AgentStateChange {
  agentId: string;
  from: AgentState;
  to: AgentState;
  /** Why, when known: the agent's not-ready reason, 'noAnswer', 'callerHungUp', … */
  reason: string | undefined;
  /** The call being offered or talked, for ringing and busy and the changes out of them. */
  callId: string | undefined;
  /** Wall time (ms since the epoch). */
  at: number;
}

/** What happened to a queued call, for CDRs and the live view. */
export type CallEvent = { callId: string; skillGroupId: string; at: number } & (
  | { type: 'queued' }
  | { type: 'offered'; agentId: string; attempt: number }
  | { type: 'offerEnded'; agentId: string; outcome: Exclude<OfferOutcome, 'answered'> | 'agentLeft' }
  | { type: 'answered'; agentId: string }
  | { type: 'abandoned' | 'timeout' | 'overflow' | 'noAgents' }
);

export type EnqueueResult =
  | { outcome: 'answered'; agentId: string; queueMs: number; attempts: number }
  | { outcome: 'timeout' }
  | { outcome: 'overflow' }
  | { outcome: 'noAgents' }
  | { outcome: 'cancelled' };

export type OfferOutcome = 'answered' | 'noAnswer' | 'rejected' | 'failed';

/** The agent a call is offered to. */
export interface OfferedAgent {
  id: string;
  /** The agent's level in the call's skill group. */
  skillLevel: number;
}

/**
 * Port to the telephony side: ring the agent's leg with the call. Resolve with how the offer
 * ended. The ACD aborts `signal` when the ring timeout passes or the caller hangs up; the leg
 * must then stop ringing (the promise's value is ignored after that).
 */
export interface AgentOfferer {
  offer(call: AcdCall, agent: OfferedAgent, signal: AbortSignal): Promise<OfferOutcome>;
}

/** One agent as the live view shows it. */
export interface AgentView {
  agentId: string;
  state: AgentState;
  reason: string | undefined;
  /** Wall time of the last state change. */
  since: number;
  /** Wall time the agent became ready (longest-idle routing); set only while ready. */
  idleSince: number | undefined;
  skills: AgentSkill[];
  /** The call being offered or talked. */
  callId: string | undefined;
}

/** Counts of one skill group for the live view. */
export interface GroupSnapshot {
  groupId: string;
  /** Calls in the queue (not ringing). */
  waiting: number;
  /** Calls being offered to an agent. */
  ringing: number;
  /** Calls answered and not yet ended. */
  talking: number;
  /** Age of the oldest call not yet answered (waiting or ringing); 0 when there is none. */
  longestWaitMs: number;
  /** Members of the group by state (offline counts agents who logged in before). */
  agents: Record<AgentState, number>;
}
