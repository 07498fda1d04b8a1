import type { AgentState } from './agent-state.js';
import type { AcdCall, AgentLogin } from './schemas.js';
import type { AgentStateChange, AgentView, GroupSnapshot } from './types.js';

/**
 * The ACD's live state (agents, queues) behind one seam. Each method is one atomic decision, so
 * that a shared implementation (Redis, one Lua script per method) stays correct when several
 * nodes change the same agents and queues at once. In particular "become ready" and "queue a
 * call" each either pair an agent with a call or park the agent/call, in one step: done as two
 * steps, a call could wait while an agent sits ready.
 *
 * Methods throw AcdInvalidTransition / AcdUnknownAgent / AcdDuplicateCall; they return
 * `undefined` when a precondition the caller stated (ifState, the offer it holds) no longer holds.
 */
export interface AcdLiveState {
  /** offline (or unknown) → login.state; when ready, the agent may take a waiting call at once. */
  loginAgent(login: AgentLogin, at: number): Promise<LiveStateChange>;
  /**
   * An agent-driven change (ready, notReady, offline) of an agent not holding a call. Becoming
   * ready takes the best waiting call of the agent's groups, if any.
   */
  changeAgentState(
    agentId: string,
    to: AgentDrivenState,
    options: ChangeOptions,
  ): Promise<LiveStateChange | undefined>;
  /** Rings the best ready agent of the call's group for it, else queues it ('full' past maxQueueLength). */
  admitCall(
    call: AcdCall,
    options: { maxQueueLength?: number | undefined; at: number },
  ): Promise<LiveStateChange | 'full'>;
  /** Removes a waiting call (caller gone, queue timeout); false when it is not waiting (e.g. ringing). */
  withdrawCall(callId: string): Promise<boolean>;
  /** The ringing agent answered: agent busy, call talking. */
  answerOffer(callId: string, agentId: string, at: number): Promise<LiveStateChange | undefined>;
  /**
   * The offer ended without an answer: the agent goes to `agentTo`, the call waits again (keeping
   * its place: priority and original enqueue time) or is dropped (caller gone, queue timeout).
   * ringing → ready keeps the agent's idleSince: being offered a call that vanished is not work.
   */
  endOffer(callId: string, agentId: string, options: EndOfferOptions): Promise<LiveStateChange | undefined>;
  /** The talked call ended: busy → afterCallWork. Returns the call, whose group sets the ACW time. */
  endCall(
    agentId: string,
    at: number,
  ): Promise<LiveStateChange & { call: { id: string; skillGroupId: string } }>;
  getAgent(agentId: string): Promise<AgentView | undefined>;
  listAgents(): Promise<AgentView[]>;
  groupSnapshot(groupId: string, at: number): Promise<GroupSnapshot>;
}

export type AgentDrivenState = Extract<AgentState, 'ready' | 'notReady' | 'offline'>;

export interface ChangeOptions {
  reason?: string | undefined;
  at: number;
  /** Change only if the agent is in this state (else resolve undefined): timers use it. */
  ifState?: AgentState | undefined;
}

export interface EndOfferOptions {
  agentTo: AgentDrivenState;
  reason?: string | undefined;
  at: number;
  call: 'requeue' | 'drop';
}

/** An agent now ringing for a call: the ACD must place the offer. */
export interface NewOffer {
  call: AcdCall;
  agentId: string;
  skillLevel: number;
}

/** What one decision did. */
export interface LiveStateChange {
  /** Agent state changes, in the order they happened. */
  events: AgentStateChange[];
  /** Agent/call pairs the decision made. */
  offers: NewOffer[];
}
