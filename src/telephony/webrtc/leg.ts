/**
 * One browser softphone's audio: a werift peer connection that answers the browser's offer, seen by
 * the media plane as a BridgeLeg. Audio from the browser (SRTP, decrypted by werift) goes to the
 * attached relay exactly as CallMedia hands on what its latch accepted; what the bridge sends goes
 * out through an RtpSender whose transmit hands the packet to werift (which encrypts it, and writes
 * its own SSRC). Unbridged, the leg sends nothing. RFC 4733 events from the browser are relayed;
 * events towards the browser are dropped (werift would send them with the audio payload type).
 * The leg closes by close(), when ICE/DTLS fails or the browser closes DTLS, when it stays
 * disconnected past the grace period, when it is not connected in time after the answer, or when no
 * RTP came for mediaTimeoutMs; closing frees the socket and every timer.
 */

import { RTCPeerConnection, type RTCRtpTransceiver, type RtpPacket as WeriftRtpPacket } from 'werift';
import type { Clock, Timer } from '../../shared/clock.js';
import type { Bridgeable, BridgeLeg } from '../media/bridge.js';
import { mediaErrors } from '../media/errors.js';
import type { G711Codec } from '../media/g711.js';
import type { MediaLogger } from '../media/logger.js';
import type { RtpPortPool } from '../media/port-pool.js';
import type { RtpPacket } from '../media/rtp-packet.js';
import { RtpSender, type SendStatsSnapshot } from '../media/rtp-sender.js';
import { chooseFromOffer, type OfferChoice } from './offer.js';
import type { ResolvedWebRtcOptions } from './options.js';
import { peerConfig } from './peer-config.js';

export type WebRtcLegState = 'new' | 'answering' | 'connecting' | 'connected' | 'closed';

/**
 * One browser's audio connection as its owner (the workbench) uses it; bridged with
 * MediaEngine.bridge or carried by a WebRtcCallAudio. What the media plane answers is asynchronous;
 * the state only changes on known events and can be read at once.
 */
export interface WebRtcLeg extends Bridgeable {
  readonly id: string;
  readonly connectionState: WebRtcLegState;
  /**
   * Answers the browser's offer (which must carry its ICE candidates: no trickle) and returns the
   * answer SDP, with our one host candidate. A bad offer throws WebRtcOfferInvalid or
   * WebRtcNoCommonCodec before any port is taken; a second call throws MediaBusy.
   */
  answer(offerSdp: string): Promise<string>;
  /** Calls `fn` once when ICE and DTLS first connect (at once if they have); never after closing. */
  onConnected(fn: () => void): () => void;
  /** Calls `fn` once with the reason when the leg has closed (its port is free by then). */
  onClosed(fn: (reason: WebRtcCloseReason) => void): () => void;
  /** Closes the connection and frees the port and timers; resolves when all is freed. */
  close(reason?: WebRtcCloseReason): Promise<void>;
  stats(): Promise<WebRtcLegStats>;
}

/**
 * Why a leg closed: close() was called ('closed'), the browser closed DTLS (close_notify, as
 * RTCPeerConnection.close() does: 'browser-closed'), ICE or DTLS failed, or a timeout.
 */
export type WebRtcCloseReason =
  | 'closed'
  | 'browser-closed'
  | 'failed'
  | 'disconnected'
  | 'connect-timeout'
  | 'media-timeout';

export interface WebRtcLegStats {
  id: string;
  state: WebRtcLegState;
  closeReason: WebRtcCloseReason | null;
  codec: G711Codec | null;
  localPort: number | null;
  /** From answer() to ICE and DTLS connected (ms); null until connected. */
  setupMs: number | null;
  bridged: boolean;
  received: { packets: number; bytes: number; audio: number; events: number; dropped: number };
  /** What the bridge sent to the browser; `dropped` were refused (not connected yet, or events). */
  sent: SendStatsSnapshot & { dropped: number };
}

type Relay = (packet: RtpPacket, arrivalMs: number) => void;

