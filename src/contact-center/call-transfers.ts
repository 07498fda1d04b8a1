/**
 * How a real call's transfers are carried out: to a skill group or an agent through the ACD (which
 * rings agents' phones and workbenches through AgentLegs), to an external number through the
 * outbound trunk, only to numbers the instance allows and within its cap on concurrent outbound
 * calls. An answered transfer leaves its far leg as a `CallParty` for the call to bridge once the
 * flow has ended; an agent's blind transfer during the conversation (the workbench) goes the same
 * ways, after `check` has refused what cannot work.
 */
import type { Acd } from '../acd/acd.js';
import type { AgentState } from '../acd/agent-state.js';
import type { TransferOutcome } from '../ivr/ports.js';
import type { Clock } from '../shared/clock.js';
import type { ClientCredentials } from '../telephony/auth/digest-client.js';
import type { CallTransfers } from '../telephony/call/sip-call-channel.js';
import type { MediaEngine } from '../telephony/media/media-engine.js';
import type { SipStack } from '../telephony/sip/sip-stack.js';
import type { AgentLegs } from './agent-legs.js';
import { type CallParty, callParty, sipParty, type TransferTarget } from './call-party.js';
import { contactCenterErrors } from './errors.js';
import { personalGroup } from './live-acd.js';
import { outboundRefusal } from './outbound-numbers.js';

export type { CallParty } from './call-party.js';

/** A blind transfer's caller waits this long in the new queue (ahead of new callers: priority 6). */
const BLIND_QUEUE_TIMEOUT_MS = 300_000;
const BLIND_PRIORITY = 6;
/** A blind transfer to an agent or a number rings this long. */
const BLIND_RING_TIMEOUT_MS = 30_000;

/** Per instance: its outbound policy, and its outbound calls now. */
export interface OutboundPolicy {
  allow: readonly string[];
  maxConcurrentCalls: number;
}

export interface CallTransfersDeps {
  stack: SipStack;
  media: MediaEngine;
  clock: Clock;
  legs: AgentLegs;
  acdFor: (instanceId: string) => Promise<Acd>;
  outboundPolicy: (instanceId: string) => Promise<OutboundPolicy>;
  /** Where calls to external numbers go ('sip:carrier.example:5060'); none: such transfers fail. */
  outboundTrunk: string | undefined;
  /** Answers the carrier's digest challenge. */
  outboundAuth?: ClientCredentials | undefined;
  /** What a blind transfer checks first: the instance's skill groups and its agents' states. */
  directory: {
    hasSkillGroup(instanceId: string, name: string): Promise<boolean>;
    /** undefined: no such agent in the instance. */
    agentState(instanceId: string, loginName: string): Promise<AgentState | undefined>;
  };
  logger: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
}

