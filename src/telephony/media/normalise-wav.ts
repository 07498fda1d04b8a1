import alawmulaw from 'alawmulaw';
import wavefile from 'wavefile';

const { WaveFile } = wavefile;

/** Telephony audio: 8 kHz, mono, 16-bit linear PCM (converted to G.711 per call). */
export const telephonyRate = 8000;

export interface NormalisedAudio {
  /** A WAV file, 8 kHz mono 16-bit PCM. */
  wav: Buffer;
  samples: Int16Array;
  durationMs: number;
  /** What was uploaded, e.g. "44100 Hz, 2 channels, 16-bit". */
  sourceFormat: string;
}

export class AudioFormatError extends Error {}

const maxSeconds = 600;

/**
 * Reads a WAV file of any common rate, channel count and sample format (PCM 8–32 bit, float,
 * A-law, μ-law) and converts it once for telephony: channels mixed down, resampled to 8 kHz.
 */
export function normaliseWav(input: Uint8Array): NormalisedAudio {
  const wav = new WaveFile();
  try {
    wav.fromBuffer(input);
  } catch (cause) {
    throw new AudioFormatError(`not a WAV file Hotline can read: ${(cause as Error).message}`);
  }
  const fmt = wav.fmt as {
    numChannels: number;
    sampleRate: number;
    bitsPerSample: number;
    audioFormat: number;
  };
  if (!fmt.numChannels || !fmt.sampleRate) throw new AudioFormatError('the WAV file has no format chunk');
  const sourceFormat = `${fmt.sampleRate} Hz, ${fmt.numChannels} channel(s), ${describeEncoding(fmt.audioFormat, fmt.bitsPerSample)}`;
  const frames = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
  const channels = Array.isArray(frames) ? frames : [frames];
  const length = channels[0]?.length ?? 0;
  if (length === 0) throw new AudioFormatError('the WAV file holds no audio');
  if (length / fmt.sampleRate > maxSeconds)
    throw new AudioFormatError(`prompts are limited to ${maxSeconds} seconds`);

  // Decode to floats in [-1, 1] whatever the source encoding, mixing channels down.
  const decode = decoderFor(fmt.audioFormat, fmt.bitsPerSample);
  const mono = new Float64Array(length);
  for (const ch of channels) {
    const decoded = decode(ch);
    for (let i = 0; i < length; i++) mono[i]! += decoded[i]! / channels.length;
  }

  const resampled = resample(mono, fmt.sampleRate, telephonyRate);
  const samples = new Int16Array(resampled.length);
  for (let i = 0; i < resampled.length; i++)
    samples[i] = Math.max(-32768, Math.min(32767, Math.round(resampled[i]! * 32767)));
  const out = new WaveFile();
  out.fromScratch(1, telephonyRate, '16', samples);
  return {
    wav: Buffer.from(out.toBuffer()),
    samples,
    durationMs: Math.round((samples.length / telephonyRate) * 1000),
    sourceFormat,
  };
}

function describeEncoding(audioFormat: number, bits: number): string {
  if (audioFormat === 3) return `${bits}-bit float`;
  if (audioFormat === 6) return 'A-law';
  if (audioFormat === 7) return 'μ-law';
  return `${bits}-bit PCM`;
}

/** Turns getSamples() values of one channel into floats in [-1, 1]. */
function decoderFor(audioFormat: number, bits: number): (raw: Float64Array) => Float64Array {
  if (audioFormat === 3) return (raw) => raw;
  if (audioFormat === 6 || audioFormat === 7) {
    // wavefile hands G.711 back as its 8-bit codes.
    const codec = audioFormat === 6 ? alawmulaw.alaw : alawmulaw.mulaw;
    return (raw) => Float64Array.from(codec.decode(Uint8Array.from(raw)), (v) => v / 32768);
  }
  if (bits === 8) return (raw) => raw.map((v) => (v - 128) / 128); // 8-bit PCM is unsigned
  const scale = 2 ** (bits - 1);
  return (raw) => raw.map((v) => v / scale);
}

/** Band-limited resampling: a windowed-sinc low-pass, then linear interpolation at the new rate. */
function resample(input: Float64Array, from: number, to: number): Float64Array {
  if (from === to) return input;
  const filtered = to < from ? lowPass(input, (to / from) * 0.45) : input;
  const ratio = from / to;
  const out = new Float64Array(Math.floor(input.length / ratio));
  for (let i = 0; i < out.length; i++) {
    const pos = i * ratio;
    const j = Math.floor(pos);
    const frac = pos - j;
    const a = filtered[j] ?? 0;
    const b = filtered[j + 1] ?? a;
    out[i] = a + (b - a) * frac;
  }
  return out;
}

function lowPass(input: Float64Array, cutoff: number): Float64Array {
  const taps = 63;
  const half = (taps - 1) / 2;
  const kernel = new Float64Array(taps);
  let sum = 0;
  for (let n = 0; n < taps; n++) {
    const x = n - half;
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
    const window = 0.54 - 0.46 * Math.cos((2 * Math.PI * n) / (taps - 1));
    kernel[n] = sinc * window;
    sum += kernel[n]!;
  }
  for (let n = 0; n < taps; n++) kernel[n]! /= sum;
  const out = new Float64Array(input.length);
  for (let i = 0; i < input.length; i++) {
    let acc = 0;
    for (let n = 0; n < taps; n++) acc += (input[i + n - half] ?? 0) * kernel[n]!;
    out[i] = acc;
  }
  return out;
}