export interface WebRtcLegDeps {
  id: string;
  options: ResolvedWebRtcOptions;
  ports: RtpPortPool;
  /** Runs once, after the leg closed and its port went back to the pool. */
  onClosed: (leg: WebRtcPeerLeg) => void;
}

/** How long ICE may take to gather our single host candidate. */
const gatherTimeoutMs = 2_000;

export class WebRtcPeerLeg implements WebRtcLeg, BridgeLeg {
  readonly id: string;
  readonly sender: RtpSender;
  private readonly clock: Clock;
  private readonly logger: MediaLogger;
  private state: WebRtcLegState = 'new';
  private closeReason: WebRtcCloseReason | null = null;
  private closing: Promise<void> | undefined;
  /** Set once everything is freed and the onClosed listeners ran. */
  private finished = false;
  private pc: RTCPeerConnection | undefined;
  private transceiver: RTCRtpTransceiver | undefined;
  private choice: OfferChoice | undefined;
  private port: number | undefined;
  private relay: Relay | undefined;
  private readonly timers = new Set<Timer>();
  private disconnectTimer: Timer | undefined;
  private readonly unsubscribes: (() => void)[] = [];
  private readonly closeListeners = new Set<() => void>();
  private readonly closedListeners = new Set<(reason: WebRtcCloseReason) => void>();
  private readonly connectedListeners = new Set<() => void>();
  private answeredAt = 0;
  private setupMs: number | null = null;
  private readonly received = { packets: 0, bytes: 0, audio: 0, events: 0, dropped: 0 };
  private sendDropped = 0;
  private lastRtpAt = 0;

  constructor(private readonly deps: WebRtcLegDeps) {
    this.id = deps.id;
    this.clock = deps.options.clock;
    this.logger = deps.options.logger;
    this.sender = new RtpSender((datagram) => this.transmit(datagram), this.clock);
  }

  /** This leg as the bridge sees it (the leg itself). */
  get leg(): BridgeLeg {
    return this;
  }

