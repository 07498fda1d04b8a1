/**
 * Text to speech with espeak-ng, spoken once per (voice, text) and kept: on disk under the cache
 * folder (across restarts) and in memory. Concurrent requests for the same text share one
 * synthesis; at most `maxConcurrent` espeak-ng processes run at once. The text goes through stdin,
 * never the command line. espeak-ng missing is MediaTtsUnavailable; a failure, MediaTtsFailed.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commonErrors } from '../../shared/errors.js';
import type { AudioLru } from './audio-lru.js';
import type { DiskAudioCache } from './disk-audio-cache.js';
import { mediaErrors } from './errors.js';
import { normaliseWav } from './normalise-wav.js';
import { PromptAudio } from './prompt-audio.js';
import { Semaphore } from './semaphore.js';
import { SingleFlight } from './single-flight.js';
import { espeakVoiceFor } from './tts-voice.js';

export interface TtsOptions {
  disk: DiskAudioCache;
  memory: AudioLru;
  /** The espeak-ng program (default "espeak-ng" on the PATH). */
  command?: string;
  timeoutMs?: number;
  maxTextLength?: number;
  maxConcurrent?: number;
}

export interface TtsStats {
  /** espeak-ng processes started. */
  syntheses: number;
  memoryHits: number;
  diskHits: number;
  /** Requests that joined a synthesis another request had started. */
  shared: number;
}

/** Bumped when the way audio is made changes, so old cache files are not reused. */
const cacheFormat = 'espeak-ng/1';

export class EspeakTts {
  private readonly flight = new SingleFlight<PromptAudio>();
  private readonly processes: Semaphore;
  private syntheses = 0;
  private memoryHits = 0;
  private diskHits = 0;

  constructor(private readonly options: TtsOptions) {
    this.processes = new Semaphore(options.maxConcurrent ?? 2);
  }

  /** The audio of a text in a language (zh-CN, en-US…) or an explicit espeak-ng voice. */
  async speak(text: string, language: string, voice?: string): Promise<PromptAudio> {
    const spoken = text.trim();
    const maxLength = this.options.maxTextLength ?? 2000;
    if (spoken === '') throw commonErrors.ValidationFailed('there is no text to speak');
    if (spoken.length > maxLength)
      throw commonErrors.ValidationFailed(`texts to speak are limited to ${maxLength} characters`);
    const v = espeakVoiceFor(language, voice);
    const key = createHash('sha256').update(`${cacheFormat}\0${v}\0${spoken}`).digest('hex');
    const cached = this.options.memory.get(key);
    if (cached) {
      this.memoryHits++;
      return cached;
    }
    return this.flight.run(key, async () => {
      let audio = await this.options.disk.read(key);
      if (audio) this.diskHits++;
      else audio = await this.processes.use(() => this.synthesize(key, v, spoken));
      this.options.memory.set(key, audio);
      return audio;
    });
  }

  stats(): TtsStats {
    return {
      syntheses: this.syntheses,
      memoryHits: this.memoryHits,
      diskHits: this.diskHits,
      shared: this.flight.shared,
    };
  }

  private async synthesize(key: string, voice: string, text: string): Promise<PromptAudio> {
    const dir = join(tmpdir(), 'hotline-tts');
    await mkdir(dir, { recursive: true });
    const out = join(dir, `${key.slice(0, 16)}-${randomBytes(6).toString('hex')}.wav`);
    try {
      this.syntheses++;
      await this.runEspeak(voice, text, out);
      const normalised = normaliseWav(await readFile(out));
      await this.options.disk.write(key, normalised.wav);
      return new PromptAudio(normalised.samples);
    } finally {
      await rm(out, { force: true });
    }
  }

  private runEspeak(voice: string, text: string, out: string): Promise<void> {
    const command = this.options.command ?? 'espeak-ng';
    const timeoutMs = this.options.timeoutMs ?? 20_000;
    return new Promise((resolve, reject) => {
      const child = spawn(command, ['-v', voice, '-w', out, '--stdin'], {
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      let stderr = '';
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        if (stderr.length < 2000) stderr += chunk;
      });
      child.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (err.code === 'ENOENT')
          reject(
            mediaErrors.MediaTtsUnavailable(`${command} is not installed (apt-get install espeak-ng)`, {
              cause: err,
            }),
          );
        else
          reject(
            mediaErrors.MediaTtsFailed(`${command} could not be started: ${err.message}`, { cause: err }),
          );
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) return resolve();
        const why = timedOut ? `timed out after ${timeoutMs} ms` : `exited with ${code ?? signal}`;
        reject(mediaErrors.MediaTtsFailed(`${command} -v ${voice} ${why}: ${stderr.trim().slice(0, 500)}`));
      });
      // A failed write shows up as the exit status above; keep its text for the message.
      child.stdin.on('error', (err) => {
        stderr += `\n(stdin: ${err.message})`;
      });
      child.stdin.end(text, 'utf8');
    });
  }
}
