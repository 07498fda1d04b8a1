import { acdErrors } from './errors.js';

/**
 * The agent state machine. `ringing` and `busy` are tied to a call (an offer in progress, a call
 * being talked); the others are chosen by the agent or by the ACD (no-answer, end of ACW).
 */
export const AGENT_STATES = ['offline', 'ready', 'ringing', 'busy', 'afterCallWork', 'notReady'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** States that hold a call; only the ACD's call handling may enter or leave them. */
export const CALL_STATES: ReadonlySet<AgentState> = new Set<AgentState>(['ringing', 'busy']);

/** Every allowed transition. Anything not listed is refused with AcdInvalidTransition. */
export const AGENT_TRANSITIONS: Readonly<Record<AgentState, readonly AgentState[]>> = {
  offline: ['ready', 'notReady'],
  ready: ['ringing', 'notReady', 'offline'],
  // busy: answered; ready: the caller hung up; notReady: no answer, declined, failed; offline: logged out.
  ringing: ['busy', 'ready', 'notReady', 'offline'],
  // A call in progress must end first; after-call work always follows (it may last 0 ms).
  busy: ['afterCallWork'],
  afterCallWork: ['ready', 'notReady', 'offline'],
  // notReady → notReady changes the reason (e.g. "lunch" after "meeting").
  notReady: ['ready', 'notReady', 'offline'],
};

export function canTransition(from: AgentState, to: AgentState): boolean {
  return AGENT_TRANSITIONS[from].includes(to);
}

/** Throws AcdInvalidTransition unless the table allows from → to. */
export function assertTransition(agentId: string, from: AgentState, to: AgentState, why?: string): void {
  if (canTransition(from, to)) return;
  const suffix = why ? `: ${why}` : '';
  throw acdErrors.AcdInvalidTransition(`agent ${agentId} cannot go from ${from} to ${to}${suffix}`, {
    details: { agentId, from, to, allowed: AGENT_TRANSITIONS[from] },
  });
}
