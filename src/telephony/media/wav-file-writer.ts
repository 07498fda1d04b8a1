/**
 * Writes a WAV file (RIFF, PCM 16-bit, 8 kHz) as audio arrives: samples are buffered and appended
 * about once a second, to `<path>.part`; close() fills in the RIFF and data sizes and renames the
 * file to `path`, so a file under its final name is always complete.
 * One write is in flight at a time, and it takes everything buffered when it starts: a write
 * that comes back late (a busy event loop, a slow disk) is followed by one larger write, not by a
 * queue of one-second writes that a thousand recordings could never catch up with.
 */
import { type FileHandle, mkdir, open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

const headerBytes = 44;
const flushBytes = 32_768;

export class WavFileWriter {
  /** Resolves once the file is open; rejects when it cannot be created. */
  readonly opened: Promise<void>;
  private handle: FileHandle | undefined;
  private readonly partPath: string;
  /** Samples appended since the last flush. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Flushed and waiting for the write in flight to end. */
  private unwritten: Buffer[] = [];
  private unwrittenBytes = 0;
  /** Bytes handed to a write (their place in the file is taken). */
  private written = 0;
  private draining: Promise<void> | undefined;
  private failure: unknown;

  /** Starts creating the file at once; audio appended meanwhile waits for it. */
  constructor(
    readonly path: string,
    readonly channels: 1 | 2,
    readonly sampleRate = 8000,
  ) {
    this.partPath = `${path}.part`;
    this.opened = this.open();
    this.opened.catch((err: unknown) => {
      this.failure = err; // reported by close()
    });
  }

  private async open(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    this.handle = await open(this.partPath, 'w');
    await this.handle.write(Buffer.alloc(headerBytes), 0, headerBytes, 0);
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
    return this.written + this.unwrittenBytes + this.pendingBytes;
  }

  /** Finishes the file; returns its size in bytes. */
  async close(): Promise<number> {
    this.flush();
    await this.opened.catch(() => undefined);
    while (this.draining) await this.draining;
    const handle = this.handle;
    try {
      if (this.failure || !handle) throw this.failure;
      await handle.write(this.header(), 0, headerBytes, 0);
    } finally {
      await handle?.close();
    }
    await rename(this.partPath, this.path);
    return headerBytes + this.written;
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    for (const b of this.pending) this.unwritten.push(b);
    this.unwrittenBytes += this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.draining ??= this.drain();
  }

  /** Writes what was flushed, in as few writes as it takes to catch up; one drain at a time. */
  private async drain(): Promise<void> {
    try {
      await this.opened;
      while (this.unwrittenBytes > 0) {
        const chunk = Buffer.concat(this.unwritten, this.unwrittenBytes);
        const at = headerBytes + this.written;
        this.written += chunk.length;
        this.unwritten = [];
        this.unwrittenBytes = 0;
        if (this.failure || !this.handle) continue;
        try {
          await this.handle.write(chunk, 0, chunk.length, at);
        } catch (err) {
          this.failure = err; // reported by close()
        }
      }
    } catch {
      // The file could not be created: `opened` rejected and close() reports it.
      this.written += this.unwrittenBytes;
      this.unwritten = [];
      this.unwrittenBytes = 0;
    } finally {
      this.draining = undefined;
    }
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
