/**
 * Plays prompts on one call, a 20 ms frame each time the shared FrameScheduler says so. Requests
 * play one after the other; the current one can be stopped at once (barge-in: the very next frame
 * is no longer the prompt). When nothing plays, the stream goes on with silence frames (the
 * default: many carriers and NATs drop a call whose RTP stops) or, with idle 'none', sends nothing.
 * Timestamps follow the stream's media clock, so they stay continuous through silence and jump by
 * the right amount after a pause; the marker bit starts each talkspurt, i.e. the first packet after
 * packets stopped (RFC 3551 §4.1).
 * DTMF to send (RFC 4733) takes the place of audio while it lasts.
 */
import type { DtmfSender } from './dtmf-sender.js';
import type { FrameStream } from './frame-scheduler.js';
import { type G711Codec, samplesPerFrame, silenceByte } from './g711.js';
import type { PromptAudio } from './prompt-audio.js';
import type { RtpSender } from './rtp-sender.js';

export type IdleAudio = 'silence' | 'none';

export type PlaybackEnd = 'completed' | 'stopped';

export interface PlaybackResult {
  endedBy: PlaybackEnd;
  /** Audio sent before the end (ms). */
  playedMs: number;
}

/** What the player sends through and how (the call's negotiated stream). */
export interface PlayerOutput {
  readonly sender: RtpSender;
  readonly canTransmit: boolean;
  readonly codec: G711Codec;
  readonly payloadType: number;
  readonly telephoneEventPayloadType: number | null;
}

interface Request {
  prompts: PromptAudio[];
  prompt: number;
  frame: number;
  framesSent: number;
  settle: (result: PlaybackResult) => void;
}

export class Player implements FrameStream {
  private readonly queue: Request[] = [];
  private talking = false;
  private silence: Buffer | undefined;
  private frameStart = 0;
  private silenceCodec: G711Codec | undefined;

  constructor(
    private readonly output: PlayerOutput,
    private readonly dtmf: DtmfSender,
    private readonly idle: IdleAudio,
  ) {}

  /** Queues prompts after whatever plays; resolves when the last frame was sent or it was stopped. */
  play(prompts: PromptAudio[]): { done: Promise<PlaybackResult>; stop: () => void } {
    let request!: Request;
    const done = new Promise<PlaybackResult>((resolve) => {
      request = { prompts, prompt: 0, frame: 0, framesSent: 0, settle: resolve };
    });
    this.queue.push(request);
    return { done, stop: () => this.remove(request, 'stopped') };
  }

  /** Stops what plays and everything queued (barge-in). */
  stopAll(): void {
    for (const r of [...this.queue]) this.remove(r, 'stopped');
  }

  get playing(): boolean {
    return this.queue.length > 0;
  }

  /** The packet stream paused (bridged, or no frames): the next packet starts a talkspurt. */
  interrupt(): void {
    this.talking = false;
  }

  onFrame(due: number): void {
    const out = this.output;
    const timestamp = out.sender.timestampAt(due);
    const te = out.telephoneEventPayloadType;
    const event = te === null || !this.dtmf.busy ? undefined : this.dtmf.nextFrame(timestamp);
    if (event) {
      this.talking = out.sender.send(te!, event.payload, event.marker, event.timestamp);
      return;
    }
    let frames = this.nextAudio();
    let start = this.frameStart;
    if (!frames && this.idle === 'silence') {
      frames = this.silenceFrame();
      start = 0;
    }
    if (!frames) {
      this.talking = false;
      return;
    }
    this.talking = out.sender.send(
      out.payloadType,
      frames,
      !this.talking,
      timestamp,
      start,
      start + samplesPerFrame,
    );
  }

  /** The encoded prompt holding the next frame (which starts at frameStart), if any plays. */
  private nextAudio(): Buffer | undefined {
    for (let r = this.queue[0]; r; r = this.queue[0]) {
      const prompt = r.prompts[r.prompt];
      if (prompt && r.frame < prompt.frameCount) {
        const frames = prompt.frames(this.output.codec);
        this.frameStart = r.frame++ * samplesPerFrame;
        r.framesSent++;
        if (r.frame === prompt.frameCount && r.prompt === r.prompts.length - 1) this.remove(r, 'completed');
        return frames;
      }
      if (prompt) {
        r.prompt++;
        r.frame = 0;
      } else {
        this.remove(r, 'completed');
      }
    }
    return undefined;
  }

  private silenceFrame(): Buffer {
    if (!this.silence || this.silenceCodec !== this.output.codec) {
      this.silenceCodec = this.output.codec;
      this.silence = Buffer.alloc(samplesPerFrame, silenceByte[this.silenceCodec]);
    }
    return this.silence;
  }

  private remove(request: Request, endedBy: PlaybackEnd): void {
    const i = this.queue.indexOf(request);
    if (i < 0) return;
    this.queue.splice(i, 1);
    request.settle({ endedBy, playedMs: request.framesSent * 20 });
  }
}
