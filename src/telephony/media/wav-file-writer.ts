/**
 * Writes a WAV file (RIFF, PCM 16-bit, 8 kHz) as audio arrives: samples are buffered and appended
 * about once a second, to `<path>.part`; close() fills in the RIFF and data sizes and renames the
 * file to `path`, so a file under its final name is always complete.
 */
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

const headerBytes = 44;
const flushBytes = 32_768;

export class WavFileWriter {
  private handle: FileHandle | undefined;
  private readonly partPath: string;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;

  private constructor(
    readonly path: string,
    readonly channels: 1 | 2,
    readonly sampleRate: number,
  ) {
    this.partPath = `${path}.part`;
  }

  static async create(path: string, channels: 1 | 2, sampleRate = 8000): Promise<WavFileWriter> {
    const w = new WavFileWriter(path, channels, sampleRate);
    await mkdir(dirname(path), { recursive: true });
    w.handle = await open(w.partPath, 'w');
    await w.handle.write(Buffer.alloc(headerBytes), 0, headerBytes, 0);
    return w;
  }

  /** Appends interleaved samples (frames × channels). */
  append(samples: Int16Array): void {
    if (samples.length === 0) return;
    const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
    this.pending.push(Buffer.from(bytes)); // a copy: the caller may reuse its array
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= flushBytes) this.flush();
  }

  /** Bytes of audio so far (without the header). */
  get dataBytes(): number {
    return this.written + this.pendingBytes;
  }

  /** Finishes the file; returns its size in bytes. */
  async close(): Promise<number> {
    this.flush();
    await this.chain;
    const handle = this.handle!;
    try {
      if (this.failure) throw this.failure;
      await handle.write(this.header(), 0, headerBytes, 0);
    } finally {
      await handle.close();
    }
    await rename(this.partPath, this.path);
    return headerBytes + this.written;
  }

  /** Gives up the file (removes the partial one). */
  async discard(): Promise<void> {
    await this.chain;
    await this.handle?.close();
    await rm(this.partPath, { force: true });
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const chunk = Buffer.concat(this.pending, this.pendingBytes);
    const at = headerBytes + this.written;
    this.written += chunk.length;
    this.pending = [];
    this.pendingBytes = 0;
    this.chain = this.chain.then(async () => {
      if (this.failure) return;
      try {
        await this.handle!.write(chunk, 0, chunk.length, at);
      } catch (err) {
        this.failure = err; // reported by close()
      }
    });
  }

  /** The canonical 44-byte header (RIFF/WAVE, "fmt " PCM, "data"). */
  private header(): Buffer {
    const h = Buffer.alloc(headerBytes);
    const blockAlign = this.channels * 2;
    h.write('RIFF', 0, 'ascii');
    h.writeUInt32LE(36 + this.written, 4);
    h.write('WAVE', 8, 'ascii');
    h.write('fmt ', 12, 'ascii');
    h.writeUInt32LE(16, 16);
    h.writeUInt16LE(1, 20);
    h.writeUInt16LE(this.channels, 22);
    h.writeUInt32LE(this.sampleRate, 24);
    h.writeUInt32LE(this.sampleRate * blockAlign, 28);
    h.writeUInt16LE(blockAlign, 32);
    h.writeUInt16LE(16, 34);
    h.write('data', 36, 'ascii');
    h.writeUInt32LE(this.written, 40);
    return h;
  }
}
