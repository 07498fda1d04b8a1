/**
 * Routing order, as pure comparisons (negative: a goes first). The in-memory live state keeps
 * heaps in these orders; a Redis one would encode the same keys as sorted-set scores.
 */

export interface ReadyAgentKey {
  /** The agent's level in the group being served: 1–10, higher is better. */
  skillLevel: number;
  /** Wall time the agent became ready. */
  idleSince: number;
  /** Order in which agents became ready, for equal idleSince. */
  readySeq: number;
}

/** Best skill level first, then the longest idle. */
export function compareReadyAgents(a: ReadyAgentKey, b: ReadyAgentKey): number {
  return b.skillLevel - a.skillLevel || a.idleSince - b.idleSince || a.readySeq - b.readySeq;
}

export interface WaitingCallKey {
  priority: number;
  /** Wall time the call was first queued (kept when an offer fails and the call waits again). */
  enqueuedAt: number;
  /** Order of arrival, for equal enqueuedAt. */
  seq: number;
}

/** Highest priority first, then the longest waiting. */
export function compareWaitingCalls(a: WaitingCallKey, b: WaitingCallKey): number {
  return b.priority - a.priority || a.enqueuedAt - b.enqueuedAt || a.seq - b.seq;
}

/**
 * Choosing among the heads of an agent's groups: highest priority, then longest waiting; when
 * both tie to the millisecond, the group where the agent is most skilled, then arrival order.
 */
export function compareCallsForAgent(
  a: WaitingCallKey & { skillLevel: number },
  b: WaitingCallKey & { skillLevel: number },
): number {
  return (
    b.priority - a.priority || a.enqueuedAt - b.enqueuedAt || b.skillLevel - a.skillLevel || a.seq - b.seq
  );
}
