/**
 * One call's RTP transport: a UDP socket, the symmetric-RTP latch that decides which datagrams are
 * the peer's media and where ours go, reception statistics, and our sending stream. It knows
 * nothing of codecs: accepted packets go to one consumer (the call's media session).
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import type { Clock } from '../../shared/clock.js';
import type { MediaLogger } from './logger.js';
import { type LatchOptions, type LatchState, type RtpEndpoint, SymmetricRtpLatch } from './rtp-latch.js';
import { decodeRtp, type RtpPacket } from './rtp-packet.js';
import { type ReceiveStatsSnapshot, RtpReceiveStats } from './rtp-receive-stats.js';
import { RtpSender, type SendStatsSnapshot } from './rtp-sender.js';

/** Larger datagrams are not G.711 or RFC 4733 media (a 20 ms G.711 packet is 172 bytes). */
const maxDatagramBytes = 1500;

export type RtpPacketHandler = (packet: RtpPacket, arrivalMs: number) => void;

export interface RtpSessionOptions {
  /** A bound UDP socket; the session owns it from now on. */
  socket: Socket;
  /** The address in the peer's SDP; null when it gave none (0.0.0.0 hold) or we do not know it yet. */
  signalled: RtpEndpoint | null;
  latch: LatchOptions;
  clock: Clock;
  logger: MediaLogger;
  /** Whether packets of this payload type carry media time (for jitter; RFC 4733 events do not). */
  isTimed: (payloadType: number) => boolean;
}

export interface RtpSessionStats {
  localPort: number;
  sent: SendStatsSnapshot;
  received: ReceiveStatsSnapshot;
  /** Well-formed packets from a source the latch does not accept. */
  strays: number;
  /** Datagrams that are not valid RTP. */
  malformed: number;
  latch: LatchState;
  /** Where our packets go now. */
  target: RtpEndpoint | null;
}

export class RtpSession {
  readonly sender: RtpSender;
  readonly localPort: number;
  private readonly latch: SymmetricRtpLatch;
  private readonly received: RtpReceiveStats;
  private strays = 0;
  private malformed = 0;
  private sendErrors = 0;
  private mayTransmit = true;
  private handler: RtpPacketHandler = () => undefined;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: RtpSessionOptions) {
    const { socket, clock } = options;
    this.localPort = socket.address().port;
    this.latch = new SymmetricRtpLatch(options.signalled, options.latch);
    this.received = new RtpReceiveStats();
    this.sender = new RtpSender((datagram) => this.transmit(datagram), clock);
    socket.on('message', (datagram, from) => this.onDatagram(datagram, from));
    socket.on('error', (err) => this.onSocketError(err));
  }

  /** The consumer of accepted packets (one at a time). */
  onPacket(handler: RtpPacketHandler): void {
    this.handler = handler;
  }

  /** A new SDP from the peer (re-INVITE): its address, and whether we may send (direction, RFC 3264 §6.1). */
  resignal(signalled: RtpEndpoint | null, mayTransmit: boolean): void {
    this.latch.resignal(signalled);
    this.mayTransmit = mayTransmit;
  }

  /** Whether a packet sent now would leave (we may send and know where to). */
  get canTransmit(): boolean {
    return this.mayTransmit && this.latch.target !== null && this.closing === null;
  }

  stats(): RtpSessionStats {
    return {
      localPort: this.localPort,
      sent: this.sender.stats(),
      received: this.received.snapshot(),
      strays: this.strays,
      malformed: this.malformed,
      latch: this.latch.state,
      target: this.latch.target,
    };
  }

  /** Closes the socket; resolves once the port can be bound again. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.options.socket.close(() => resolve());
    });
    return this.closing;
  }

  private transmit(datagram: Buffer): boolean {
    const target = this.latch.target;
    if (!this.mayTransmit || target === null || this.closing) return false;
    this.options.socket.send(datagram, target.port, target.address);
    return true;
  }

  private onDatagram(datagram: Buffer, from: RemoteInfo): void {
    if (datagram.length > maxDatagramBytes) {
      this.malformed++;
      return;
    }
    const decoded = decodeRtp(datagram);
    if (!decoded.ok) {
      this.malformed++;
      return;
    }
    const p = decoded.packet;
    if (!this.latch.admit(from.address, from.port, p.ssrc, p.sequence)) {
      this.strays++;
      return;
    }
    const arrivalMs = this.options.clock.monotonic();
    this.received.update(
      p.ssrc,
      p.sequence,
      p.timestamp,
      datagram.length,
      arrivalMs,
      this.options.isTimed(p.payloadType),
    );
    this.handler(p, arrivalMs);
  }

  private onSocketError(err: Error): void {
    this.sendErrors++;
    // Log the first and then every 1,000th, so a dead peer cannot flood the log.
    if (this.sendErrors % 1000 === 1)
      this.options.logger.warn(
        { err, localPort: this.localPort, errors: this.sendErrors },
        'RTP socket error',
      );
  }
}
