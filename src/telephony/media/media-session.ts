/**
 * The media of one call, as the SIP call channel uses it: play prompts (with barge-in), hear and
 * send DTMF, record, renegotiate on re-INVITE (hold/unhold), be bridged to another call, close.
 * It ties together the call's RTP transport, its player on the shared frame scheduler, the DTMF
 * receiver and sender, and any recorders. Knows nothing of SIP dialogs or of flows.
 */
import type { Clock } from '../../shared/clock.js';
import type { Bridgeable, BridgeLeg } from './bridge.js';
import { type DigitEvent, DtmfReceiver } from './dtmf.js';
import { DtmfSender, type DtmfSendOptions } from './dtmf-sender.js';
import { mediaErrors } from './errors.js';
import type { FrameScheduler, ScheduledStream } from './frame-scheduler.js';
import type { G711Codec } from './g711.js';
import type { MediaLogger } from './logger.js';
import { type IdleAudio, Player, type PlayerOutput } from './player.js';
import type { PromptAudio } from './prompt-audio.js';
import type { PromptSource } from './prompt-source.js';
import { CallRecorder, type RecordingResult, type RecordOptions } from './recorder.js';
import type { RtpPacket } from './rtp-packet.js';
import type { RtpSender } from './rtp-sender.js';
import type { RtpSession, RtpSessionStats } from './rtp-session.js';
import {
  type AnswerOptions,
  type AudioNegotiation,
  answerOffer,
  directionSends,
  type OfferOptions,
  readAnswer,
} from './sdp.js';
import type { DtmfDigit } from './telephone-event.js';

export interface PlayOptions {
  /** Aborting stops the playback within one frame; play() then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** A DTMF digit stops the playback (barge-in); listeners of onDigit still get it. */
  stopOnDigit?: boolean;
}

export interface PlayResult {
  endedBy: 'completed' | 'stopped' | 'digit';
  /** The digit that stopped it (endedBy 'digit'). */
  digit?: DtmfDigit;
  /** Audio sent before the end (ms). */
  playedMs: number;
}

export interface MediaSessionStats {
  id: string;
  codec: G711Codec;
  direction: AudioNegotiation['direction'];
  rtp: RtpSessionStats;
  playing: boolean;
  bridged: boolean;
  recordings: number;
  digitsReceived: number;
  closed: boolean;
}

/**
 * The media of one call (bridged with MediaEngine.bridge). Methods that the media plane answers are
 * asynchronous, so that the plane can run on a thread of its own; what only changes on known events
 * (closed, localPort, negotiation, bridged) can be read at once.
 */
export interface MediaSession extends Bridgeable {
  readonly id: string;
  readonly localPort: number;
  /** What offer/answer agreed (codec, telephone-event, peer address, direction). */
  readonly negotiation: AudioNegotiation;
  readonly closed: boolean;
  /** Plays prompts one after the other, after anything already playing. */
  play(prompts: PromptSource | readonly PromptSource[], options?: PlayOptions): Promise<PlayResult>;
  /** Stops every playback at once (each resolves with endedBy 'stopped'). */
  stopPlayback(): void;
  /** Every DTMF digit, from RTP (RFC 4733) or reported from SIP INFO; returns the unsubscribe function. */
  onDigit(listener: (digit: DigitEvent) => void): () => void;
  /** A digit the SIP side read from an INFO request (see parseDtmfInfo), delivered like RTP digits. */
  reportInfoDigit(digit: DtmfDigit): void;
  /** Sends digits as RFC 4733 events; MediaDtmfUnsupported when the peer negotiated none. */
  sendDigits(digits: string, options?: DtmfSendOptions): Promise<void>;
  /** Records the call; resolves when the recording ended (it also ends when the call does). */
  record(options: RecordOptions): Promise<RecordingResult>;
  /** Answers a re-INVITE's offer (hold, unhold, new address); throws, leaving the call as it was, on 488. */
  renegotiate(offerSdp: string): Promise<string>;
  /** Takes the answer to the offer this session was created with (calls we place). */
  applyAnswer(answerSdp: string): Promise<void>;
  stats(): Promise<MediaSessionStats>;
  /** Ends everything and frees the port; plays reject with MediaSessionClosed, recordings complete. */
  close(): Promise<void>;
}

export interface CallMediaDeps {
  id: string;
  rtp: RtpSession;
  scheduler: FrameScheduler;
  clock: Clock;
  logger: MediaLogger;
  negotiation: AudioNegotiation;
  /** For re-INVITE answers (inbound calls). */
  answerOptions: AnswerOptions;
  /** The offer this session made (calls we place), for reading the answer. */
  offer: OfferOptions | undefined;
  idle: IdleAudio;
  resolvePrompt: (source: PromptSource) => Promise<PromptAudio>;
  /** Runs once the socket is closed (the engine frees the port). */
  onClosed: () => void;
}

