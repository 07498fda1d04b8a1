/**
 * G.711 (ITU-T G.711; RTP payload types 0 = PCMU, 8 = PCMA, RFC 3551 §4.5.14) by table look-up.
 * The tables are filled once, on first use, from alawmulaw's sample codecs, so every frame after
 * that costs one array read per sample and never allocates unless asked to.
 */
import alawmulaw from 'alawmulaw';

export type G711Codec = 'PCMU' | 'PCMA';

/** Static payload type of each codec (RFC 3551 §6, table 4). */
export const staticPayloadType: Readonly<Record<G711Codec, number>> = { PCMU: 0, PCMA: 8 };

/** 8,000 samples a second: one 20 ms frame is 160 samples, and 160 bytes once encoded. */
export const sampleRate = 8000;
export const frameMs = 20;
export const samplesPerFrame = (sampleRate * frameMs) / 1000;

/** The byte each codec uses for digital silence (PCM 0). */
export const silenceByte: Readonly<Record<G711Codec, number>> = { PCMU: 0xff, PCMA: 0xd5 };

interface Tables {
  decode: Int16Array; // 256 entries
  encode: Uint8Array; // 65,536 entries, indexed by the sample's 16 bits
}

const tables = new Map<G711Codec, Tables>();
let muToA: Uint8Array | undefined;
let aToMu: Uint8Array | undefined;

function tablesFor(codec: G711Codec): Tables {
  let t = tables.get(codec);
  if (t) return t;
  const law = codec === 'PCMU' ? alawmulaw.mulaw : alawmulaw.alaw;
  const decode = new Int16Array(256);
  for (let i = 0; i < 256; i++) decode[i] = law.decodeSample(i);
  const encode = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) encode[i] = law.encodeSample(i >= 32768 ? i - 65536 : i);
  t = { decode, encode };
  tables.set(codec, t);
  return t;
}

/** Encodes PCM16 samples; writes into `out` when given (it must be as long as `pcm`). */
export function encodeG711(
  codec: G711Codec,
  pcm: Int16Array,
  out: Uint8Array = new Uint8Array(pcm.length),
): Uint8Array {
  const table = tablesFor(codec).encode;
  for (let i = 0; i < pcm.length; i++) out[i] = table[pcm[i]! & 0xffff]!;
  return out;
}

/** Decodes G.711 bytes to PCM16; writes into `out` when given (it must be as long as `bytes`). */
export function decodeG711(
  codec: G711Codec,
  bytes: Uint8Array,
  out: Int16Array = new Int16Array(bytes.length),
): Int16Array {
  const table = tablesFor(codec).decode;
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]!]!;
  return out;
}

/**
 * Converts G.711 bytes between the two laws through their PCM values (what G.711 Appendix calls
 * μ-law ↔ A-law conversion), for a bridge whose legs chose different codecs. Returns a new buffer.
 */
export function transcodeG711(from: G711Codec, to: G711Codec, bytes: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(bytes.length);
  if (from === to) {
    out.set(bytes);
    return out;
  }
  if (from === 'PCMU') muToA ??= crossTable('PCMU', 'PCMA');
  else aToMu ??= crossTable('PCMA', 'PCMU');
  const table = from === 'PCMU' ? muToA! : aToMu!;
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]!]!;
  return out;
}

function crossTable(from: G711Codec, to: G711Codec): Uint8Array {
  const decode = tablesFor(from).decode;
  const encode = tablesFor(to).encode;
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) t[i] = encode[decode[i]! & 0xffff]!;
  return t;
}

/** Root mean square of PCM16 samples (0 for none): a cheap loudness measure. */
export function rms(pcm: Int16Array, start = 0, end = pcm.length): number {
  if (end <= start) return 0;
  let sum = 0;
  for (let i = start; i < end; i++) sum += pcm[i]! * pcm[i]!;
  return Math.sqrt(sum / (end - start));
}
