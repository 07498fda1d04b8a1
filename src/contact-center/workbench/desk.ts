/**
 * One agent's workbench: the page's socket, the call offered to it, the call it answered. The ACD
 * is the one source of truth for the agent's state: the page's state requests go to the live ACD,
 * and every change of the agent's state there (from the page, a phone, the API, the ACD itself) is
 * sent to the page. An offer rings here while the page is connected (the agent's phones ring at
 * the same time); `answer` with the page's WebRTC offer makes a WebRTC leg, and the offer is
 * answered once the leg connects.
 */
import { OfferEnded } from '../../acd/offer-ended.js';
import type { AcdCall } from '../../acd/schemas.js';
import type { AgentStateChange, AgentView } from '../../acd/types.js';
import type { Clock, Timer } from '../../shared/clock.js';
import { isHotlineError } from '../../shared/errors.js';
import type { WebRtcLeg, WebRtcLegs } from '../../telephony/webrtc/index.js';
import { EndedElsewhere, type RingResult } from '../agent-legs.js';
import type { LiveAcds } from '../live-acd.js';
import { DeskCall } from './desk-call.js';
import {
  type CallInfo,
  CLOSE,
  type ClientMessage,
  type OfferEndedReason,
  regionOf,
  type ServerMessage,
  type StateInfo,
  stringVariables,
  workbenchErrors,
} from './protocol.js';
import type { WorkbenchAgent } from './sessions.js';

/** The part of a WebSocket a desk uses. */
export interface DeskSocket {
  send(data: string): void;
  close(code: number, reason?: string): void;
}

export interface DeskDeps {
  agent: WorkbenchAgent;
  clock: Clock;
  legs: WebRtcLegs;
  acds: Pick<LiveAcds, 'setAgentStateIn' | 'agentStateIn' | 'groupTimes'>;
  /** How long a closed page may take to come back (socket, or a call's audio). */
  graceMs: number;
  /** Whether the agent has a registered phone (then a closed page does not log the agent out). */
  hasPhone: () => Promise<boolean>;
  /** Signs a session out (the page's signOut). */
  endSession: (sessionId: string) => void;
  logger: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
}

interface Offer {
  info: CallInfo;
  answering: boolean;
  leg: WebRtcLeg | undefined;
  settled: boolean;
  settle(result: RingResult): void;
}

const notInACall = (what: string) => workbenchErrors.WorkbenchStateConflict(what);

export class Desk {
  private socket: { ws: DeskSocket; sessionId: string } | undefined;
  private offer: Offer | undefined;
  private call: DeskCall | undefined;
  private sent: StateInfo | undefined;
  /** After-call work of the agent's last answered call (for acwEndsAt). */
  private acwMs = 0;
  private logoutTimer: Timer | undefined;

  constructor(private readonly deps: DeskDeps) {}

  get connected(): boolean {
    return this.socket !== undefined;
  }

  /** Whether `ws` is the page's socket now (not one replaced by a newer page). */
  owns(ws: DeskSocket): boolean {
    return this.socket?.ws === ws;
  }

  /** A page connected with a valid session: an older page is told it was replaced. */
  async connect(ws: DeskSocket, sessionId: string): Promise<void> {
    const older = this.socket;
    this.socket = { ws, sessionId };
    older?.ws.close(CLOSE.replaced, 'the agent opened the workbench elsewhere');
    this.logoutTimer?.cancel();
    this.logoutTimer = undefined;
    const { agent } = this.deps;
    const state = await this.currentState();
    const call = this.offer?.info ?? this.call?.info;
    this.send({
      type: 'hello',
      agent: { loginName: agent.loginName, displayName: agent.displayName, instance: agent.instance },
      state,
      ...(call ? { call } : {}),
    });
    this.sent = state;
  }

  /** The page's socket closed: the agent is logged out if it does not come back in time. */
  disconnect(ws: DeskSocket): void {
    if (this.socket?.ws !== ws) return;
    this.socket = undefined;
    this.scheduleLogout();
  }

