/**
 * The B2BUA's agent side, the ACD's offerer: when the ACD offers a call to an agent, every way of
 * reaching the agent rings at once — the SIP phones the agent registered, the workbench open in
 * the agent's browser — and the first to answer wins (the others stop ringing). The answered leg
 * is kept for the caller's call to bridge. An agent who declines on purpose (the workbench's
 * reject) stops the other ways too; otherwise the offer ends when every way has given up, or when
 * the ACD aborts it (ring timeout, the caller hung up, the agent went not ready).
 */
import type { AcdCall } from '../acd/schemas.js';
import type { AgentOfferer, OfferOutcome } from '../acd/types.js';
import type { Clock } from '../shared/clock.js';
import type { PartyLeg } from './call-party.js';

/** The agent being rung. */
export interface RingingAgent {
  id: string;
  loginName: string;
  sipUsername: string | null;
}

export type RingResult =
  | { outcome: 'answered'; leg: PartyLeg }
  | {
      outcome: Exclude<OfferOutcome, 'answered'>;
      /** The agent declined on purpose: the other ways stop ringing and the offer ends. */
      decisive?: boolean;
    };

/** One way of reaching an agent. It stops ringing when the signal aborts (its reason says why). */
export interface AgentRinger {
  ring(instanceId: string, call: AcdCall, agent: RingingAgent, signal: AbortSignal): Promise<RingResult>;
}

/** The reason a way stops ringing because another answered, or the agent declined through another. */
export class EndedElsewhere extends Error {
  constructor(readonly why: 'answered' | 'declined') {
    super(why === 'answered' ? 'the agent answered elsewhere' : 'the agent declined elsewhere');
    this.name = 'EndedElsewhere';
  }
}

/** An agent's answered leg, waiting to be bridged to the caller. */
export interface AgentLeg {
  agentId: string;
  loginName: string;
  leg: PartyLeg;
  answeredAt: number;
}

export interface AgentLegsDeps {
  ringers: readonly AgentRinger[];
  clock: Clock;
  /** The agent's row id and SIP user name, by instance and login name. */
  agent: (
    instanceId: string,
    loginName: string,
  ) => Promise<{ id: string; sipUsername: string | null } | undefined>;
  logger: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
}

export type AgentLegs = ReturnType<typeof createAgentLegs>;

export function createAgentLegs(deps: AgentLegsDeps) {
  const { ringers, clock, logger } = deps;
  /** Answered legs by the caller's call id, until the call takes them. */
  const answered = new Map<string, AgentLeg>();
  /** Ring attempts per call (for the call record). */
  const attempts = new Map<string, number>();

  function release(leg: PartyLeg, loginName: string, why: string): void {
    logger.info({ agent: loginName, why }, 'agent leg released');
    void leg.hangUp('caller').catch(() => undefined);
  }

  /** Rings every way at once; resolves at the first answer, a decisive refusal, or when all gave up. */
  function fork(
    instanceId: string,
    call: AcdCall,
    agent: RingingAgent,
    signal: AbortSignal,
  ): Promise<RingResult[] | PartyLeg | RingResult> {
    const ways = ringers.map(() => new AbortController());
    const stopAll = (reason: unknown) => {
      for (const w of ways) w.abort(reason);
    };
    const onAbort = () => stopAll(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    return new Promise((resolve) => {
      const results: RingResult[] = [];
      let settled = false;
      const settle = (value: RingResult[] | PartyLeg | RingResult) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      };
      ringers.forEach(async (ringer, i) => {
        let result: RingResult;
        try {
          result = await ringer.ring(instanceId, call, agent, ways[i]!.signal);
        } catch (err) {
          if (!ways[i]!.signal.aborted)
            logger.warn({ err, agent: agent.loginName }, 'ringing an agent failed');
          result = { outcome: 'failed' };
        }
        if (result.outcome === 'answered') {
          if (settled || signal.aborted) release(result.leg, agent.loginName, 'answered too late');
          else {
            stopAll(new EndedElsewhere('answered'));
            settle(result.leg);
          }
        } else if (result.decisive && !settled) {
          stopAll(new EndedElsewhere('declined'));
          settle(result);
        }
        results.push(result);
        if (results.length === ringers.length) settle(results);
      });
      if (ringers.length === 0) settle(results);
    });
  }

  async function ring(
    instanceId: string,
    call: AcdCall,
    loginName: string,
    signal: AbortSignal,
  ): Promise<OfferOutcome> {
    const row = await deps.agent(instanceId, loginName);
    if (!row || signal.aborted) return 'failed';
    attempts.set(call.id, (attempts.get(call.id) ?? 0) + 1);
    const agent: RingingAgent = { id: row.id, loginName, sipUsername: row.sipUsername };
    const outcome = await fork(instanceId, call, agent, signal);
    if (Array.isArray(outcome)) {
      const all = outcome.map((r) => r.outcome);
      if (all.includes('rejected')) return 'rejected';
      if (signal.aborted || all.includes('noAnswer')) return 'noAnswer';
      return 'failed';
    }
    if ('outcome' in outcome) return outcome.outcome === 'answered' ? 'answered' : outcome.outcome;
    if (signal.aborted) {
      release(outcome, loginName, 'the offer ended as the agent answered');
      return 'noAnswer';
    }
    answered.set(call.id, { agentId: row.id, loginName, leg: outcome, answeredAt: clock.now() });
    return 'answered';
  }

  return {
    /** The ACD's offerer for one instance. */
    offererFor(instanceId: string): AgentOfferer {
      return {
        offer: (call, agent, signal) => ring(instanceId, call, agent.id, signal),
      };
    },
    /** The answered leg of a call (once); the caller's side bridges it. */
    take(callId: string): (AgentLeg & { ringAttempts: number }) | undefined {
      const leg = answered.get(callId);
      answered.delete(callId);
      const ringAttempts = attempts.get(callId) ?? 0;
      attempts.delete(callId);
      return leg && { ...leg, ringAttempts };
    },
    /** How many times the call rang an agent so far. */
    attemptsOf: (callId: string) => attempts.get(callId) ?? 0,
    /** A call ended without taking its leg (the caller left as the agent answered). */
    forget(callId: string): void {
      attempts.delete(callId);
      const leg = answered.get(callId);
      answered.delete(callId);
      if (leg) release(leg.leg, leg.loginName, 'the caller left');
    },
    pending: () => answered.size,
  };
}