export class CallMedia implements MediaSession, BridgeLeg, PlayerOutput {
  readonly id: string;
  private current: AudioNegotiation;
  private readonly rtp: RtpSession;
  private readonly player: Player;
  private readonly dtmfOut = new DtmfSender();
  private readonly dtmfIn: DtmfReceiver;
  private readonly digitListeners = new Set<(digit: DigitEvent) => void>();
  private readonly recorders = new Set<CallRecorder>();
  private readonly closeListeners = new Set<() => void>();
  /** Rejecters of the operations waiting on this call; close() calls them all. */
  private readonly waiting = new Set<(reason: unknown) => void>();
  private closedError: Error | undefined;
  private scheduled: ScheduledStream | undefined;
  private relay: ((packet: RtpPacket, arrivalMs: number) => void) | undefined;
  private digits = 0;
  private closing: Promise<void> | undefined;

  constructor(private readonly deps: CallMediaDeps) {
    this.id = deps.id;
    this.rtp = deps.rtp;
    this.current = deps.negotiation;
    this.dtmfIn = new DtmfReceiver(deps.clock);
    this.player = new Player(this, this.dtmfOut, deps.idle);
    this.rtp.resignal(this.current.remote, directionSends(this.current.direction));
    this.rtp.onPacket((p, at) => this.onPacket(p, at));
    this.scheduled = deps.scheduler.add(this.player);
  }

  // ── PlayerOutput and BridgeLeg ──────────────────────────────────────────────────────────────
  get sender(): RtpSender {
    return this.rtp.sender;
  }
  get canTransmit(): boolean {
    return this.rtp.canTransmit;
  }
  get codec(): G711Codec {
    return this.current.codec;
  }
  get payloadType(): number {
    return this.current.payloadType;
  }
  get telephoneEventPayloadType(): number | null {
    return this.current.telephoneEvent?.payloadType ?? null;
  }

  attachRelay(relay: ((packet: RtpPacket, arrivalMs: number) => void) | null): void {
    if (relay) {
      if (this.relay) throw mediaErrors.MediaBusy(`call media ${this.id} is already bridged`);
      this.relay = relay;
      this.player.stopAll();
      this.dtmfOut.cancel(mediaErrors.MediaBusy('the call was bridged while digits were being sent'));
      this.scheduled?.cancel();
      this.scheduled = undefined;
      this.player.interrupt();
      return;
    }
    this.relay = undefined;
    if (!this.closed && !this.scheduled) this.scheduled = this.deps.scheduler.add(this.player);
  }

  get bridged(): boolean {
    return this.relay !== undefined;
  }

  whenClosed(fn: () => void): () => void {
    if (this.closed) {
      fn();
      return () => undefined;
    }
    this.closeListeners.add(fn);
    return () => this.closeListeners.delete(fn);
  }

  // ── MediaSession ────────────────────────────────────────────────────────────────────────────
  get localPort(): number {
    return this.rtp.localPort;
  }
  get negotiation(): AudioNegotiation {
    return this.current;
  }
  get closed(): boolean {
    return this.closedError !== undefined;
  }

  async play(
    prompts: PromptSource | readonly PromptSource[],
    options: PlayOptions = {},
  ): Promise<PlayResult> {
    this.assertPlayable();
    const sources: readonly PromptSource[] = Array.isArray(prompts) ? prompts : [prompts as PromptSource];
    const audio = await this.whileOpen(
      Promise.all(sources.map((s) => this.deps.resolvePrompt(s))),
      options.signal,
    );
    this.assertPlayable();
    for (const a of audio) a.frames(this.codec); // encode now, not in the middle of a frame tick
    const playback = this.player.play(audio);
    let digit: DtmfDigit | undefined;
    const unsubscribe = options.stopOnDigit
      ? this.onDigit((d) => {
          digit ??= d.digit;
          playback.stop();
        })
      : undefined;
    try {
      const result = await this.whileOpen(playback.done, options.signal, playback.stop);
      return digit ? { endedBy: 'digit', digit, playedMs: result.playedMs } : result;
    } finally {
      unsubscribe?.();
    }
  }

  stopPlayback(): void {
    this.player.stopAll();
  }

  onDigit(listener: (digit: DigitEvent) => void): () => void {
    this.digitListeners.add(listener);
    return () => this.digitListeners.delete(listener);
  }

  reportInfoDigit(digit: DtmfDigit): void {
    const now = this.deps.clock;
    this.emitDigit({ digit, at: now.now(), monotonicMs: now.monotonic(), via: 'sip-info' });
  }

  async sendDigits(digits: string, options?: DtmfSendOptions): Promise<void> {
    this.assertPlayable();
    if (this.telephoneEventPayloadType === null)
      throw mediaErrors.MediaDtmfUnsupported(`the peer of ${this.id} did not negotiate telephone-event`);
    return this.dtmfOut.enqueue(digits, options);
  }

