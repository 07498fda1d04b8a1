/**
 * Rings an agent's registered SIP phones (parallel forking: the first to answer wins, the others
 * are cancelled) with a new media session of ours. The ringing ends (CANCEL) when the signal
 * aborts: the ACD's ring timeout, the caller hung up, or the agent answered elsewhere.
 */
import type { MediaEngine } from '../telephony/media/media-engine.js';
import type { Dialog } from '../telephony/sip/dialog.js';
import type { InviteResult } from '../telephony/sip/outgoing-invite.js';
import type { SipStack } from '../telephony/sip/sip-stack.js';
import type { AgentRinger, RingResult } from './agent-legs.js';
import type { AgentPhones } from './agent-phones.js';
import { sipParty } from './call-party.js';

export function createPhoneRinger(deps: {
  stack: SipStack;
  media: MediaEngine;
  phones: AgentPhones;
  logger: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
}): AgentRinger {
  const { stack, media, phones, logger } = deps;
  return {
    async ring(_instanceId, call, agent, signal): Promise<RingResult> {
      if (!agent.sipUsername) return { outcome: 'failed' };
      const contacts = await phones.contactsOf(agent.id);
      if (contacts.length === 0 || signal.aborted) return { outcome: 'failed' };
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
          await session.applyAnswer(winner.answer.toString('utf8'));
        } catch (err) {
          logger.warn({ err, agent: agent.loginName }, "the agent phone's answer has no usable media");
          void winner.dialog.terminate().catch(() => undefined);
          await session.close();
          return { outcome: 'failed' };
        }
        return { outcome: 'answered', leg: sipParty(winner.dialog, session, logger) };
      }
      await session.close();
      const statuses = results.map((r) => r?.status ?? 500);
      if (statuses.some((s) => s === 486 || s === 600 || s === 603)) return { outcome: 'rejected' };
      if (signal.aborted || statuses.some((s) => s === 408 || s === 480 || s === 487))
        return { outcome: 'noAnswer' };
      return { outcome: 'failed' };
    },
  };
}
