import { join } from 'node:path';
import type { SystemVariables } from '../../ivr/names.js';
import type {
  AgentTransfer,
  CallChannel,
  CollectOptions,
  CollectResult,
  NumberTransfer,
  PlayOptions,
  PlayResult,
  PromptSpec,
  SkillGroupTransfer,
  TransferOutcome,
  VoicemailOutcome,
  VoicemailRequest,
} from '../../ivr/ports.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import type { MediaSession } from '../media/media-session.js';
import { PromptAudio } from '../media/prompt-audio.js';
import type { PromptSource } from '../media/prompt-source.js';
import type { CallSignalling } from './call-signalling.js';
import { DigitBuffer } from './digit-buffer.js';
import { type PromptLookup, promptSourceFor } from './prompt-resolver.js';

/**
 * Music on hold when a flow names no hold prompt: a slow, soft arpeggio with rests. Rendered once
 * here, not per queued call.
 */
const REST = PromptAudio.silence(150);
export const HOLD_MUSIC: PromptSource[] = [523, 659, 784, 659, 587, 698, 880, 698].flatMap((frequencyHz) => [
  { kind: 'audio' as const, audio: PromptAudio.tone(frequencyHz, 350) },
  { kind: 'audio' as const, audio: REST },
]);

/** How transfers are carried out for a real call (the ACD and, with agents' phones, bridging). */
export interface CallTransfers {
  toSkillGroup(request: SkillGroupTransfer, signal: AbortSignal): Promise<TransferOutcome>;
  toAgent(request: AgentTransfer, signal: AbortSignal): Promise<TransferOutcome>;
  toNumber(request: NumberTransfer, signal: AbortSignal): Promise<TransferOutcome>;
}

export interface RecordingInfo {
  id: string;
  kind: 'voicemail';
  mailbox: string;
  file: string;
  durationMs: number;
  voicedMs: number;
}

export interface SipCallChannelDeps {
  system: SystemVariables;
  signalling: CallSignalling;
  media: MediaSession;
  clock: Clock;
  transfers: CallTransfers;
  prompts: { lookup: PromptLookup; promptsDir: string };
  /** Where voicemail recordings go. */
  recordingsDir: string;
}

/**
 * The engine's CallChannel over a real SIP call: prompts and digits through the call's media
 * session, hang-up through its dialog, transfers through the ACD. It knows nothing of flows.
 */
export class SipCallChannel implements CallChannel {
  readonly system: SystemVariables;
  readonly recordings: RecordingInfo[] = [];
  private readonly digits: DigitBuffer;
  private playingWithoutBargeIn = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly deps: SipCallChannelDeps) {
    this.system = deps.system;
    this.digits = new DigitBuffer(deps.clock);
    const onDigit = (digit: string) => {
      // Digits pressed over a prompt that cannot be interrupted are not type-ahead.
      if (!this.playingWithoutBargeIn) this.digits.push(digit);
    };
    this.unsubscribe.push(deps.media.onDigit((e) => onDigit(e.digit)));
    this.unsubscribe.push(
      deps.signalling.onInfoDigit((digit) => {
        deps.media.reportInfoDigit(digit as Parameters<MediaSession['reportInfoDigit']>[0]);
      }),
    );
  }

  get hangupSignal(): AbortSignal {
    return this.deps.signalling.hangupSignal;
  }

  async play(prompt: PromptSpec, options: PlayOptions, signal: AbortSignal): Promise<PlayResult> {
    const source = await promptSourceFor(prompt, {
      instanceId: this.system.InstanceId,
      ...this.deps.prompts,
    });
    this.playingWithoutBargeIn = !options.bargeIn;
    try {
      const result = await this.deps.media.play(source, { signal, stopOnDigit: options.bargeIn });
      return result.endedBy === 'digit' && result.digit !== undefined ? { interruptedBy: result.digit } : {};
    } finally {
      this.playingWithoutBargeIn = false;
    }
  }

  collectDigits(options: CollectOptions, signal: AbortSignal): Promise<CollectResult> {
    return this.digits.collect(options, signal);
  }

  async transferToSkillGroup(request: SkillGroupTransfer, signal: AbortSignal): Promise<TransferOutcome> {
    // The caller hears the hold prompt (looped) while the ACD looks for an agent.
    const hold = new AbortController();
    const both = AbortSignal.any([signal, hold.signal]);
    const music = this.loop(request.holdPrompt, both);
    try {
      return await this.deps.transfers.toSkillGroup(request, signal);
    } finally {
      hold.abort(new Error('transfer ended'));
      await music.catch(() => undefined);
    }
  }

  transferToAgent(request: AgentTransfer, signal: AbortSignal): Promise<TransferOutcome> {
    return this.deps.transfers.toAgent(request, signal);
  }

  transferToNumber(request: NumberTransfer, signal: AbortSignal): Promise<TransferOutcome> {
    return this.deps.transfers.toNumber(request, signal);
  }

  async recordVoicemail(request: VoicemailRequest, signal: AbortSignal): Promise<VoicemailOutcome> {
    if (request.beep)
      await this.deps.media.play({ kind: 'tone', frequencyHz: 1000, durationMs: 400 }, { signal });
    const id = newId('rec');
    const file = join(this.deps.recordingsDir, `${this.system.CallId}-${id}.wav`);
    const result = await this.deps.media.record({
      path: file,
      maxDurationMs: request.maxDurationMs,
      silenceStopMs: 4000,
      noInputTimeoutMs: Math.min(request.maxDurationMs, 8000),
      signal,
    });
    if (result.voicedMs === 0) return { kind: 'empty' };
    this.recordings.push({
      id,
      kind: 'voicemail',
      mailbox: request.mailbox,
      file,
      durationMs: result.durationMs,
      voicedMs: result.voicedMs,
    });
    return { kind: 'recorded', recordingId: id, durationMs: result.durationMs };
  }

  async hangup(reason: string): Promise<void> {
    await this.deps.signalling.hangup(reason);
  }

  /** Releases listeners; the call's media and dialog are closed by whoever opened them. */
  dispose(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** Plays the prompt (music on hold when there is none) again and again until the signal aborts. */
  private async loop(prompt: PromptSpec | undefined, signal: AbortSignal): Promise<void> {
    const source = prompt
      ? await promptSourceFor(prompt, { instanceId: this.system.InstanceId, ...this.deps.prompts })
      : HOLD_MUSIC;
    while (!signal.aborted) await this.deps.media.play(source, { signal });
  }
}