  /** The session was replaced by a newer sign-in. */
  replaced(sessionId: string): void {
    if (this.socket?.sessionId !== sessionId) return;
    this.socket.ws.close(CLOSE.replaced, 'the agent signed in elsewhere');
    this.socket = undefined;
  }

  /** The server shuts down. */
  shutDown(): void {
    this.logoutTimer?.cancel();
    this.socket?.ws.close(CLOSE.signedOut, 'the server is shutting down');
    this.socket = undefined;
  }

  // ── from the ACD ────────────────────────────────────────────────────────────────────────────
  onStateChange(change: AgentStateChange): void {
    this.sendState({
      state: change.to,
      ...(change.reason ? { reason: change.reason } : {}),
      since: change.at,
      ...(change.to === 'afterCallWork' ? { acwEndsAt: change.at + this.acwMs } : {}),
    });
  }

  /** The agent answered a call of this group (on any device): its after-call work time. */
  onAnswered(skillGroupId: string): void {
    const { acds, agent } = this.deps;
    acds.groupTimes(agent.instanceId, skillGroupId).then(
      (t) => {
        this.acwMs = t?.afterCallWorkMs ?? 0;
      },
      (err: unknown) => this.deps.logger.warn({ err }, 'reading the skill group failed'),
    );
  }

  /** The ACD offers a call: it rings here while the page is connected. */
  async ring(call: AcdCall, signal: AbortSignal): Promise<RingResult> {
    if (!this.socket || this.offer || this.call) return { outcome: 'failed' };
    const times = await this.deps.acds.groupTimes(this.deps.agent.instanceId, call.skillGroupId);
    if (signal.aborted || !this.socket || this.offer) return { outcome: 'noAnswer' };
    const variables = stringVariables(call.variables);
    const region = regionOf(variables);
    const info: CallInfo = {
      callId: call.id,
      ani: call.ani,
      ...(region ? { region } : {}),
      ...(call.skillGroupId.startsWith('agent:') ? {} : { skillGroup: call.skillGroupId }),
      variables,
      ...(times ? { ringsUntil: this.deps.clock.now() + times.ringTimeoutMs } : {}),
    };
    return new Promise<RingResult>((resolve) => {
      const onAbort = () => this.offerAborted(offer, signal.reason);
      const offer: Offer = {
        info,
        answering: false,
        leg: undefined,
        settled: false,
        settle: (result) => {
          if (offer.settled) return;
          offer.settled = true;
          signal.removeEventListener('abort', onAbort);
          if (this.offer === offer) this.offer = undefined;
          resolve(result);
        },
      };
      this.offer = offer;
      signal.addEventListener('abort', onAbort, { once: true });
      this.send({ type: 'incoming', ...info });
    });
  }

  // ── from the page ───────────────────────────────────────────────────────────────────────────
  /** Handles one page message; a refusal is sent as `error` (with replyTo). */
  async handle(message: ClientMessage): Promise<void> {
    try {
      await this.dispatch(message);
    } catch (err) {
      this.sendError(err, message.id);
    }
  }

  sendError(err: unknown, replyTo: string | undefined): void {
    const known = isHotlineError(err) ? err : undefined;
    if (!known) this.deps.logger.warn({ err, agent: this.deps.agent.loginName }, 'workbench request failed');
    this.send({
      type: 'error',
      message: known?.message ?? 'the request failed; the server log has the details',
      code: known?.code ?? 'Internal',
      ...(replyTo !== undefined ? { replyTo } : {}),
    });
  }

