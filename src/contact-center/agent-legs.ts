/**
 * The B2BUA's agent side: when the ACD offers a call to an agent, ring every phone the agent has
 * registered (parallel forking; the first to answer wins, the others are cancelled) with a new
 * media session of ours, and keep the answered leg for the caller's call to bridge. The offer ends
 * (CANCEL) when the ACD aborts it: ring timeout, or the caller hung up.
 */
import type { AgentOfferer, OfferOutcome } from '../acd/types.js';
import type { Clock } from '../shared/clock.js';
import type { MediaEngine } from '../telephony/media/media-engine.js';
import type { MediaSession } from '../telephony/media/media-session.js';
import type { Dialog } from '../telephony/sip/dialog.js';
import type { InviteResult } from '../telephony/sip/outgoing-invite.js';
import type { SipStack } from '../telephony/sip/sip-stack.js';
import type { AgentPhones } from './agent-phones.js';

/** An agent's answered phone call, waiting to be bridged to the caller. */
export interface AgentLeg {
  agentId: string;
  loginName: string;
  dialog: Dialog;
  media: MediaSession;
  answeredAt: number;
}

export interface AgentLegsDeps {
  stack: SipStack;
  media: MediaEngine;
  clock: Clock;
  phones: AgentPhones;
  /** The agent's row id and SIP user name, by instance and login name. */
  agent: (
    instanceId: string,
    loginName: string,
  ) => Promise<{ id: string; sipUsername: string | null } | undefined>;
  logger: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
}

export type AgentLegs = ReturnType<typeof createAgentLegs>;

export function createAgentLegs(deps: AgentLegsDeps) {
  const { stack, media, clock, phones, logger } = deps;
  /** Answered legs by the caller's call id, until the call takes them. */
  const answered = new Map<string, AgentLeg>();
  /** Ring attempts per call (for the call record). */
  const attempts = new Map<string, number>();

  function release(leg: AgentLeg, why: string): void {
    logger.info({ agent: leg.loginName, why }, 'agent leg released');
    void leg.dialog.terminate().catch(() => undefined);
    void leg.media.close();
  }

  async function ring(
    instanceId: string,
    call: { id: string; ani: string },
    loginName: string,
    signal: AbortSignal,
  ): Promise<OfferOutcome> {
    const agent = await deps.agent(instanceId, loginName);
    if (!agent?.sipUsername) return 'failed';
    const contacts = await phones.contactsOf(agent.id);
    if (contacts.length === 0 || signal.aborted) return 'failed';
    attempts.set(call.id, (attempts.get(call.id) ?? 0) + 1);
    const { offerSdp, session } = await media.createOffer();
    const forks = contacts.map(() => new AbortController());
    const stopAll = () => {
      for (const f of forks) f.abort();
    };
    signal.addEventListener('abort', stopAll, { once: true });
    const host = stack.addresses[0]?.host ?? '127.0.0.1';
    const caller = /^[+0-9*#]{1,32}$/.test(call.ani) ? call.ani : 'anonymous';
    let winner: { dialog: Dialog; answer: Buffer } | undefined;
    const results = await Promise.all(
      contacts.map(async (binding, i): Promise<InviteResult | undefined> => {
        try {
          const result = await stack.invite(
            binding.contact,
            {
              from: `"${caller}" <sip:${caller}@${host}>`,
              to: `<sip:${agent.sipUsername}@${host}>`,
              body: Buffer.from(offerSdp),
              contentType: 'application/sdp',
              destination: binding.received,
              headers: [{ name: 'X-Hotline-Call-Id', value: call.id }],
            },
            forks[i]!.signal,
          );
          if (result.dialog) {
            if (winner || signal.aborted) {
              void result.dialog.terminate().catch(() => undefined);
            } else {
              winner = { dialog: result.dialog, answer: result.response?.body ?? Buffer.alloc(0) };
              for (const [j, f] of forks.entries()) if (j !== i) f.abort();
            }
          }
          return result;
        } catch (err) {
          logger.warn({ err, contact: binding.contact }, 'ringing an agent phone failed');
          return undefined;
        }
      }),
    );
    signal.removeEventListener('abort', stopAll);
    if (winner) {
      try {
        session.applyAnswer(winner.answer.toString('utf8'));
      } catch (err) {
        logger.warn({ err, agent: loginName }, "the agent phone's answer has no usable media");
        void winner.dialog.terminate().catch(() => undefined);
        await session.close();
        return 'failed';
      }
      const leg: AgentLeg = {
        agentId: agent.id,
        loginName,
        dialog: winner.dialog,
        media: session,
        answeredAt: clock.now(),
      };
      if (signal.aborted) {
        release(leg, 'the offer ended as the phone answered');
        return 'noAnswer';
      }
      answered.set(call.id, leg);
      return 'answered';
    }
    await session.close();
    const statuses = results.map((r) => r?.status ?? 500);
    if (statuses.some((s) => s === 486 || s === 600 || s === 603)) return 'rejected';
    if (signal.aborted || statuses.some((s) => s === 408 || s === 480 || s === 487)) return 'noAnswer';
    return 'failed';
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
      if (leg) release(leg, 'the caller left');
    },
    pending: () => answered.size,
  };
}
