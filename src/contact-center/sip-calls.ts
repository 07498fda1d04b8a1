import { type CompiledFlow, compileFlow } from '../ivr/compile.js';
import { createIvrEngine } from '../ivr/engine.js';
import type { CallOutcome } from '../ivr/outcome.js';
import type { Clock } from '../shared/clock.js';
import { isHotlineError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { CallSignalling } from '../telephony/call/call-signalling.js';
import type { PromptLookup } from '../telephony/call/prompt-resolver.js';
import { SipCallChannel } from '../telephony/call/sip-call-channel.js';
import { parseDtmfInfo } from '../telephony/media/dtmf-info.js';
import type { MediaEngine } from '../telephony/media/media-engine.js';
import type { MediaSession } from '../telephony/media/media-session.js';
import type { Registrar } from '../telephony/registrar/registrar.js';
import type { Dialog } from '../telephony/sip/dialog.js';
import { headerValue } from '../telephony/sip/headers.js';
import type { IncomingInvite, IncomingRequest } from '../telephony/sip/server-request.js';
import type { SipStack } from '../telephony/sip/sip-stack.js';
import type { Uri } from '../telephony/sip/uri.js';
import type { createTrunkGate } from '../telephony/trunks.js';
import { answerReinvite, type CallParty, type TransferTarget } from './call-party.js';
import { type CallPartyRecord, type CallRecords, followTrace } from './call-records.js';
import type { CallTransferService } from './call-transfers.js';
import { type ConversationResult, converse } from './conversation.js';
import { createFlowFunctionCaller } from './flow-function-caller.js';
import type { Flows } from './flows.js';
import { startHoldMusic } from './hold-music.js';
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
  transfers: CallTransferService;
  /** Whether the instance records bridged conversations. */
  recordCalls: (instanceId: string) => Promise<boolean>;
  /**
   * Answers REGISTER (agents' phones), and authenticates INVITE and OPTIONS from sources that are
   * not trunks; without one, REGISTER gets 405 and such requests 403.
   */
  registrar?: Registrar | undefined;
  /** The agent behind an authenticated request (its phone calls from its extension). */
  agentCaller?: (
    agentKey: string,
  ) => Promise<{ instanceId: string; loginName: string; extension: string } | undefined>;
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
    const caller = await admit(invite);
    if (!caller) return;
    const dnis = calledNumber(m.requestUri, m.to.uri);
    const route = dnis ? await numbers.route(dnis) : undefined;
    if (!dnis || !route?.flow_id) {
      invite.respond(404, 'Not Found');
      return;
    }
    if (caller.kind === 'agent' && route.instance_id !== caller.instanceId) {
      invite.respond(403, 'Forbidden', {
        headers: [
          { name: 'Warning', value: `399 hotline "an agent's phone calls its own instance's numbers only"` },
        ],
      });
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
    // Without SDP (late offer, §13.2.1) we offer in the 200 and take the answer from the ACK.
    const lateOffer = m.body.length === 0;
    let session: MediaSession;
    let localSdp: string;
    try {
      if (lateOffer) ({ session, offerSdp: localSdp } = await media.createOffer());
      else ({ session, answerSdp: localSdp } = await media.createSession(m.body.toString('utf8')));
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
    // An agent's phone calls from its extension, whatever its From says; a trunk names the caller.
    const pai = headerValue(m, 'P-Asserted-Identity');
    const ani =
      caller.kind === 'agent'
        ? caller.extension
        : ((pai && /<?(?:sip|tel):\+?([0-9*#]+)/.exec(pai)?.[1]) ?? userOf(m.from.uri) ?? 'anonymous');
    let dialog: Dialog;
    try {
      dialog = invite.accept({ body: Buffer.from(localSdp), contentType: 'application/sdp' });
    } catch (err) {
      logger.warn({ err }, 'cannot answer the INVITE');
      await session.close();
      return;
    }
    if (lateOffer && !(await answerFromAck(dialog, session))) {
      await dialog.terminate().catch(() => undefined);
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
      trunk: caller.kind === 'trunk' ? caller.trunk : `agent ${caller.loginName}`,
      sipCallId: m.callId,
    })
      .catch((err: unknown) => logger.warn({ err, callId }, 'call failed'))
      .finally(() => active.delete(callId));
  }

  type Caller =
    | { kind: 'trunk'; trunk: string }
    | { kind: 'agent'; instanceId: string; loginName: string; extension: string };

  /**
   * Who may call in: a trunk (its addresses, and its digest when it has credentials), or, from any
   * other source, an agent's phone that answers the registrar's digest challenge. Undefined once
   * the request has been answered (401 challenge, 403).
   */
  async function admit(request: IncomingRequest | IncomingInvite): Promise<Caller | undefined> {
    const m = request.message;
    const admission = gate.admit(request.source.address, m.method, headerValue(m, 'Authorization'));
    if (admission.ok) return { kind: 'trunk', trunk: admission.trunk };
    if (admission.status === 403 && deps.registrar && deps.agentCaller) {
      const who = await deps.registrar.authenticate(request);
      if (!who) return undefined;
      const agent = await deps.agentCaller(who.userKey);
      if (agent) return { kind: 'agent', ...agent };
    }
    request.respond(admission.status, admission.status === 401 ? 'Unauthorized' : 'Forbidden', {
      headers: (admission.challenges ?? []).map((value) => ({ name: 'WWW-Authenticate', value })),
    });
    return undefined;
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
    call.dialog.on('reinvite', (reinvite) =>
      answerReinvite(reinvite, call.session, (err) =>
        logger.info({ err, callId: call.callId }, 're-INVITE refused'),
      ),
    );
    const startedAt = new Date(clock.now()).toISOString();
    let variables: Record<string, string> = {};
    const transfers = deps.transfers.forCall({
      id: call.callId,
      instanceId: call.instanceId,
      ani: call.ani,
      variables: () => variables,
    });
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
      transfers: transfers.transfers,
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
    let live: Awaited<ReturnType<CallRecords['started']>>;
    try {
      live = await records.started(
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
    } catch (err) {
      // No durable record, no call: the caller is not left on an open line that nothing serves.
      logger.warn({ err, callId: call.callId }, 'the call record could not be written; the call is ended');
      transfers.forget();
      await channel.hangup('the call record could not be written').catch(() => undefined);
      channel.dispose();
      await call.session.close();
      return;
    }
    const session = engine.startCall(flow, channel, {
      listener: (event) =>
        followTrace(live, event, (changed) => {
          variables = { ...variables, ...changed };
        }),
    });
    const result = await session.result;
    // A transfer that was answered leaves the other party to talk to; the flow is over either way.
    // The party may transfer the caller on (the workbench's blind transfer): the caller hears music
    // on hold until the next party answers, and the call ends when none does.
    let party = transfers.takeParty();
    let talk: ConversationResult | undefined;
    let talkMs = 0;
    const talkRecordings: NonNullable<ConversationResult['recording']>[] = [];
    const parties: CallPartyRecord[] = [];
    while (party) {
      try {
        talk = await converse({
          callId: call.callId,
          caller: { media: call.session, signalling },
          party,
          media,
          clock,
          record: (await deps.recordCalls(call.instanceId)) ? { dir: deps.recordingsDir } : undefined,
          checkTransfer: transfers.check,
          logger,
        });
      } catch (err) {
        logger.warn({ err, callId: call.callId }, 'the bridged conversation failed');
        await party.hangUp('ended').catch(() => undefined);
        await party.release().catch(() => undefined);
        break;
      }
      talkMs += talk.talkMs;
      parties.push({
        kind: party.kind,
        name: party.name,
        skillGroup: party.skillGroup ?? null,
        queueMs: party.queueMs ?? null,
        ringAttempts: party.ringAttempts,
        answeredAt: new Date(party.answeredAt).toISOString(),
        talkMs: talk.talkMs,
      });
      if (talk.recording) talkRecordings.push(talk.recording);
      if (!talk.transfer || signalling.hangupSignal.aborted) break;
      party = await transferOn(call.session, talk.transfer, signalling.hangupSignal, transfers).catch(
        (err: unknown) => {
          logger.warn({ err, callId: call.callId }, "the agent's transfer failed");
          return undefined;
        },
      );
    }
    transfers.forget();
    if (!signalling.hangupSignal.aborted)
      await channel.hangup(
        talk?.endedBy === 'transfer'
          ? 'the transfer was not answered'
          : talk
            ? 'the other party hung up'
            : 'the flow ended',
      );
    const callerHungUp = signalling.byCaller;
    channel.dispose();
    // Its last figures once closed (a media worker answers them with the close: one request less).
    await call.session.close();
    const stats = await call.session.stats();
    const recordings = [...channel.recordings, ...talkRecordings];
    const last = transfers.lastParty();
    await records.ended(
      call.callId,
      { outcome: result.outcome, trace: session.trace.snapshot(), variables: result.variables },
      {
        hangup_by:
          talk?.endedBy === 'party'
            ? last?.kind === 'agent'
              ? 'agent'
              : 'called party'
            : callerHungUp
              ? 'caller'
              : 'hotline',
        hangup_cause:
          talk?.endedBy === 'transfer'
            ? callerHungUp
              ? 'BYE from the caller during the transfer'
              : 'the transfer was not answered'
            : talk
              ? talk.endedBy === 'caller'
                ? 'BYE from the caller'
                : `BYE from ${last?.kind === 'agent' ? 'the agent' : 'the called party'}`
              : callerHungUp
                ? 'BYE from the caller'
                : describeEnd(result.outcome),
        recordings: recordings.length ? JSON.stringify(recordings) : null,
        media_stats: JSON.stringify(stats.rtp),
        skill_group: last?.skillGroup ?? transfers.skillGroup() ?? null,
        agent: last?.name ?? null,
        queue_ms: last?.queueMs ?? null,
        ring_attempts: transfers.ringAttempts() || null,
        agent_answered_at: last ? new Date(last.answeredAt).toISOString() : null,
        talk_ms: talk ? talkMs : null,
        parties: parties.length ? JSON.stringify(parties) : null,
      },
    );
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
    if (request.method === 'OPTIONS') {
      // Out of a dialog, OPTIONS is answered to trunks and to agents' phones that authenticate.
      whenAdmitted(request as IncomingRequest, () => (request as IncomingRequest).answerOptions());
      return;
    }
    if (request.method === 'REGISTER' && deps.registrar) {
      void deps.registrar.register(request as IncomingRequest);
      return;
    }
    // Anything else outside a dialog (an INFO or BYE with no dialog of its own): who sends it is
    // checked first, so a stranger learns nothing of what is allowed.
    whenAdmitted(request as IncomingRequest, () =>
      (request as IncomingRequest).respond(405, 'Method Not Allowed', {
        headers: [
          {
            name: 'Allow',
            value: `INVITE, ACK, CANCEL, BYE, OPTIONS, INFO${deps.registrar ? ', REGISTER' : ''}`,
          },
        ],
      }),
    );
  });

  /** Answers a request once its sender is admitted (a trunk, or an agent's phone that authenticated). */
  function whenAdmitted(request: IncomingRequest, answer: () => void): void {
    admit(request).then(
      (caller) => {
        if (caller) answer();
      },
      (err: unknown) => {
        logger.warn({ err, method: request.method }, 'checking who sent a request failed');
        if (!request.answered) request.respond(500, 'Server Internal Error');
      },
    );
  }

  return {
    activeCalls: () => active.size,
  };
}

/**
 * Waits for the ACK of a late-offer call and applies the answer it carries; false when the call
 * ended first or the answer is unusable (§13.3.1.4: then the UAS hangs up with BYE).
 */
function answerFromAck(dialog: Dialog, session: MediaSession): Promise<boolean> {
  return new Promise((resolve) => {
    const onAck = (ack: { body: Buffer }) => {
      dialog.off('ack', onAck);
      dialog.off('terminated', onEnd);
      session.applyAnswer(ack.body.toString('utf8')).then(
        () => resolve(true),
        () => resolve(false),
      );
    };
    const onEnd = () => {
      dialog.off('ack', onAck);
      dialog.off('terminated', onEnd);
      resolve(false);
    };
    dialog.on('ack', onAck);
    dialog.on('terminated', onEnd);
  });
}

/**
 * Carries out a party's blind transfer while the caller hears music on hold; the party that
 * answers, or none (the caller hung up, or nobody answered: the call then ends).
 */
async function transferOn(
  caller: MediaSession,
  target: TransferTarget,
  hangup: AbortSignal,
  transfers: ReturnType<CallTransferService['forCall']>,
): Promise<CallParty | undefined> {
  const music = startHoldMusic(caller);
  try {
    const outcome = await transfers.blind(target, hangup);
    return outcome.kind === 'answered' ? transfers.takeParty() : undefined;
  } catch (err) {
    if (hangup.aborted) return undefined;
    throw err;
  } finally {
    await music.stop();
  }
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
