/**
 * One call's RTP transport: a UDP socket, the symmetric-RTP latch that decides which datagrams are
 * the peer's media and where ours go, reception statistics, and our sending stream. It knows
 * nothing of codecs: accepted packets go to one consumer (the call's media session).
 * Once the latch has locked on the peer, the socket is connected to it: the kernel then drops
 * strays itself (they are no longer counted) and each send is cheaper (no address to resolve).
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
  /** Monotonic time (ms) of the last accepted packet, for an RTP inactivity timeout; null before any. */
  lastReceivedMs: number | null;
}

export class RtpSession {
  readonly sender: RtpSender;
  readonly localPort: number;
  private readonly latch: SymmetricRtpLatch;
  private readonly received: RtpReceiveStats;
  private strays = 0;
  private malformed = 0;
  private sendErrors = 0;
  private lastReceivedMs: number | null = null;
  private mayTransmit = true;
  /** Where the socket is connected (or being connected) to, if anywhere. */
  private connection: { to: RtpEndpoint; ready: boolean } | null = null;
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
    if (this.latch.state === 'learning') this.disconnect();
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
      lastReceivedMs: this.lastReceivedMs,
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
    // Port 0 (a disabled or held stream in SDP) is nowhere to send to.
    if (!this.mayTransmit || target === null || this.closing || target.port <= 0 || target.port > 65535)
      return false;
    if (this.connection?.ready) this.options.socket.send(datagram);
    else this.options.socket.send(datagram, target.port, target.address);
    return true;
  }

  private connect(to: RtpEndpoint): void {
    if (to.port <= 0 || to.port > 65535) return;
    const connection = { to, ready: false };
    this.connection = connection;
    this.options.socket.connect(to.port, to.address, () => {
      if (this.connection === connection) connection.ready = true;
      else if (this.closing === null) this.options.socket.disconnect(); // resignalled meanwhile
    });
  }

  private disconnect(): void {
    const was = this.connection;
    this.connection = null;
    if (was?.ready && this.closing === null) this.options.socket.disconnect();
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
    if (this.connection === null && this.latch.state !== 'learning' && this.closing === null) {
      const target = this.latch.target;
      if (target) this.connect(target);
    }
    const arrivalMs = this.options.clock.monotonic();
    this.lastReceivedMs = arrivalMs;
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
