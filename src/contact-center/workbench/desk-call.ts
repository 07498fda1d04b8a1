/**
 * A call an agent answered in the workbench, from the connected WebRTC leg to the end: the party
 * the caller's conversation bridges (its audio, its end, the conversation's controls), and what
 * the page is told of it. The browser's audio may be lost (a reload, a network change): the call
 * goes on, silent, until the page answers again (a new leg takes the old one's place) or the grace
 * period ends it — by the agent when the browser closed its connection, by the system otherwise.
 */
import type { Clock, Timer } from '../../shared/clock.js';
import type { WebRtcCallAudio, WebRtcCloseReason, WebRtcLeg } from '../../telephony/webrtc/index.js';
import type { ConversationControl, PartyHangUp, PartyLeg } from '../call-party.js';
import { type CallInfo, type ServerMessage, workbenchErrors } from './protocol.js';

export interface DeskCallDeps {
  clock: Clock;
  /** How long lost audio may take to come back. */
  graceMs: number;
  send: (message: ServerMessage) => void;
  /** The call's audio, carried by `first` and then by the legs the page answers with again. */
  audioFor: (first: WebRtcLeg) => WebRtcCallAudio;
  /** The call is over and its audio closed. */
  over: (call: DeskCall) => void;
}

export class DeskCall {
  readonly audio: WebRtcCallAudio;
  /** The conversation's hold and transfer, once it has started. */
  control: ConversationControl | undefined;
  held = false;
  private readonly ended = new AbortController();
  /** callEnded was sent (or the call ended without the page). */
  private told = false;
  private lost: Timer | undefined;

  constructor(
    readonly info: CallInfo & { connectedSince: number },
    leg: WebRtcLeg,
    private readonly deps: DeskCallDeps,
  ) {
    this.audio = deps.audioFor(leg);
    this.watch(leg);
  }

  get callId(): string {
    return this.info.callId;
  }

  get isOver(): boolean {
    return this.ended.signal.aborted;
  }

  /** What the caller's call bridges and hangs up. */
  party(): PartyLeg {
    return {
      media: this.audio,
      ended: this.ended.signal,
      hangUp: (why) => this.hangUp(why),
      attach: (control) => {
        this.control = control;
      },
    };
  }

  /** The agent hung up (the page's hangup, or its audio never came back after closing). */
  endBy(by: 'agent' | 'system'): void {
    this.tell(by);
    this.ended.abort(new Error(`the call was ended by the ${by}`));
  }

  /** The page answered again during the call: `leg` carries the audio once it connects. */
  resume(leg: WebRtcLeg): void {
    if (this.isOver) {
      void leg.close();
      return;
    }
    this.audio.use(leg);
    this.watch(leg);
    this.lost?.cancel();
    this.lost = undefined;
    this.deps.send({ type: 'connected', callId: this.callId, since: this.info.connectedSince });
    if (this.held) this.deps.send({ type: 'held', on: true });
  }

  /** The conversation is over: the page is told why, and the audio closes. */
  private async hangUp(why: PartyHangUp): Promise<void> {
    this.tell(why === 'caller' ? 'caller' : why === 'transferred' ? 'transferred' : 'system');
    this.lost?.cancel();
    this.lost = undefined;
    if (!this.ended.signal.aborted) this.ended.abort(new Error('the call is over'));
    await this.audio.close();
    this.deps.over(this);
  }

  private tell(by: 'caller' | 'agent' | 'system' | 'transferred'): void {
    if (this.told) return;
    this.told = true;
    this.deps.send(
      by === 'transferred'
        ? { type: 'callEnded', callId: this.callId, by: 'agent', transferred: true }
        : { type: 'callEnded', callId: this.callId, by },
    );
  }

  private watch(leg: WebRtcLeg): void {
    leg.onClosed((reason) => {
      if (leg === this.audio.current && !this.isOver) this.audioLost(reason);
    });
  }

  private audioLost(reason: WebRtcCloseReason): void {
    if (this.lost) return;
    const seconds = Math.round(this.deps.graceMs / 1000);
    const error = workbenchErrors.WorkbenchAudioFailed(
      `the call's audio was lost (${reason}); the call ends in ${seconds} s unless this page answers again`,
    );
    this.deps.send({ type: 'error', code: error.code, message: error.message });
    this.lost = this.deps.clock.setTimer(this.deps.graceMs, () => {
      this.lost = undefined;
      if (!this.isOver) this.endBy(reason === 'browser-closed' ? 'agent' : 'system');
    });
  }
}