  private async dispatch(m: ClientMessage): Promise<void> {
    switch (m.type) {
      case 'setState':
        return this.setState(
          m.state === 'ready' ? { state: 'ready' } : { state: 'notReady', reason: m.reason },
        );
      case 'finishAfterCallWork':
        return this.applyState(
          await this.deps.acds.setAgentStateIn(this.deps.agent.instanceId, this.deps.agent.loginName, {
            state: 'finishAfterCallWork',
          }),
        );
      case 'answer':
        return this.answer(m.callId, m.sdp, m.id);
      case 'reject': {
        const offer = this.offerOf(m.callId);
        void offer.leg?.close();
        this.send({ type: 'offerEnded', callId: m.callId, reason: 'rejected' });
        offer.settle({ outcome: 'rejected', decisive: true });
        return;
      }
      case 'hold': {
        const { call, control } = this.inCall();
        await control.hold(m.on);
        call.held = m.on;
        this.send({ type: 'held', on: m.on });
        return;
      }
      case 'transfer':
        return this.inCall().control.transfer(m.target);
      case 'hangup': {
        if (!this.call)
          throw notInACall(
            this.offer ? 'the call is ringing: reject it instead' : 'there is no call to hang up',
          );
        this.call.endBy('agent');
        return;
      }
      case 'signOut':
        return this.signOut();
    }
  }

  private async setState(request: { state: 'ready' } | { state: 'notReady'; reason?: string | undefined }) {
    if (this.call) throw notInACall('you are in a call: hang up first');
    if (request.state === 'ready' && this.offer)
      throw notInACall('a call is ringing: answer it, or reject it');
    const { agent, acds } = this.deps;
    const now = await acds.agentStateIn(agent.instanceId, agent.loginName);
    // Ready again changes nothing; the page still gets its answer.
    if (now?.state === 'ready' && request.state === 'ready') return this.sendState(this.stateOf(now), true);
    this.applyState(await acds.setAgentStateIn(agent.instanceId, agent.loginName, request));
  }

