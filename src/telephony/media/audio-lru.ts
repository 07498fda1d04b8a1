/**
 * The in-memory cache of prompt audio, shared by files and TTS: least recently used first out once
 * the audio held passes a byte bound. Each entry is counted at its full size (PCM plus both G.711
 * encodings), whether or not they were made yet.
 */
import type { PromptAudio } from './prompt-audio.js';

export interface AudioLruStats {
  entries: number;
  bytes: number;
  maxBytes: number;
}

export class AudioLru {
  private readonly entries = new Map<string, PromptAudio>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): PromptAudio | undefined {
    const audio = this.entries.get(key);
    if (audio) {
      // A Map keeps insertion order: re-inserting marks the entry as the most recently used.
      this.entries.delete(key);
      this.entries.set(key, audio);
    }
    return audio;
  }

  set(key: string, audio: PromptAudio): void {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= sizeOf(old);
    }
    this.entries.set(key, audio);
    this.bytes += sizeOf(audio);
    for (const [k, a] of this.entries) {
      if (this.bytes <= this.maxBytes || this.entries.size === 1) break;
      this.entries.delete(k);
      this.bytes -= sizeOf(a);
    }
  }

  stats(): AudioLruStats {
    return { entries: this.entries.size, bytes: this.bytes, maxBytes: this.maxBytes };
  }
}

function sizeOf(audio: PromptAudio): number {
  return audio.samples.byteLength * 2;
}
