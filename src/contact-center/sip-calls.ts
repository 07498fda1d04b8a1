import type { Acd } from '../acd/acd.js';
import { type CompiledFlow, compileFlow } from '../ivr/compile.js';
import { createIvrEngine } from '../ivr/engine.js';
import type { CallOutcome } from '../ivr/outcome.js';
import type { TransferOutcome } from '../ivr/ports.js';
import type { Clock } from '../shared/clock.js';
import { isHotlineError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { CallSignalling } from '../telephony/call/call-signalling.js';
import type { PromptLookup } from '../telephony/call/prompt-resolver.js';
import { type CallTransfers, SipCallChannel } from '../telephony/call/sip-call-channel.js';
import { parseDtmfInfo } from '../telephony/media/dtmf-info.js';
import type { MediaEngine } from '../telephony/media/media-engine.js';
import type { MediaSession } from '../telephony/media/media-session.js';
import type { Dialog } from '../telephony/sip/dialog.js';
import { headerValue } from '../telephony/sip/headers.js';
import type { IncomingInvite, IncomingRequest } from '../telephony/sip/server-request.js';
import type { SipStack } from '../telephony/sip/sip-stack.js';
import type { Uri } from '../telephony/sip/uri.js';
import type { createTrunkGate } from '../telephony/trunks.js';
import { type CallRecords, followTrace } from './call-records.js';
import { createFlowFunctionCaller } from './flow-function-caller.js';
import type { Flows } from './flows.js';
import type { Integrations } from './integrations.js';
import type { PhoneNumbers } from './phone-numbers.js';

export interface SipCallsDeps {
  stack: SipStack;
  media: MediaEngine;
  clock: Clock;
  gate: ReturnType<typeof createTrunkGate>;
  maxConcurrentCalls: number;
  numbers: PhoneNumbers;
  flows: Flows;
  integrations: Integrations;
  records: CallRecords;
  acdFor: (instanceId: string) => Promise<Acd>;
  prompts: { lookup: PromptLookup; promptsDir: string };
  recordingsDir: string;
  logger: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
}

/** The number a request is for: the Request-URI's user (or tel number), else the To header's. */
export function calledNumber(requestUri: Uri, toUri: Uri): string | undefined {
  const n = userOf(requestUri) || userOf(toUri);
  return n?.replace(/[-.() ]/g, '');
}

function userOf(uri: Uri): string | undefined {
  return uri.kind === 'sip' ? uri.user : uri.kind === 'tel' ? uri.number : undefined;
}

/**
 * Real calls into the contact center: INVITEs from trunks become IVR calls. The trunk gate, the
 * overload limit, the number → flow lookup and the SDP offer decide whether a call is answered;
 * an answered call runs its flow's published version (fixed for the call) over a SipCallChannel
 * and leaves a durable call record.
 */
export function createSipCalls(deps: SipCallsDeps) {
  const { stack, media, clock, gate, numbers, flows, records, logger } = deps;
  const active = new Set<string>();
  const compiled = new Map<string, CompiledFlow>();

  async function onInvite(invite: IncomingInvite): Promise<void> {
    const m = invite.message;
    if (active.size >= deps.maxConcurrentCalls) {
      invite.respond(503, 'Service Unavailable', { headers: [{ name: 'Retry-After', value: '5' }] });
      return;
    }
    const admission = gate.admit(invite.source.address, m.method, headerValue(m, 'Authorization'));
    if (!admission.ok) {
      invite.respond(admission.status, admission.status === 401 ? 'Unauthorized' : 'Forbidden', {
        headers: (admission.challenges ?? []).map((value) => ({ name: 'WWW-Authenticate', value })),
      });
      return;
    }
    const dnis = calledNumber(m.requestUri, m.to.uri);
    const route = dnis ? await numbers.route(dnis) : undefined;
    if (!dnis || !route?.flow_id) {
      invite.respond(404, 'Not Found');
      return;
    }
    let flow: Awaited<ReturnType<Flows['publishedForCall']>>;
    try {
      flow = await flows.publishedForCall(route.flow_id);
    } catch (err) {
      logger.warn({ err, dnis }, 'the number has no published flow');
      invite.respond(480, 'Temporarily Unavailable');
      return;
    }
    if (m.body.length === 0) {
      invite.respond(488, 'Not Acceptable Here', {
        headers: [{ name: 'Warning', value: '399 hotline "an SDP offer is required"' }],
      });
      return;
    }
    let session: MediaSession;
    let answerSdp: string;
    try {
      ({ session, answerSdp } = await media.createSession(m.body.toString('utf8')));
    } catch (err) {
      const reason = isHotlineError(err) ? err.message : 'no usable media';
      invite.respond(488, 'Not Acceptable Here', {
        headers: [{ name: 'Warning', value: `399 hotline "${reason.replace(/"/g, "'")}"` }],
      });
      return;
    }
    if (invite.signal.aborted) {
      await session.close();
      return;
    }
    const pai = headerValue(m, 'P-Asserted-Identity');
    const ani = (pai && /<?(?:sip|tel):\+?([0-9*#]+)/.exec(pai)?.[1]) ?? userOf(m.from.uri) ?? 'anonymous';
    let dialog: Dialog;
    try {
      dialog = invite.accept({ body: Buffer.from(answerSdp), contentType: 'application/sdp' });
    } catch (err) {
      logger.warn({ err }, 'cannot answer the INVITE');
      await session.close();
      return;
    }
    const callId = newId('call');
    active.add(callId);
    void runCall({
      callId,
      dialog,
      session,
      ani,
      dnis,
      flow,
      accountId: route.account_id,
      instanceId: route.instance_id,
      trunk: admission.trunk,
      sipCallId: m.callId,
    })
      .catch((err: unknown) => logger.warn({ err, callId }, 'call failed'))
      .finally(() => active.delete(callId));
  }

  async function runCall(call: {
    callId: string;
    dialog: Dialog;
    session: MediaSession;
    ani: string;
    dnis: string;
    flow: Awaited<ReturnType<Flows['publishedForCall']>>;
    accountId: string;
    instanceId: string;
    trunk: string;
    sipCallId: string;
  }): Promise<void> {
    const signalling = dialogSignalling(call.dialog, () => void call.session.close());
    // re-INVITE (§14): hold, unhold or new media; a refused offer leaves the call as it was.
    call.dialog.on('reinvite', (reinvite) => {
      try {
        const answer = call.session.renegotiate(reinvite.message.body.toString('utf8'));
        reinvite.accept({ body: Buffer.from(answer), contentType: 'application/sdp' });
      } catch (err) {
        logger.info({ err, callId: call.callId }, 're-INVITE refused');
        reinvite.respond(488, 'Not Acceptable Here');
      }
    });
    const startedAt = new Date(clock.now()).toISOString();
    const channel = new SipCallChannel({
      system: {
        ANI: call.ani,
        DNIS: call.dnis,
        CallId: call.callId,
        InstanceId: call.instanceId,
        StartTime: startedAt,
      },
      signalling,
      media: call.session,
      clock,
      transfers: acdTransfers(call.instanceId, call.callId, call.ani),
      prompts: deps.prompts,
      recordingsDir: deps.recordingsDir,
    });
    const key = `${call.flow.flow.id}@${call.flow.version}`;
    let flow = compiled.get(key);
    if (!flow) {
      flow = compileFlow(call.flow.document, { id: call.flow.flow.id });
      compiled.set(key, flow);
    }
    const engine = createIvrEngine({
      clock,
      functions: createFlowFunctionCaller({
        integrations: deps.integrations,
        accountId: call.accountId,
        instanceId: call.instanceId,
      }),
    });
    let variables: Record<string, string> = {};
    const live = await records.started(
      {
        id: call.callId,
        account_id: call.accountId,
        instance_id: call.instanceId,
        channel: 'sip',
        flow_id: call.flow.flow.id,
        flow_version: call.flow.version,
        ani: call.ani,
        dnis: call.dnis,
        started_at: startedAt,
        answered_at: startedAt,
        sip_call_id: call.sipCallId,
        trunk: call.trunk,
      },
      call.flow.flow.name,
      () => variables,
      { durable: true },
    );
    const session = engine.startCall(flow, channel, {
      listener: (event) =>
        followTrace(live, event, (changed) => {
          variables = { ...variables, ...changed };
        }),
    });
    const result = await session.result;
    // Bridged conversations come with agents' phones; until then every call ends with its flow.
    if (!signalling.hangupSignal.aborted) await channel.hangup('the flow ended');
    const callerHungUp = signalling.byCaller;
    channel.dispose();
    const stats = call.session.stats();
    await call.session.close();
    await records.ended(
      call.callId,
      { outcome: result.outcome, trace: session.trace.snapshot(), variables: result.variables },
      {
        hangup_by: callerHungUp ? 'caller' : 'hotline',
        hangup_cause: callerHungUp ? 'BYE from the caller' : describeEnd(result.outcome),
        recordings: channel.recordings.length ? JSON.stringify(channel.recordings) : null,
        media_stats: JSON.stringify(stats.rtp),
      },
    );
  }

  /** Until agents' phones can be rung, a transfer waits in the ACD queue and reports how it ended. */
  function acdTransfers(instanceId: string, callId: string, ani: string): CallTransfers {
    return {
      async toSkillGroup(request, signal): Promise<TransferOutcome> {
        const acd = await deps.acdFor(instanceId);
        const r = await acd.enqueue(
          { id: callId, skillGroupId: request.skillGroupId, priority: request.priority, ani },
          { queueTimeoutMs: request.queueTimeoutMs },
          signal,
        );
        if (r.outcome === 'answered') return { kind: 'answered', agentId: r.agentId };
        if (r.outcome === 'cancelled') throw signal.reason;
        if (r.outcome === 'noAgents') return { kind: 'overflow', reason: 'no agent is logged in' };
        return r.outcome === 'overflow'
          ? { kind: 'overflow', reason: 'the queue is full' }
          : { kind: 'timeout' };
      },
      async toAgent() {
        return { kind: 'failed', reason: "agents' phones are not connected yet" };
      },
      async toNumber() {
        return { kind: 'failed', reason: 'no outbound trunk is configured' };
      },
    };
  }

  stack.onRequest((request) => {
    if (request.method === 'INVITE') {
      void onInvite(request as IncomingInvite).catch((err: unknown) => {
        logger.warn({ err }, 'INVITE handling failed');
        if (!(request as IncomingInvite).answered)
          (request as IncomingInvite).respond(500, 'Server Internal Error');
      });
      return;
    }
    (request as IncomingRequest).respond(405, 'Method Not Allowed', {
      headers: [{ name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO' }],
    });
  });

  return {
    activeCalls: () => active.size,
  };
}

function describeEnd(outcome: CallOutcome): string {
  switch (outcome.kind) {
    case 'hangup':
      return outcome.by === 'flow' ? `the flow hung up at ${outcome.moduleId ?? '?'}` : 'the caller hung up';
    case 'error':
      return `flow error ${outcome.code}: ${outcome.reason}`;
    case 'voicemail':
      return 'after voicemail';
    default:
      return 'transferred';
  }
}

/**
 * The dialog as the call channel sees it: BYE from the caller, our BYE, INFO digits. endMedia runs
 * as our BYE goes out: the session is over then (§15.1.1), not once the BYE is answered, which under
 * load can be seconds of comfort noise later.
 */
function dialogSignalling(
  dialog: Dialog,
  endMedia: () => void,
): CallSignalling & { readonly byCaller: boolean } {
  const ended = new AbortController();
  const listeners = new Set<(digit: string) => void>();
  let byCaller = false;
  let byUs = false;
  dialog.on('bye', () => {
    byCaller = !byUs;
    ended.abort(new Error('the caller hung up'));
  });
  dialog.on('terminated', (reason) => {
    if (!byUs) byCaller = true;
    ended.abort(new Error(`the dialog ended: ${String(reason)}`));
  });
  dialog.on('info', (request) => {
    const type = headerValue(request.message, 'Content-Type') ?? '';
    const parsed = parseDtmfInfo(type, request.message.body);
    request.respond(parsed ? 200 : 415, parsed ? 'OK' : 'Unsupported Media Type');
    if (parsed) for (const l of listeners) l(parsed.digit);
  });
  return {
    hangupSignal: ended.signal,
    get byCaller() {
      return byCaller;
    },
    async hangup() {
      if (byUs || ended.signal.aborted || dialog.state === 'terminated') return;
      byUs = true;
      endMedia();
      await dialog.terminate().catch(() => undefined);
    },
    onInfoDigit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
