/**
 * Records a call to a WAV file (8 kHz, 16-bit): either what the caller says (mono, for voicemail)
 * or both directions as a stereo file — left the caller, right what the caller hears (our prompts,
 * or the agent once bridged). Stereo keeps the two parties apart for listening, QA and transcripts;
 * a mono mix can always be made from it, not the other way round.
 * It ends at maxDurationMs, after silenceStopMs of silence that follows speech, after
 * noInputTimeoutMs without speech, or when stopped (signal, or the call ending) — all counted on
 * the injected clock. The result says which.
 */
import type { Clock, Timer } from '../../shared/clock.js';
import { decodeG711, type G711Codec, rms, sampleRate } from './g711.js';
import { TrackTimeline } from './track-timeline.js';
import { WavFileWriter } from './wav-file-writer.js';

export type RecordChannels = 'caller' | 'both';

export interface RecordOptions {
  /** Where the WAV file goes (its folder is made when missing). */
  path: string;
  maxDurationMs: number;
  /** 'caller' (default): mono, the caller's audio; 'both': stereo, caller left, what it hears right. */
  channels?: RecordChannels;
  /** Stop after this much silence once the caller has spoken. */
  silenceStopMs?: number;
  /** Stop when the caller has not spoken this long after the start. */
  noInputTimeoutMs?: number;
  /** RMS level of a 20 ms frame above which it counts as speech (default 500, about −36 dBFS). */
  speechLevel?: number;
  /** Aborting stops the recording; the promise still resolves with what was recorded. */
  signal?: AbortSignal;
}

export type RecordingEnd = 'maxDuration' | 'silence' | 'noInput' | 'stopped' | 'closed';

export interface RecordingResult {
  path: string;
  channels: 1 | 2;
  durationMs: number;
  /** Size of the file. */
  bytes: number;
  /** Audio in which the caller was speaking. */
  voicedMs: number;
  endedBy: RecordingEnd;
  /** Wall time the recording began (ms since the epoch). */
  startedAt: number;
}

const tickMs = 100;
/** Audio younger than this is not committed yet, so packets reordered by the network still land. */
const reorderWindowSamples = (sampleRate * 200) / 1000;
const maxRecordingMs = 4 * 3600_000;

export class CallRecorder {
  readonly done: Promise<RecordingResult>;
  private readonly caller = new TrackTimeline();
  private readonly heard: TrackTimeline | undefined;
  private readonly startMono: number;
  private readonly startedAt: number;
  private readonly maxSamples: number;
  private voicedSamples = 0;
  private lastVoicedAt: number | undefined;
  private timer: Timer | undefined;
  private ending: RecordingEnd | undefined;
  private finish!: (end: RecordingEnd) => void;

  private constructor(
    private readonly writer: WavFileWriter,
    private readonly options: RecordOptions,
    private readonly clock: Clock,
  ) {
    this.startMono = clock.monotonic();
    this.startedAt = clock.now();
    this.maxSamples = Math.round((options.maxDurationMs * sampleRate) / 1000);
    if (writer.channels === 2) this.heard = new TrackTimeline();
    this.done = new Promise<RecordingEnd>((resolve) => {
      this.finish = resolve;
    }).then((end) => this.complete(end));
    this.schedule();
    const signal = options.signal;
    if (signal?.aborted) this.stop('stopped');
    else signal?.addEventListener('abort', () => this.stop('stopped'), { once: true });
  }

  /** Starts at once (audio is kept from now on) while the file is being created. */
  static start(options: RecordOptions, clock: Clock): CallRecorder {
    const max = options.maxDurationMs;
    if (!Number.isFinite(max) || max <= 0 || max > maxRecordingMs)
      throw new RangeError(`maxDurationMs must be between 1 and ${maxRecordingMs}`);
    const writer = new WavFileWriter(options.path, options.channels === 'both' ? 2 : 1, sampleRate);
    const recorder = new CallRecorder(writer, options, clock);
    // A file that cannot be created ends the recording now; `done` rejects with the reason.
    writer.opened.catch(() => recorder.stop('stopped'));
    return recorder;
  }

  /** A packet of the caller's audio. */
  callerAudio(
    codec: G711Codec,
    payload: Uint8Array,
    ssrc: number,
    timestamp: number,
    arrivalMs: number,
  ): void {
    if (this.ending) return;
    const pcm = decodeG711(codec, payload);
    if (rms(pcm) >= (this.options.speechLevel ?? 500)) {
      this.voicedSamples += pcm.length;
      this.lastVoicedAt = arrivalMs;
    }
    this.caller.place(ssrc, timestamp, pcm, this.positionAt(arrivalMs));
  }

  /** A packet of what we sent the caller (recorded only in stereo). */
  sentAudio(codec: G711Codec, payload: Uint8Array, ssrc: number, timestamp: number): void {
    if (this.ending || !this.heard) return;
    this.heard.place(ssrc, timestamp, decodeG711(codec, payload), this.positionAt(this.clock.monotonic()));
  }

  /** Ends the recording (once); `done` resolves when the file is complete. */
  stop(end: RecordingEnd): Promise<RecordingResult> {
    if (!this.ending) {
      this.ending = end;
      this.timer?.cancel();
      this.finish(end);
    }
    return this.done;
  }

  private positionAt(monotonicMs: number): number {
    return Math.round(((monotonicMs - this.startMono) * sampleRate) / 1000);
  }

  private schedule(): void {
    this.timer = this.clock.setTimer(tickMs, () => this.tick());
  }

  private tick(): void {
    if (this.ending) return;
    const now = this.clock.monotonic();
    const elapsed = now - this.startMono;
    const o = this.options;
    if (elapsed >= o.maxDurationMs + (reorderWindowSamples * 1000) / sampleRate)
      return void this.stop('maxDuration');
    if (
      this.lastVoicedAt !== undefined &&
      o.silenceStopMs !== undefined &&
      now - this.lastVoicedAt >= o.silenceStopMs
    )
      return void this.stop('silence');
    if (this.lastVoicedAt === undefined && o.noInputTimeoutMs !== undefined && elapsed >= o.noInputTimeoutMs)
      return void this.stop('noInput');
    this.commit(Math.min(this.maxSamples, this.positionAt(now) - reorderWindowSamples));
    this.schedule();
  }

  private commit(upTo: number): void {
    const left = this.caller.take(upTo);
    if (!this.heard) {
      this.writer.append(left);
      return;
    }
    const right = this.heard.take(upTo);
    const both = new Int16Array(left.length * 2);
    for (let i = 0; i < left.length; i++) {
      both[2 * i] = left[i]!;
      both[2 * i + 1] = right[i]!;
    }
    this.writer.append(both);
  }

  private async complete(endedBy: RecordingEnd): Promise<RecordingResult> {
    const end = Math.max(this.caller.end, this.heard?.end ?? 0);
    this.commit(Math.min(this.maxSamples, end));
    const frameBytes = this.writer.channels * 2;
    const samples = this.writer.dataBytes / frameBytes;
    const bytes = await this.writer.close();
    return {
      path: this.writer.path,
      channels: this.writer.channels,
      durationMs: Math.round((samples * 1000) / sampleRate),
      bytes,
      voicedMs: Math.round((this.voicedSamples * 1000) / sampleRate),
      endedBy,
      startedAt: this.startedAt,
    };
  }
}
