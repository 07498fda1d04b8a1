/**
 * A browser's WebRTC leg and a call's browser audio as the main thread holds them when the media
 * plane runs in the worker. The leg's state is kept here and follows the worker's events
 * (legConnected, legClosed) and this side's own requests (answer, close), as the in-process leg's
 * does; the call audio keeps the leg carrying the call.
 */
import { mediaErrors } from '../media/errors.js';
import type { WebRtcCallAudio } from '../webrtc/call-audio.js';
import type { WebRtcCloseReason, WebRtcLeg, WebRtcLegState, WebRtcLegStats } from '../webrtc/leg.js';
import type { MediaWorkerConnection } from './connection.js';
import type { RemoteLeg } from './remote-leg.js';

export class RemoteWebRtcLeg implements WebRtcLeg, RemoteLeg {
  bridgeId: string | undefined;
  private state: WebRtcLegState = 'new';
  private reason: WebRtcCloseReason | null = null;
  private closing: Promise<void> | undefined;
  private finished = false;
  private last: WebRtcLegStats | undefined;
  private readonly connectedListeners = new Set<() => void>();
  private readonly closedListeners = new Set<(reason: WebRtcCloseReason) => void>();

  constructor(
    readonly id: string,
    private readonly connection: MediaWorkerConnection,
  ) {}

  get connectionState(): WebRtcLegState {
    return this.state;
  }
  get closed(): boolean {
    return this.state === 'closed';
  }
  get bridged(): boolean {
    return this.bridgeId !== undefined;
  }

  async answer(offerSdp: string): Promise<string> {
    if (this.state === 'closed') throw mediaErrors.MediaSessionClosed(`WebRTC leg ${this.id} is closed`);
    if (this.state !== 'new') throw mediaErrors.MediaBusy(`WebRTC leg ${this.id} has already answered`);
    this.state = 'answering';
    const { sdp } = await this.connection.call('answerLeg', { leg: this.id, offerSdp });
    if (this.state === 'answering') this.state = 'connecting';
    return sdp;
  }

  onConnected(fn: () => void): () => void {
    if (this.state === 'connected') fn();
    else if (!this.closed) this.connectedListeners.add(fn);
    return () => this.connectedListeners.delete(fn);
  }

  onClosed(fn: (reason: WebRtcCloseReason) => void): () => void {
    if (this.finished) fn(this.reason ?? 'closed');
    else this.closedListeners.add(fn);
    return () => this.closedListeners.delete(fn);
  }

  close(reason: WebRtcCloseReason = 'closed'): Promise<void> {
    this.closing ??= this.shutdown(reason);
    return this.closing;
  }

  async stats(): Promise<WebRtcLegStats> {
    if (this.finished && this.last) return this.last;
    return this.connection.call('legStats', { leg: this.id });
  }

  // ── events from the worker ──────────────────────────────────────────────────────────────────
  connected(): void {
    if (this.closed) return;
    this.state = 'connected';
    const listeners = [...this.connectedListeners];
    this.connectedListeners.clear();
    for (const fn of listeners) fn();
  }

  /** The worker's leg has closed and freed its port. */
  closedBy(reason: WebRtcCloseReason, stats: WebRtcLegStats | undefined): void {
    if (this.finished) return;
    this.state = 'closed';
    this.reason ??= reason;
    this.last = stats;
    this.bridgeId = undefined;
    this.finished = true;
    this.connectedListeners.clear();
    const listeners = [...this.closedListeners];
    this.closedListeners.clear();
    for (const fn of listeners) fn(reason);
  }

  private async shutdown(reason: WebRtcCloseReason): Promise<void> {
    this.state = 'closed';
    this.reason ??= reason;
    this.bridgeId = undefined;
    this.connectedListeners.clear();
    try {
      await this.connection.call('closeLeg', { leg: this.id, reason });
    } finally {
      // The worker's legClosed came first (same port, in order) unless the worker is gone.
      this.closedBy(reason, undefined);
    }
  }
}

export class RemoteCallAudio implements WebRtcCallAudio, RemoteLeg {
  bridgeId: string | undefined;
  private leg: RemoteWebRtcLeg;
  private isClosed = false;
  private closing: Promise<void> | undefined;

  constructor(
    readonly id: string,
    first: RemoteWebRtcLeg,
    private readonly connection: MediaWorkerConnection,
    private readonly forget: (audio: RemoteCallAudio) => void,
  ) {
    this.leg = first;
  }

  get current(): RemoteWebRtcLeg {
    return this.leg;
  }
  get closed(): boolean {
    return this.isClosed;
  }
  get bridged(): boolean {
    return this.bridgeId !== undefined;
  }

  use(leg: WebRtcLeg): void {
    if (this.isClosed) throw mediaErrors.MediaSessionClosed('the workbench call has ended');
    if (!(leg instanceof RemoteWebRtcLeg)) throw new TypeError('not a WebRTC leg of this media plane');
    const old = this.leg;
    this.leg = leg;
    this.connection.send('useLeg', { audio: this.id, leg: leg.id });
    if (old !== leg) void old.close();
  }

  close(): Promise<void> {
    this.isClosed = true;
    this.bridgeId = undefined;
    this.forget(this);
    this.closing ??= this.connection.call('closeCallAudio', { audio: this.id }).then(() => this.leg.close());
    return this.closing;
  }
}