  async record(options: RecordOptions): Promise<RecordingResult> {
    this.assertOpen();
    const recorder = CallRecorder.start(options, this.deps.clock);
    this.recorders.add(recorder);
    const untap =
      options.channels === 'both'
        ? this.sender.tap((pt, payload, timestamp) => {
            if (pt === this.payloadType) recorder.sentAudio(this.codec, payload, this.sender.ssrc, timestamp);
          })
        : undefined;
    const detach = () => {
      this.recorders.delete(recorder);
      untap?.();
    };
    recorder.done.then(detach, detach);
    return recorder.done;
  }

  async renegotiate(offerSdp: string): Promise<string> {
    this.assertOpen();
    const answer = answerOffer(offerSdp, { ...this.deps.answerOptions, keepCodec: this.current.codec });
    this.adopt(answer.audio);
    return answer.sdp;
  }

  async applyAnswer(answerSdp: string): Promise<void> {
    this.assertOpen();
    if (!this.deps.offer)
      throw mediaErrors.MediaBusy(`call media ${this.id} answered an offer; it takes no answer`);
    this.adopt(readAnswer(answerSdp, this.deps.offer, this.deps.answerOptions.limits));
  }

  async stats(): Promise<MediaSessionStats> {
    return this.snapshot();
  }

  /** The session's figures now (stats() without the wait). */
  snapshot(): MediaSessionStats {
    return {
      id: this.id,
      codec: this.current.codec,
      direction: this.current.direction,
      rtp: this.rtp.stats(),
      playing: this.player.playing,
      bridged: this.bridged,
      recordings: this.recorders.size,
      digitsReceived: this.digits,
      closed: this.closed,
    };
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  // ── inside ──────────────────────────────────────────────────────────────────────────────────
  private async shutdown(): Promise<void> {
    const closedError = mediaErrors.MediaSessionClosed(`call media ${this.id} is closed`);
    this.closedError = closedError;
    for (const reject of [...this.waiting]) reject(closedError);
    this.scheduled?.cancel();
    this.scheduled = undefined;
    const listeners = [...this.closeListeners];
    this.closeListeners.clear();
    for (const fn of listeners) fn();
    this.player.stopAll();
    this.dtmfOut.cancel(closedError);
    const recordings = [...this.recorders].map((r) => r.stop('closed'));
    try {
      await this.rtp.close();
    } finally {
      this.deps.onClosed();
    }
    await Promise.allSettled(recordings);
  }

  /**
   * Waits for work unless the call closes or `signal` aborts first: then `onAbort` runs (to stop the
   * work) and the promise rejects with the reason. (A Set rather than an AbortSignal listener for
   * the call's own end: a thousand prompts starting together must not cost milliseconds.)
   */
  private whileOpen<T>(work: Promise<T>, signal: AbortSignal | undefined, onAbort?: () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onSignal = () => stop(signal?.reason);
      const settle = () => {
        this.waiting.delete(stop);
        signal?.removeEventListener('abort', onSignal);
      };
      const stop = (reason: unknown) => {
        settle();
        onAbort?.();
        reject(reason);
      };
      if (this.closedError) return stop(this.closedError);
      if (signal?.aborted) return stop(signal.reason);
      this.waiting.add(stop);
      signal?.addEventListener('abort', onSignal, { once: true });
      work.then(
        (value) => {
          settle();
          resolve(value);
        },
        (err: unknown) => {
          settle();
          reject(err);
        },
      );
    });
  }

  private adopt(audio: AudioNegotiation): void {
    this.current = audio;
    this.rtp.resignal(audio.remote, directionSends(audio.direction));
  }

  private onPacket(p: RtpPacket, arrivalMs: number): void {
    this.relay?.(p, arrivalMs);
    if (p.payloadType === this.current.payloadType) {
      for (const r of this.recorders)
        r.callerAudio(this.current.codec, p.payload, p.ssrc, p.timestamp, arrivalMs);
    } else if (p.payloadType === this.telephoneEventPayloadType) {
      const digit = this.dtmfIn.receive(p, arrivalMs);
      if (digit) this.emitDigit(digit);
    }
  }

  private emitDigit(digit: DigitEvent): void {
    this.digits++;
    for (const listener of [...this.digitListeners]) {
      try {
        listener(digit);
      } catch (err) {
        this.deps.logger.warn({ err, session: this.id }, 'a DTMF listener threw');
      }
    }
  }

  private assertOpen(): void {
    if (this.closed) throw mediaErrors.MediaSessionClosed(`call media ${this.id} is closed`);
  }

  private assertPlayable(): void {
    this.assertOpen();
    if (this.relay)
      throw mediaErrors.MediaBusy(`call media ${this.id} is bridged; it cannot play or send digits`);
  }
}
