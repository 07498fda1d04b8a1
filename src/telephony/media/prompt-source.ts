/**
 * What a call can be asked to play, and how each kind becomes audio: a WAV file (converted and
 * cached), a text (espeak-ng, cached), a tone (the voicemail beep), silence, or audio already loaded.
 */

import { PromptAudio } from './prompt-audio.js';
import type { PromptFileCache } from './prompt-cache.js';
import type { EspeakTts } from './tts.js';

export type PromptSource =
  | { kind: 'file'; path: string }
  | { kind: 'tts'; text: string; language: string; voice?: string | undefined }
  | { kind: 'tone'; frequencyHz: number; durationMs: number }
  | { kind: 'silence'; durationMs: number }
  | { kind: 'audio'; audio: PromptAudio };

const maxGeneratedMs = 60_000;

export class PromptResolver {
  constructor(
    private readonly files: PromptFileCache,
    private readonly tts: EspeakTts,
  ) {}

  /** The audio of a source (its durationMs says how long it plays). */
  async resolve(source: PromptSource): Promise<PromptAudio> {
    switch (source.kind) {
      case 'file':
        return this.files.load(source.path);
      case 'tts':
        return this.tts.speak(source.text, source.language, source.voice);
      case 'tone':
        return PromptAudio.tone(source.frequencyHz, bounded(source.durationMs));
      case 'silence':
        return PromptAudio.silence(bounded(source.durationMs));
      case 'audio':
        return source.audio;
    }
  }
}

function bounded(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0 || ms > maxGeneratedMs)
    throw new RangeError(`a generated prompt lasts 0 to ${maxGeneratedMs} ms, not ${ms}`);
  return ms;
}
