/**
 * Length-prefixed frames between the server and a runner process:
 *
 *   u32 BE length (of everything after it) | u8 kind | u32 BE header length | header | body
 *
 * The header is a small JSON object (possibly empty); the body carries raw bytes (event, result,
 * log text) so the hot path never base64-encodes. The runners (node-runner.mjs, python_runner.py)
 * carry their own copy of this codec.
 */
export interface Frame {
  kind: number;
  header: Buffer;
  body: Buffer;
}

const PREFIX_BYTES = 9;
const EMPTY = Buffer.alloc(0);

export class FrameError extends Error {
  override name = 'FrameError';
}

export function encodeFrame(kind: number, header: string, body: Uint8Array = EMPTY): Buffer {
  const headerBytes = Buffer.byteLength(header);
  const frame = Buffer.allocUnsafe(PREFIX_BYTES + headerBytes + body.length);
  frame.writeUInt32BE(5 + headerBytes + body.length, 0);
  frame[4] = kind;
  frame.writeUInt32BE(headerBytes, 5);
  frame.write(header, PREFIX_BYTES);
  frame.set(body, PREFIX_BYTES + headerBytes);
  return frame;
}

/** Reassembles frames from stream chunks; copies only when a frame spans several chunks. */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Feeds one chunk and returns the frames it completed; throws FrameError on a malformed stream. */
  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    let frameLength = this.nextFrameLength();
    while (frameLength !== undefined && this.buffered >= frameLength) {
      frames.push(parseFrame(this.take(frameLength)));
      frameLength = this.nextFrameLength();
    }
    return frames;
  }

  private nextFrameLength(): number | undefined {
    if (this.buffered < 4) return undefined;
    const first = this.chunks[0]!;
    const length = first.length >= 4 ? first.readUInt32BE(0) : Buffer.concat(this.chunks).readUInt32BE(0);
    if (length < 5 || length > this.maxFrameBytes) {
      throw new FrameError(`frame of ${length} bytes is outside 5..${this.maxFrameBytes}`);
    }
    return 4 + length;
  }

  private take(bytes: number): Buffer {
    const joined = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const rest = joined.subarray(bytes);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return joined.subarray(0, bytes);
  }
}

function parseFrame(frame: Buffer): Frame {
  const headerLength = frame.readUInt32BE(5);
  if (PREFIX_BYTES + headerLength > frame.length) {
    throw new FrameError(`header of ${headerLength} bytes overruns its frame of ${frame.length} bytes`);
  }
  return {
    kind: frame[4]!,
    header: frame.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength),
    body: frame.subarray(PREFIX_BYTES + headerLength),
  };
}
