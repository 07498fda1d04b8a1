/**
 * A call's media as the main thread holds it when the media plane runs in the worker: the
 * MediaSession interface, each method a request to the worker's session of the same id. What
 * callers read at once is kept here and changes only on known events: closed (close(), or the
 * worker's sessionClosed), the negotiation (the answers of renegotiate and applyAnswer), bridged
 * (the bridge that holds it). DTMF digits come as events and go to the listeners here.
 */
import type { DigitEvent } from '../media/dtmf.js';
import type { DtmfSendOptions } from '../media/dtmf-sender.js';
import { mediaErrors } from '../media/errors.js';
import type { MediaSession, MediaSessionStats, PlayOptions, PlayResult } from '../media/media-session.js';
import type { PromptSource } from '../media/prompt-source.js';
import type { RecordingResult, RecordOptions } from '../media/recorder.js';
import type { AudioNegotiation } from '../media/sdp.js';
import type { DtmfDigit } from '../media/telephone-event.js';
import type { MediaWorkerConnection } from './connection.js';
import { fromSharedTime, type SessionOpened, type WireDigit } from './protocol.js';
import type { RemoteLeg } from './remote-leg.js';

export class RemoteMediaSession implements MediaSession, RemoteLeg {
  readonly id: string;
  readonly localPort: number;
  bridgeId: string | undefined;
  private current: AudioNegotiation;
  private isClosed = false;
  private closing: Promise<void> | undefined;
  private last: MediaSessionStats | undefined;
  private readonly digitListeners = new Set<(digit: DigitEvent) => void>();

  constructor(
    private readonly connection: MediaWorkerConnection,
    opened: SessionOpened,
    private readonly forget: (session: RemoteMediaSession) => void,
  ) {
    this.id = opened.id;
    this.localPort = opened.localPort;
    this.current = opened.negotiation;
  }

  get negotiation(): AudioNegotiation {
    return this.current;
  }
  get closed(): boolean {
    return this.isClosed;
  }
  get bridged(): boolean {
    return this.bridgeId !== undefined;
  }

  async play(
    prompts: PromptSource | readonly PromptSource[],
    options: PlayOptions = {},
  ): Promise<PlayResult> {
    this.assertPlayable();
    if (options.signal?.aborted) throw options.signal.reason;
    const sources: readonly PromptSource[] = Array.isArray(prompts) ? prompts : [prompts as PromptSource];
    return this.connection.call(
      'play',
      {
        session: this.id,
        prompts: sources.map((s) => this.connection.wirePrompt(s)),
        stopOnDigit: options.stopOnDigit === true,
      },
      { signal: options.signal, rejectOnAbort: true },
    );
  }

  stopPlayback(): void {
    if (!this.isClosed) this.connection.send('stopPlayback', { session: this.id });
  }

  onDigit(listener: (digit: DigitEvent) => void): () => void {
    this.digitListeners.add(listener);
    return () => this.digitListeners.delete(listener);
  }

  reportInfoDigit(digit: DtmfDigit): void {
    if (!this.isClosed) this.connection.send('reportInfoDigit', { session: this.id, digit });
  }

  async sendDigits(digits: string, options?: DtmfSendOptions): Promise<void> {
    this.assertPlayable();
    await this.connection.call('sendDigits', { session: this.id, digits, options });
  }

  async record(options: RecordOptions): Promise<RecordingResult> {
    this.assertOpen();
    const { signal, ...rest } = options;
    return this.connection.call(
      'record',
      { session: this.id, options: rest },
      { signal, rejectOnAbort: false },
    );
  }

  async renegotiate(offerSdp: string): Promise<string> {
    this.assertOpen();
    const { sdp, negotiation } = await this.connection.call('renegotiate', { session: this.id, offerSdp });
    this.current = negotiation;
    return sdp;
  }

  async applyAnswer(answerSdp: string): Promise<void> {
    this.assertOpen();
    const { negotiation } = await this.connection.call('applyAnswer', { session: this.id, answerSdp });
    this.current = negotiation;
  }

  async stats(): Promise<MediaSessionStats> {
    if (this.closing) await this.closing;
    if (this.last) return this.last;
    return this.connection.call('sessionStats', { session: this.id });
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  // ── events from the worker ──────────────────────────────────────────────────────────────────
  digit(wire: WireDigit): void {
    const digit: DigitEvent = {
      digit: wire.digit,
      at: wire.at,
      monotonicMs: fromSharedTime(wire.sharedMs),
      via: wire.via,
    };
    for (const listener of [...this.digitListeners]) listener(digit);
  }

  /** The worker stopped unasked: the call's media is gone. */
  lost(): void {
    this.last ??= closedStats(this.id, this.current);
    this.ended();
  }

  /** The worker closed the session (the engine closed). */
  closedBy(stats: MediaSessionStats): void {
    this.last = stats;
    this.ended();
  }

  // ── inside ──────────────────────────────────────────────────────────────────────────────────
  private async shutdown(): Promise<void> {
    this.isClosed = true;
    this.bridgeId = undefined;
    try {
      if (!this.last) this.last = await this.connection.call('closeSession', { session: this.id });
    } catch {
      // The worker stopped (its failure is logged once, by the connection): the call's media is gone.
      this.last ??= closedStats(this.id, this.current);
    } finally {
      this.ended();
    }
  }

  private ended(): void {
    this.isClosed = true;
    this.bridgeId = undefined;
    this.digitListeners.clear();
    this.forget(this);
  }

  private assertOpen(): void {
    if (this.isClosed) throw mediaErrors.MediaSessionClosed(`call media ${this.id} is closed`);
  }

  private assertPlayable(): void {
    this.assertOpen();
    if (this.bridgeId !== undefined)
      throw mediaErrors.MediaBusy(`call media ${this.id} is bridged; it cannot play or send digits`);
  }
}

/** A session's figures once the worker can no longer be asked (it stopped): no RTP figures. */
function closedStats(id: string, negotiation: AudioNegotiation): MediaSessionStats {
  return {
    id,
    codec: negotiation.codec,
    direction: negotiation.direction,
    rtp: {} as MediaSessionStats['rtp'],
    playing: false,
    bridged: false,
    recordings: 0,
    digitsReceived: 0,
    closed: true,
  };
}
