/**
 * Converted audio kept on disk between runs: one 8 kHz mono 16-bit WAV per key (a hash), written
 * to a temporary name and renamed, so a reader never sees half a file. A file that does not read
 * back is removed and made again.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaLogger } from './logger.js';
import { normaliseWav } from './normalise-wav.js';
import { PromptAudio } from './prompt-audio.js';

export class DiskAudioCache {
  private ready: Promise<unknown> | undefined;

  constructor(
    private readonly dir: string,
    private readonly logger: MediaLogger,
  ) {}

  pathOf(key: string): string {
    return join(this.dir, `${key}.wav`);
  }

  /** The cached audio, or undefined when there is none (or it was unreadable). */
  async read(key: string): Promise<PromptAudio | undefined> {
    const path = this.pathOf(key);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      return new PromptAudio(normaliseWav(bytes).samples);
    } catch (err) {
      this.logger.warn({ err, path }, 'unreadable file in the audio cache; making it again');
    }
    await rm(path, { force: true });
    return undefined;
  }

  /** Stores an 8 kHz mono 16-bit WAV file (normaliseWav's output). */
  async write(key: string, wav: Buffer): Promise<void> {
    this.ready ??= mkdir(this.dir, { recursive: true });
    await this.ready;
    const tmp = join(this.dir, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(tmp, wav);
    await rename(tmp, this.pathOf(key));
  }
}