  get connectionState(): WebRtcLegState {
    return this.state;
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  /** A bridge's relay is attached. */
  get bridged(): boolean {
    return this.relay !== undefined;
  }

  /**
   * Answers the browser's offer (which must carry its ICE candidates: no trickle) and returns the
   * answer SDP, with our one host candidate. A bad offer throws WebRtcOfferInvalid or
   * WebRtcNoCommonCodec before any port is taken; a second call throws MediaBusy.
   */
  async answer(offerSdp: string): Promise<string> {
    if (this.state === 'closed') throw mediaErrors.MediaSessionClosed(`WebRTC leg ${this.id} is closed`);
    if (this.state !== 'new') throw mediaErrors.MediaBusy(`WebRTC leg ${this.id} has already answered`);
    const { options } = this.deps;
    const choice = chooseFromOffer(offerSdp, options.codecs, options);
    this.state = 'answering';
    this.answeredAt = this.clock.monotonic();
    try {
      this.port = this.deps.ports.acquire();
      this.choice = choice;
      const pc = new RTCPeerConnection(peerConfig(options, choice, this.port));
      this.pc = pc;
      this.watch(pc);
      await pc.setRemoteDescription({ type: 'offer', sdp: choice.sdp });
      this.assertOpen();
      const transceiver = pc.getTransceivers()[0];
      if (!transceiver) throw mediaErrors.MediaBusy(`WebRTC leg ${this.id} found no audio transceiver`);
      this.transceiver = transceiver;
      transceiver.setDirection('sendrecv');
      // werift's connection state does not follow DTLS: a close_notify only closes the transport.
      const dtls = transceiver.dtlsTransport.onStateChange.subscribe((s) => {
        if (s === 'closed') void this.close('browser-closed');
        else if (s === 'failed') void this.close('failed');
      });
      this.unsubscribes.push(dtls.unSubscribe);
      await pc.setLocalDescription(await pc.createAnswer());
      await this.gathered(pc);
      this.assertOpen();
      const sdp = pc.localDescription?.sdp ?? '';
      if (!sdp.includes('a=candidate:'))
        throw mediaErrors.MediaPortsExhausted(
          `WebRTC leg ${this.id} could bind neither UDP port ${this.port} nor ${this.port + 1}`,
        );
      if (this.state === 'answering') this.state = 'connecting';
      this.startTimer(options.connectTimeoutMs, () => {
        if (this.state !== 'connected') void this.close('connect-timeout');
      });
      return sdp;
    } catch (err) {
      await this.close('failed');
      throw err;
    }
  }

  // ── BridgeLeg ───────────────────────────────────────────────────────────────────────────────
  get codec(): G711Codec {
    return this.negotiated().codec;
  }
  get payloadType(): number {
    return this.negotiated().payloadType;
  }
  get telephoneEventPayloadType(): number | null {
    return this.negotiated().telephoneEventPayloadType;
  }

  attachRelay(relay: Relay | null): void {
    if (relay && this.relay) throw mediaErrors.MediaBusy(`WebRTC leg ${this.id} is already bridged`);
    if (relay && this.closed) throw mediaErrors.MediaSessionClosed(`WebRTC leg ${this.id} is closed`);
    this.relay = relay ?? undefined;
  }

  whenClosed(fn: () => void): () => void {
    if (this.closed) {
      fn();
      return () => undefined;
    }
    this.closeListeners.add(fn);
    return () => this.closeListeners.delete(fn);
  }

  // ── lifecycle ───────────────────────────────────────────────────────────────────────────────
  /** Calls `fn` once when ICE and DTLS first connect (at once if they have); never after closing. */
  onConnected(fn: () => void): () => void {
    if (this.state === 'connected') fn();
    else if (!this.closed) this.connectedListeners.add(fn);
    return () => this.connectedListeners.delete(fn);
  }

  /** Calls `fn` once with the reason when the leg has closed (its port is free by then). */
  onClosed(fn: (reason: WebRtcCloseReason) => void): () => void {
    if (this.finished) fn(this.closeReason ?? 'closed');
    else this.closedListeners.add(fn);
    return () => this.closedListeners.delete(fn);
  }

  /** Closes the connection and frees the port and timers; resolves when all is freed. */
  close(reason: WebRtcCloseReason = 'closed'): Promise<void> {
    this.closing ??= this.shutdown(reason);
    return this.closing;
  }

  async stats(): Promise<WebRtcLegStats> {
    return this.snapshot();
  }

  /** The leg's figures now (stats() without the wait). */
  snapshot(): WebRtcLegStats {
    return {
      id: this.id,
      state: this.state,
      closeReason: this.closeReason,
      codec: this.choice?.codec ?? null,
      localPort: this.port ?? null,
      setupMs: this.setupMs,
      bridged: this.relay !== undefined,
      received: { ...this.received },
      sent: { ...this.sender.stats(), dropped: this.sendDropped },
    };
  }

  // ── inside ──────────────────────────────────────────────────────────────────────────────────
  private watch(pc: RTCPeerConnection): void {
    const state = pc.connectionStateChange.subscribe((s) => this.onConnectionState(s));
    const track = pc.onTrack.subscribe((t) => {
      const rtp = t.onReceiveRtp.subscribe((p) => this.onRtp(p));
      this.unsubscribes.push(rtp.unSubscribe);
    });
    this.unsubscribes.push(state.unSubscribe, track.unSubscribe);
  }

  private onConnectionState(s: RTCPeerConnection['connectionState']): void {
    this.logger.debug({ leg: this.id, connection: s }, 'WebRTC leg connection state');
    if (this.closed) return;
    if (s === 'connected') {
      this.disconnectTimer?.cancel();
      this.disconnectTimer = undefined;
      if (this.setupMs === null) {
        this.setupMs = this.clock.monotonic() - this.answeredAt;
        this.lastRtpAt = this.clock.monotonic();
        this.watchMedia(this.deps.options.mediaTimeoutMs);
      }
      this.state = 'connected';
      const listeners = [...this.connectedListeners];
      this.connectedListeners.clear();
      for (const fn of listeners) fn();
    } else if (s === 'failed' || s === 'closed') {
      void this.close('failed');
    } else if (s === 'disconnected' && !this.disconnectTimer) {
      this.disconnectTimer = this.startTimer(this.deps.options.disconnectGraceMs, () => {
        void this.close('disconnected');
      });
    }
  }

  private onRtp(p: WeriftRtpPacket): void {
    const { header, payload } = p;
    const r = this.received;
    this.lastRtpAt = this.clock.monotonic();
    r.packets++;
    r.bytes += payload.length;
    const choice = this.choice;
    if (!choice || this.closed) return;
    if (header.payloadType === choice.payloadType) r.audio++;
    else if (header.payloadType === choice.telephoneEventPayloadType) r.events++;
    else {
      r.dropped++;
      return;
    }
    this.relay?.(
      {
        marker: header.marker,
        payloadType: header.payloadType,
        sequence: header.sequenceNumber,
        timestamp: header.timestamp,
        ssrc: header.ssrc,
        payload,
      },
      this.clock.monotonic(),
    );
  }

  private transmit(datagram: Buffer): boolean {
    const sender = this.transceiver?.sender;
    const payloadType = (datagram[1] ?? 0) & 0x7f;
    if (this.state !== 'connected' || !sender || payloadType !== this.choice?.payloadType) {
      this.sendDropped++;
      return false;
    }
    sender.sendRtp(datagram).catch((err: unknown) => {
      this.logger.debug({ err, leg: this.id }, 'werift could not send an RTP packet');
    });
    return true;
  }

  /** One timer per leg, due when the media would time out; moved on when packets came meanwhile. */
  private watchMedia(inMs: number): void {
    this.startTimer(inMs, () => {
      const silentFor = this.clock.monotonic() - this.lastRtpAt;
      const limit = this.deps.options.mediaTimeoutMs;
      if (silentFor >= limit) void this.close('media-timeout');
      else this.watchMedia(limit - silentFor);
    });
  }

  private gathered(pc: RTCPeerConnection): Promise<void> {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        sub.unSubscribe();
        timer.cancel();
        this.timers.delete(timer);
        resolve();
      };
      const sub = pc.iceGatheringStateChange.subscribe((s) => {
        if (s === 'complete') done();
      });
      const timer = this.startTimer(gatherTimeoutMs, done);
    });
  }

  private startTimer(ms: number, fn: () => void): Timer {
    const timer = this.clock.setTimer(ms, () => {
      this.timers.delete(timer);
      fn();
    });
    this.timers.add(timer);
    return timer;
  }

  private negotiated(): OfferChoice {
    if (!this.choice) throw mediaErrors.MediaBusy(`WebRTC leg ${this.id} has not answered an offer yet`);
    return this.choice;
  }

  private assertOpen(): void {
    if (this.closed) throw mediaErrors.MediaSessionClosed(`WebRTC leg ${this.id} closed while answering`);
  }

  private async shutdown(reason: WebRtcCloseReason): Promise<void> {
    this.state = 'closed';
    this.closeReason = reason;
    this.relay = undefined;
    this.connectedListeners.clear();
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    const listeners = [...this.closeListeners];
    this.closeListeners.clear();
    for (const fn of listeners) fn();
    try {
      await this.pc?.close();
    } catch (err) {
      this.logger.warn({ err, leg: this.id }, 'closing a WebRTC peer connection failed');
    } finally {
      if (this.port !== undefined) this.deps.ports.release(this.port);
      this.deps.onClosed(this);
    }
    this.logger.debug({ leg: this.id, reason, stats: this.snapshot() }, 'WebRTC leg closed');
    const closed = [...this.closedListeners];
    this.closedListeners.clear();
    this.finished = true;
    for (const fn of closed) fn(reason);
  }
}