  private async signOut(): Promise<void> {
    if (this.call || this.offer) throw notInACall('sign out after the call');
    const { agent, acds } = this.deps;
    const view = await acds.agentStateIn(agent.instanceId, agent.loginName);
    if (view && view.state !== 'offline')
      await acds.setAgentStateIn(agent.instanceId, agent.loginName, { state: 'offline' });
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      this.deps.endSession(socket.sessionId);
      socket.ws.close(CLOSE.signedOut, 'signed out');
    }
  }

  private async answer(callId: string, sdp: string, replyTo: string | undefined): Promise<void> {
    if (this.call?.callId === callId) return this.resume(this.call, sdp);
    const offer = this.offerOf(callId);
    if (offer.answering) throw notInACall(`call ${callId} is being answered already`);
    offer.answering = true;
    const leg = this.deps.legs.create();
    offer.leg = leg;
    let answerSdp: string;
    try {
      answerSdp = await leg.answer(sdp);
    } catch (err) {
      if (offer.settled) return;
      // A bad offer declines the call, as `reject` does (protocol §3).
      this.sendError(err, replyTo);
      this.send({ type: 'offerEnded', callId, reason: 'rejected' });
      offer.settle({ outcome: 'rejected', decisive: true });
      return;
    }
    if (offer.settled) {
      void leg.close();
      return;
    }
    this.send({ type: 'answerSdp', callId, sdp: answerSdp });
    leg.onConnected(() => {
      if (offer.settled) return void leg.close();
      const call = new DeskCall({ ...offer.info, connectedSince: this.deps.clock.now() }, leg, {
        clock: this.deps.clock,
        graceMs: this.deps.graceMs,
        send: (message) => this.send(message),
        audioFor: (first) => this.deps.legs.callAudio(first),
        over: (c) => this.callOver(c),
      });
      this.call = call;
      this.send({ type: 'connected', callId, since: call.info.connectedSince });
      offer.settle({ outcome: 'answered', leg: call.party() });
    });
    leg.onClosed((reason) => {
      if (offer.settled) return;
      const error = workbenchErrors.WorkbenchAudioFailed(
        `the audio connection could not be set up (${reason})`,
      );
      this.sendError(error, replyTo);
      this.send({ type: 'callEnded', callId, by: 'system' });
      offer.settle({ outcome: 'failed' });
    });
  }

  /** The page answers again during the call (after a reload): a new leg takes over the audio. */
  private async resume(call: DeskCall, sdp: string): Promise<void> {
    const leg = this.deps.legs.create();
    const answerSdp = await leg.answer(sdp);
    if (call.isOver) {
      void leg.close();
      return;
    }
    this.send({ type: 'answerSdp', callId: call.callId, sdp: answerSdp });
    leg.onConnected(() => call.resume(leg));
  }

  private offerAborted(offer: Offer, reason: unknown): void {
    void offer.leg?.close();
    const why: OfferEndedReason =
      reason instanceof EndedElsewhere
        ? reason.why === 'answered'
          ? 'answeredElsewhere'
          : 'rejected'
        : reason instanceof OfferEnded
          ? reason.why === 'callerHungUp'
            ? 'callerHungUp'
            : reason.why === 'agentLeft' || reason.why === 'rejected'
              ? 'rejected'
              : 'timeout'
          : 'timeout';
    this.send({ type: 'offerEnded', callId: offer.info.callId, reason: why });
    // A page that was setting up the audio drops it.
    if (offer.answering)
      this.send({
        type: 'callEnded',
        callId: offer.info.callId,
        by: why === 'callerHungUp' ? 'caller' : 'system',
      });
    offer.settle({ outcome: 'noAnswer' });
  }

  private callOver(call: DeskCall): void {
    if (this.call === call) this.call = undefined;
    if (!this.socket) this.scheduleLogout();
  }

  private offerOf(callId: string): Offer {
    const offer = this.offer;
    if (!offer || offer.info.callId !== callId) throw notInACall(`call ${callId} is not offered to you now`);
    return offer;
  }

  private inCall(): { call: DeskCall; control: NonNullable<DeskCall['control']> } {
    const call = this.call;
    if (!call) throw notInACall('there is no call');
    if (!call.control) throw notInACall('the call is still being connected');
    return { call, control: call.control };
  }

  // ── state and messages ──────────────────────────────────────────────────────────────────────
  private async currentState(): Promise<StateInfo> {
    const { agent, acds, clock } = this.deps;
    const view = await acds.agentStateIn(agent.instanceId, agent.loginName);
    return view ? this.stateOf(view) : { state: 'offline', since: clock.now() };
  }

  private stateOf(view: AgentView): StateInfo {
    return {
      state: view.state,
      ...(view.reason ? { reason: view.reason } : {}),
      since: view.since || this.deps.clock.now(),
      ...(view.state === 'afterCallWork' ? { acwEndsAt: view.since + this.acwMs } : {}),
    };
  }

  /** A request's answer: the state, unless the ACD's change event has already said it. */
  private applyState(view: AgentView): void {
    this.sendState(this.stateOf(view));
  }

  private sendState(state: StateInfo, evenIfSent = false): void {
    const last = this.sent;
    const same = last?.state === state.state && last.since === state.since && last.reason === state.reason;
    if (same && !evenIfSent) return;
    this.sent = state;
    this.send({ type: 'state', ...state });
  }

  private send(message: ServerMessage): void {
    this.socket?.ws.send(JSON.stringify(message));
  }

  private scheduleLogout(): void {
    this.logoutTimer?.cancel();
    this.logoutTimer = this.deps.clock.setTimer(this.deps.graceMs, () => {
      this.logoutTimer = undefined;
      this.logoutIfGone().catch((err: unknown) =>
        this.deps.logger.warn(
          { err, agent: this.deps.agent.loginName },
          'logging out a closed workbench failed',
        ),
      );
    });
  }

  /** The page did not come back: the agent leaves the ACD, unless in a call or a phone is registered. */
  private async logoutIfGone(): Promise<void> {
    if (this.socket || this.call) return;
    const { agent, acds } = this.deps;
    const view = await acds.agentStateIn(agent.instanceId, agent.loginName);
    if (!view || view.state === 'offline' || view.state === 'busy') return;
    if (await this.deps.hasPhone()) return;
    await acds.setAgentStateIn(agent.instanceId, agent.loginName, { state: 'offline' });
    this.deps.logger.info({ agent: agent.loginName }, 'workbench closed: agent logged out');
  }
}
