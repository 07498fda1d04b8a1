/**
 * Audio ready to play on a call: 8 kHz mono PCM16, with its G.711 encodings made once, on first
 * use, and kept (so a prompt played on a thousand calls is encoded once per codec). The encoded
 * audio is padded with silence to whole 20 ms frames.
 */
import { encodeG711, type G711Codec, sampleRate, samplesPerFrame, silenceByte } from './g711.js';

export class PromptAudio {
  readonly durationMs: number;
  readonly frameCount: number;
  private readonly encoded = new Map<G711Codec, Buffer>();

  constructor(readonly samples: Int16Array) {
    this.durationMs = Math.round((samples.length / sampleRate) * 1000);
    this.frameCount = Math.ceil(samples.length / samplesPerFrame);
  }

  /** The whole prompt in one codec: frameCount × 160 bytes; frame i is bytes [160 i, 160 (i+1)). */
  frames(codec: G711Codec): Buffer {
    let out = this.encoded.get(codec);
    if (!out) {
      out = Buffer.alloc(this.frameCount * samplesPerFrame, silenceByte[codec]);
      encodeG711(codec, this.samples, new Uint8Array(out.buffer, out.byteOffset, this.samples.length));
      this.encoded.set(codec, out);
    }
    return out;
  }

  /** Bytes held: the PCM and every encoding made so far (for the cache's memory bound). */
  get bytes(): number {
    let n = this.samples.byteLength;
    for (const b of this.encoded.values()) n += b.length;
    return n;
  }

  static silence(ms: number): PromptAudio {
    return new PromptAudio(new Int16Array(Math.round((ms * sampleRate) / 1000)));
  }

  /** A sine tone, e.g. the beep before a voicemail (1 kHz, 300 ms, about −10 dBFS). */
  static tone(frequencyHz: number, ms: number, amplitude = 10_000): PromptAudio {
    const n = Math.round((ms * sampleRate) / 1000);
    const samples = new Int16Array(n);
    for (let i = 0; i < n; i++)
      samples[i] = Math.round(Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate) * amplitude);
    return new PromptAudio(samples);
  }
}
