/** The log of one invocation, kept up to a byte limit (the rest is counted as truncated). */
export class InvocationLog {
  private readonly parts: string[] = [];
  private bytes = 0;
  truncated = false;

  constructor(private readonly limitBytes: number) {}

  append(text: string | Buffer): void {
    const size = typeof text === 'string' ? Buffer.byteLength(text) : text.length;
    const room = this.limitBytes - this.bytes;
    if (size <= room) {
      this.parts.push(text.toString());
      this.bytes += size;
      return;
    }
    this.truncated = true;
    if (room <= 0) return;
    // May cut a multi-byte character in two: it becomes U+FFFD, which is fine at a cut.
    this.parts.push(Buffer.from(text).subarray(0, room).toString());
    this.bytes = this.limitBytes;
  }

  /** Moves everything logged here into another log (e.g. output between invocations). */
  moveTo(other: InvocationLog): void {
    for (const part of this.parts) other.append(part);
    other.truncated ||= this.truncated;
    this.parts.length = 0;
    this.bytes = 0;
    this.truncated = false;
  }

  get empty(): boolean {
    return this.bytes === 0 && !this.truncated;
  }

  text(): string {
    return this.parts.join('');
  }
}
