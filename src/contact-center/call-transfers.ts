/**
 * How a real call's transfers are carried out: to a skill group or an agent through the ACD (which
 * rings agents' phones through AgentLegs), to an external number through the outbound trunk, only
 * to numbers the instance allows and within its cap on concurrent outbound calls. An answered
 * transfer leaves its far leg in `CallParty` for the call to bridge once the flow has ended.
 */
import type { Acd } from '../acd/acd.js';
import type { TransferOutcome } from '../ivr/ports.js';
import type { Clock } from '../shared/clock.js';
import type { CallTransfers } from '../telephony/call/sip-call-channel.js';
import type { MediaEngine } from '../telephony/media/media-engine.js';
import type { MediaSession } from '../telephony/media/media-session.js';
import type { Dialog } from '../telephony/sip/dialog.js';
import type { SipStack } from '../telephony/sip/sip-stack.js';
import type { AgentLegs } from './agent-legs.js';
import { personalGroup } from './live-acd.js';
import { outboundRefusal } from './outbound-numbers.js';

/** Who the caller was transferred to, and how that went: what the call bridges and records. */
export interface CallParty {
  kind: 'agent' | 'number';
  /** The agent's login name, or the number dialled. */
  name: string;
  skillGroup: string | undefined;
  dialog: Dialog;
  media: MediaSession;
  answeredAt: number;
  queueMs: number | undefined;
  ringAttempts: number;
  /** Called once the conversation is over (ACW for an agent, the outbound count for a number). */
  release(): Promise<void>;
}

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
}

export function createCallTransfers(deps: CallTransfersDeps) {
  const { stack, media, clock, legs } = deps;
  const outboundCalls = new Map<string, number>();

  return {
    /** The transfers of one call; `party()` is what was answered, if anything. */
    forCall(call: { id: string; instanceId: string; ani: string; variables: () => Record<string, string> }) {
      let party: CallParty | undefined;
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
          // The ACD says answered but no phone leg is here (a workbench or API answer without media).
          await acd.callEnded(r.agentId);
          return { outcome: 'failed' as const };
        }
        party = {
          kind: 'agent',
          name: leg.loginName,
          skillGroup: groupId.startsWith('agent:') ? undefined : groupId,
          dialog: leg.dialog,
          media: leg.media,
          answeredAt: leg.answeredAt,
          queueMs: r.queueMs,
          ringAttempts: r.attempts,
          release: async () => {
            await acd.callEnded(r.agentId);
          },
        };
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
          session.applyAnswer(result.response?.body.toString('utf8') ?? '');
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
        party = {
          kind: 'number',
          name: request.number,
          skillGroup: undefined,
          dialog: result.dialog,
          media: session,
          answeredAt: clock.now(),
          queueMs: undefined,
          ringAttempts: 1,
          release: async () => undefined,
        };
        return { kind: 'answered' };
      }

      return {
        transfers,
        party: () => party,
        skillGroup: () => skillGroup,
        ringAttempts: () => party?.ringAttempts ?? legs.attemptsOf(call.id),
        /** The call is over: a leg answered too late to be used is hung up. */
        forget: () => legs.forget(call.id),
      };
    },
  };
}

export type CallTransferService = ReturnType<typeof createCallTransfers>;
