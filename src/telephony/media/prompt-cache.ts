/**
 * Prompt files (WAV, any common format) made ready for calls: converted once by normaliseWav to
 * 8 kHz mono PCM16, kept on disk under the cache folder (keyed by the file's path, size and
 * modification time, so an edited file is converted again) and in memory. Concurrent loads of one
 * file share one conversion.
 */
import { createHash } from 'node:crypto';
import { type Stats, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AudioLru } from './audio-lru.js';
import type { DiskAudioCache } from './disk-audio-cache.js';
import { mediaErrors } from './errors.js';
import { AudioFormatError, normaliseWav } from './normalise-wav.js';
import { PromptAudio } from './prompt-audio.js';
import { SingleFlight } from './single-flight.js';

export interface PromptCacheStats {
  memoryHits: number;
  diskHits: number;
  conversions: number;
}

export class PromptFileCache {
  private readonly flight = new SingleFlight<PromptAudio>();
  private memoryHits = 0;
  private diskHits = 0;
  private conversions = 0;

  constructor(
    private readonly disk: DiskAudioCache,
    private readonly memory: AudioLru,
  ) {}

  /** The audio of a WAV file; throws MediaPromptUnreadable when it is missing or not convertible. */
  async load(path: string): Promise<PromptAudio> {
    const absolute = resolve(path);
    // Every play asks, so this is on the call path: a synchronous stat of a file in the data folder
    // (its inode cached) costs a tenth of fs.promises.stat's round trip through the thread pool.
    let info: Stats;
    try {
      info = statSync(absolute);
    } catch (cause) {
      throw mediaErrors.MediaPromptUnreadable(`prompt file ${absolute} cannot be read`, { cause });
    }
    const key = createHash('sha256').update(`file\0${absolute}\0${info.size}\0${info.mtimeMs}`).digest('hex');
    const cached = this.memory.get(key);
    if (cached) {
      this.memoryHits++;
      return cached;
    }
    return this.flight.run(key, async () => {
      const audio = (await this.fromDisk(key)) ?? (await this.convert(key, absolute));
      this.memory.set(key, audio);
      return audio;
    });
  }

  stats(): PromptCacheStats {
    return { memoryHits: this.memoryHits, diskHits: this.diskHits, conversions: this.conversions };
  }

  private async fromDisk(key: string): Promise<PromptAudio | undefined> {
    const audio = await this.disk.read(key);
    if (audio) this.diskHits++;
    return audio;
  }

  private async convert(key: string, path: string): Promise<PromptAudio> {
    const bytes = await readFile(path).catch((cause: unknown) => {
      throw mediaErrors.MediaPromptUnreadable(`prompt file ${path} cannot be read`, { cause });
    });
    let normalised: ReturnType<typeof normaliseWav>;
    try {
      normalised = normaliseWav(bytes);
    } catch (cause) {
      if (!(cause instanceof AudioFormatError)) throw cause;
      throw mediaErrors.MediaPromptUnreadable(`prompt file ${path}: ${cause.message}`, { cause });
    }
    this.conversions++;
    await this.disk.write(key, normalised.wav);
    return new PromptAudio(normalised.samples);
  }
}