export function createCallTransfers(deps: CallTransfersDeps) {
  const { stack, media, clock, legs, logger } = deps;
  const outboundCalls = new Map<string, number>();

  return {
    /** The transfers of one call; `takeParty()` is what was answered, if anything. */
    forCall(call: { id: string; instanceId: string; ani: string; variables: () => Record<string, string> }) {
      /** The party answered last (for the call record), and the one not yet bridged. */
      let party: CallParty | undefined;
      let untaken: CallParty | undefined;
      let skillGroup: string | undefined;

      async function queue(groupId: string, priority: number, timeoutMs: number, signal: AbortSignal) {
        const acd = await deps.acdFor(call.instanceId);
        const r = await acd.enqueue(
          { id: call.id, skillGroupId: groupId, priority, ani: call.ani, variables: call.variables() },
          { queueTimeoutMs: timeoutMs },
          signal,
        );
        if (r.outcome === 'cancelled') throw signal.reason;
        if (r.outcome !== 'answered') return r;
        const leg = legs.take(call.id);
        if (!leg) {
          // The ACD says answered but no leg is here (an answer through the API, without media).
          await acd.callEnded(r.agentId);
          return { outcome: 'failed' as const };
        }
        party = callParty(leg.leg, {
          kind: 'agent',
          name: leg.loginName,
          skillGroup: groupId.startsWith('agent:') ? undefined : groupId,
          answeredAt: leg.answeredAt,
          queueMs: r.queueMs,
          ringAttempts: r.attempts,
          release: async () => {
            await acd.callEnded(r.agentId);
          },
        });
        untaken = party;
        return r;
      }

      const transfers: CallTransfers = {
        async toSkillGroup(request, signal): Promise<TransferOutcome> {
          skillGroup = request.skillGroupId;
          const r = await queue(request.skillGroupId, request.priority, request.queueTimeoutMs, signal);
          if (r.outcome === 'answered') return { kind: 'answered', agentId: r.agentId };
          if (r.outcome === 'failed') return { kind: 'failed', reason: 'the agent answered without a phone' };
          if (r.outcome === 'noAgents') return { kind: 'overflow', reason: 'no agent is logged in' };
          return r.outcome === 'overflow'
            ? { kind: 'overflow', reason: 'the queue is full' }
            : { kind: 'timeout' };
        },

        async toAgent(request, signal): Promise<TransferOutcome> {
          const r = await queue(personalGroup(request.agentId), 5, request.ringTimeoutMs, signal);
          if (r.outcome === 'answered') return { kind: 'answered', agentId: r.agentId };
          if (r.outcome === 'failed') return { kind: 'failed', reason: 'the agent answered without a phone' };
          if (r.outcome === 'timeout') return { kind: 'noAnswer' };
          return { kind: 'busy' };
        },

        async toNumber(request, signal): Promise<TransferOutcome> {
          const policy = await deps.outboundPolicy(call.instanceId);
          const refusal = outboundRefusal(request.number, policy.allow);
          if (refusal) return { kind: 'failed', reason: refusal };
          if (!deps.outboundTrunk) return { kind: 'failed', reason: 'no outbound trunk is configured' };
          const active = outboundCalls.get(call.instanceId) ?? 0;
          if (active >= policy.maxConcurrentCalls) return { kind: 'busy' };
          outboundCalls.set(call.instanceId, active + 1);
          const done = () => {
            const n = (outboundCalls.get(call.instanceId) ?? 1) - 1;
            if (n <= 0) outboundCalls.delete(call.instanceId);
            else outboundCalls.set(call.instanceId, n);
          };
          let kept = false;
          try {
            const outcome = await dial(request, signal);
            kept = outcome.kind === 'answered';
            return outcome;
          } finally {
            if (!kept) done();
            else if (party) {
              const release = party.release;
              party.release = async () => {
                done();
                await release();
              };
            }
          }
        },
      };

      async function dial(
        request: { number: string; callerId?: string | undefined; ringTimeoutMs: number },
        signal: AbortSignal,
      ): Promise<TransferOutcome> {
        const trunk = deps.outboundTrunk!;
        const target = trunk.replace(/^sip:/, '');
        const host = stack.addresses[0]?.host ?? '127.0.0.1';
        const callerId =
          request.callerId && /^\+?[0-9]{3,20}$/.test(request.callerId) ? request.callerId : call.ani;
        const from = /^\+?[0-9]{1,32}$/.test(callerId) ? callerId : 'anonymous';
        const { offerSdp, session } = await media.createOffer();
        const ring = AbortSignal.any([signal, AbortSignal.timeout(request.ringTimeoutMs)]);
        const result = await stack.invite(
          `sip:${request.number}@${target}`,
          {
            from: `<sip:${from}@${host}>`,
            body: Buffer.from(offerSdp),
            contentType: 'application/sdp',
            headers: [{ name: 'X-Hotline-Call-Id', value: call.id }],
            ...(deps.outboundAuth ? { credentials: deps.outboundAuth } : {}),
          },
          ring,
        );
        if (!result.dialog) {
          await session.close();
          if (signal.aborted) throw signal.reason;
          if (result.status === 486 || result.status === 600) return { kind: 'busy' };
          if (result.cancelled || result.status === 408 || result.status === 480 || result.status === 487)
            return { kind: 'noAnswer' };
          return { kind: 'failed', reason: `the trunk answered ${result.status} ${result.reason}` };
        }
        try {
          await session.applyAnswer(result.response?.body.toString('utf8') ?? '');
        } catch {
          void result.dialog.terminate().catch(() => undefined);
          await session.close();
          return { kind: 'failed', reason: 'the called party answered without usable media' };
        }
        if (signal.aborted) {
          void result.dialog.terminate().catch(() => undefined);
          await session.close();
          throw signal.reason;
        }
        party = callParty(sipParty(result.dialog, session, logger), {
          kind: 'number',
          name: request.number,
          skillGroup: undefined,
          answeredAt: clock.now(),
          queueMs: undefined,
          ringAttempts: 1,
          release: async () => undefined,
        });
        untaken = party;
        return { kind: 'answered' };
      }

      /** Refuses a blind transfer that cannot work, naming why; the call goes on. */
      async function check(target: TransferTarget): Promise<void> {
        if ('skillGroup' in target) {
          if (!(await deps.directory.hasSkillGroup(call.instanceId, target.skillGroup)))
            throw contactCenterErrors.SkillGroupNotFound(`skill group '${target.skillGroup}' does not exist`);
        } else if ('agent' in target) {
          const state = await deps.directory.agentState(call.instanceId, target.agent);
          if (state === undefined)
            throw contactCenterErrors.AgentNotFound(`agent '${target.agent}' does not exist`);
          if (state !== 'ready')
            throw contactCenterErrors.TransferRefused(
              `agent '${target.agent}' is not ready (${state}); the call stays with you`,
            );
        } else {
          const policy = await deps.outboundPolicy(call.instanceId);
          const refusal = outboundRefusal(target.number, policy.allow);
          if (refusal) throw contactCenterErrors.TransferRefused(refusal);
          if (!deps.outboundTrunk)
            throw contactCenterErrors.TransferRefused('no outbound trunk is configured (sip.outboundTrunk)');
        }
      }

      /** Carries out a checked blind transfer; an answer leaves the new party in takeParty(). */
      function blind(target: TransferTarget, signal: AbortSignal): Promise<TransferOutcome> {
        if ('skillGroup' in target)
          return transfers.toSkillGroup(
            {
              skillGroupId: target.skillGroup,
              priority: BLIND_PRIORITY,
              queueTimeoutMs: BLIND_QUEUE_TIMEOUT_MS,
            },
            signal,
          );
        if ('agent' in target)
          return transfers.toAgent({ agentId: target.agent, ringTimeoutMs: BLIND_RING_TIMEOUT_MS }, signal);
        return transfers.toNumber({ number: target.number, ringTimeoutMs: BLIND_RING_TIMEOUT_MS }, signal);
      }

      return {
        transfers,
        check,
        blind,
        /** The party answered last, once: the next transfer starts with none. */
        takeParty: () => {
          const p = untaken;
          untaken = undefined;
          return p;
        },
        /** The party answered last (who the call record names). */
        lastParty: () => party,
        skillGroup: () => skillGroup,
        ringAttempts: () => party?.ringAttempts ?? legs.attemptsOf(call.id),
        /** The call is over: a leg answered too late to be used is hung up. */
        forget: () => legs.forget(call.id),
      };
    },
  };
}

export type CallTransferService = ReturnType<typeof createCallTransfers>;
