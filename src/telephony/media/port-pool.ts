/**
 * The RTP ports of a range, handed out one per call. RTP takes even ports and leaves port + 1 to
 * RTCP (RFC 3550 §11); we do not open the RTCP port, but keep it out of the pool. Ports come back
 * first in, first out, so a port just freed is the last to be reused and late packets of an ended
 * call rarely reach a new one.
 */
import { mediaErrors } from './errors.js';

export interface PortRange {
  /** First port of the range (inclusive). */
  min: number;
  /** Last port of the range (inclusive). */
  max: number;
}

export interface PortPoolStats {
  /** Ports the range holds. */
  size: number;
  inUse: number;
  free: number;
  /** Most ports ever in use at once. */
  highWater: number;
  acquired: number;
  released: number;
  /** release() of a port that was not in use (a bug in the caller; the port is not freed twice). */
  strayReleases: number;
}

export class RtpPortPool {
  private readonly ring: Uint16Array;
  private head = 0;
  private count: number;
  private readonly inUse = new Set<number>();
  private highWater = 0;
  private acquired = 0;
  private released = 0;
  private strayReleases = 0;

  constructor(range: PortRange) {
    const { min, max } = range;
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1024 || max > 65535 || max < min)
      throw new RangeError(`RTP port range ${min}-${max} must be integers within 1024-65535, min ≤ max`);
    const first = min % 2 === 0 ? min : min + 1;
    const size = Math.max(0, Math.floor((max - first + 1) / 2));
    if (size === 0)
      throw new RangeError(`RTP port range ${min}-${max} holds no even port with its RTCP port`);
    this.ring = new Uint16Array(size);
    for (let i = 0; i < size; i++) this.ring[i] = first + 2 * i;
    this.count = size;
  }

  /** Takes a free port; throws MediaPortsExhausted when none is left. */
  acquire(): number {
    if (this.count === 0)
      throw mediaErrors.MediaPortsExhausted(`all ${this.ring.length} RTP ports are in use`, {
        details: { size: this.ring.length },
      });
    const port = this.ring[this.head]!;
    this.head = (this.head + 1) % this.ring.length;
    this.count--;
    this.inUse.add(port);
    this.acquired++;
    this.highWater = Math.max(this.highWater, this.inUse.size);
    return port;
  }

  /** Gives a port back; returns false (and counts it) when it was not in use. */
  release(port: number): boolean {
    if (!this.inUse.delete(port)) {
      this.strayReleases++;
      return false;
    }
    this.ring[(this.head + this.count) % this.ring.length] = port;
    this.count++;
    this.released++;
    return true;
  }

  stats(): PortPoolStats {
    return {
      size: this.ring.length,
      inUse: this.inUse.size,
      free: this.count,
      highWater: this.highWater,
      acquired: this.acquired,
      released: this.released,
      strayReleases: this.strayReleases,
    };
  }
}
