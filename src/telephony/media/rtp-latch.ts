/**
 * Symmetric RTP with a strict latch (RFC 4961 symmetric RTP; the "learning" used behind NATs,
 * RFC 7362 §4.1). We send to the address the SDP signalled until the peer's media shows where it
 * really is:
 * - a packet from the signalled address confirms it, and from then on only that source is heard;
 * - when nothing came from the signalled address yet (the peer is behind a NAT and wrote its private
 *   address), one source that sends `probationPackets` consecutive, in-sequence packets of one SSRC
 *   is latched: we send there and hear only it;
 * - every other packet is a stray: dropped (the caller counts it), never followed.
 * The lock holds until the SDP names a different address (a re-INVITE), which starts over.
 * Known limit, shared by every latching media server: before the peer's first packet, a third
 * party that guesses the port and sends a valid burst first can take the latch.
 */

export interface RtpEndpoint {
  readonly address: string;
  readonly port: number;
}

export type LatchMode = 'strict' | 'signalled-only';

export interface LatchOptions {
  /** strict: learn the source behind a NAT; signalled-only: hear only the SDP address. */
  mode: LatchMode;
  /** Consecutive in-sequence packets of one SSRC before a new source is latched (≥ 2). */
  probationPackets: number;
}

export type LatchState = 'learning' | 'confirmed' | 'latched';

interface Candidate {
  address: string;
  port: number;
  ssrc: number;
  sequence: number;
  count: number;
}

export class SymmetricRtpLatch {
  private signalled: RtpEndpoint | null;
  private locked: RtpEndpoint | null = null;
  private candidate: Candidate | null = null;
  private latchedState: LatchState = 'learning';

  constructor(
    signalled: RtpEndpoint | null,
    private readonly options: LatchOptions,
  ) {
    if (!Number.isInteger(options.probationPackets) || options.probationPackets < 2)
      throw new RangeError('probationPackets must be an integer of at least 2');
    this.signalled = signalled;
  }

  /** Where our packets go: the latched source, else the signalled address (null: nowhere known). */
  get target(): RtpEndpoint | null {
    return this.locked ?? this.signalled;
  }

  get state(): LatchState {
    return this.latchedState;
  }

  /** Whether a packet from this source is the peer's media; may lock the latch as a side effect. */
  admit(address: string, port: number, ssrc: number, sequence: number): boolean {
    if (this.locked) return this.locked.port === port && this.locked.address === address;
    if (this.signalled && this.signalled.port === port && this.signalled.address === address) {
      this.lock(this.signalled, 'confirmed');
      return true;
    }
    if (this.options.mode !== 'strict') return false;
    const c = this.candidate;
    if (
      c &&
      c.address === address &&
      c.port === port &&
      c.ssrc === ssrc &&
      sequence === ((c.sequence + 1) & 0xffff)
    ) {
      c.sequence = sequence;
      c.count++;
    } else {
      this.candidate = { address, port, ssrc, sequence, count: 1 };
    }
    if ((this.candidate?.count ?? 0) < this.options.probationPackets) return false;
    this.lock({ address, port }, 'latched');
    return true;
  }

  /** A new SDP address (re-INVITE): the same address keeps the lock, another one starts over. */
  resignal(signalled: RtpEndpoint | null): void {
    const same = signalled?.address === this.signalled?.address && signalled?.port === this.signalled?.port;
    this.signalled = signalled;
    if (same) return;
    this.locked = null;
    this.candidate = null;
    this.latchedState = 'learning';
  }

  private lock(source: RtpEndpoint, state: LatchState): void {
    this.locked = { address: source.address, port: source.port };
    this.candidate = null;
    this.latchedState = state;
  }
}
