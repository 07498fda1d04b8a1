import type { Socket } from 'node:net';
import type { Clock, Timer } from '../../shared/clock.js';
import { createStreamFramer, type StreamFramer } from './framer.js';
import type { SipLimits } from './limits.js';
import type { SipLogger } from './logger.js';
import { errorResponseFor } from './response.js';
import { serializeMessage } from './serializer.js';
import type { Flow, SendFailure, TransportReceiver } from './transport.js';

export interface TcpConnectionOptions {
  readonly id: number;
  readonly socket: Socket;
  /** Peer address and port (for an outbound connection, what was dialled). */
  readonly address: string;
  readonly port: number;
  readonly receiver: TransportReceiver;
  readonly limits: SipLimits;
  readonly clock: Clock;
  readonly idleTimeoutMs: number;
  /** Bytes queued for writing beyond which the peer is too slow and the connection is dropped. */
  readonly maxQueuedBytes: number;
  readonly logger: SipLogger;
  readonly onClose: (connection: TcpConnection) => void;
}

const PONG = Buffer.from('\r\n', 'latin1');

/**
 * One SIP connection (§18.3 framing by Content-Length): bytes in, framed messages up; bytes out.
 * A framing error is answered with errorResponseFor() when it gives a response, then the
 * connection is closed (RFC 4475 §3.1.2.3). A CRLF CRLF ping gets a CRLF pong (RFC 5626
 * §3.5.1). A connection idle for idleTimeoutMs is closed; its idle timer is re-armed lazily, so
 * traffic costs no timer churn.
 */
export class TcpConnection {
  readonly id: number;
  readonly address: string;
  readonly port: number;
  readonly flow: Flow;
  private readonly framer: StreamFramer;
  private lastActivity: number;
  private idleTimer: Timer | undefined;
  private connectFailures: SendFailure[] | undefined = [];
  private closed = false;

  constructor(private readonly o: TcpConnectionOptions) {
    this.id = o.id;
    this.address = o.address;
    this.port = o.port;
    this.flow = { protocol: 'tcp', address: o.address, port: o.port, connectionId: o.id };
    this.framer = createStreamFramer({ limits: o.limits });
    this.lastActivity = o.clock.monotonic();
    o.socket.setNoDelay(true);
    o.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    o.socket.on('error', (err) => this.fail(err));
    o.socket.on('close', () => this.fail(new Error('connection closed')));
    if (o.socket.connecting) o.socket.once('connect', () => (this.connectFailures = undefined));
    else this.connectFailures = undefined;
    this.armIdleTimer(o.idleTimeoutMs);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Writes one message; a failure to connect is reported to onFailure. */
  write(bytes: Buffer, onFailure?: SendFailure): void {
    if (this.closed) {
      onFailure?.(new Error('connection closed'));
      return;
    }
    if (onFailure !== undefined) this.connectFailures?.push(onFailure);
    this.lastActivity = this.o.clock.monotonic();
    this.o.socket.write(bytes);
    if (this.o.socket.writableLength > this.o.maxQueuedBytes) {
      this.o.logger.warn({ peer: this.address, queued: this.o.socket.writableLength }, 'SIP peer too slow');
      this.destroy();
    }
  }

  destroy(): void {
    if (this.closed) return;
    this.o.socket.destroy();
    this.fail(new Error('connection closed'));
  }

  private receive(chunk: Buffer): void {
    this.lastActivity = this.o.clock.monotonic();
    for (const event of this.framer.push(chunk)) {
      if (event.type === 'message') this.deliver(event.bytes);
      else if (event.type === 'keepalive') {
        if (event.kind === 'ping') this.write(PONG);
      } else {
        const answer = errorResponseFor(event.failure);
        this.o.logger.debug(
          { peer: this.address, error: event.failure.error.code },
          'SIP stream unframeable',
        );
        // Flush the answer, then close whatever the peer does (a half-open socket would linger).
        const socket = this.o.socket;
        const close = () => socket.destroy();
        if (answer === null) socket.end(close);
        else socket.end(serializeMessage(answer), close);
        this.fail(new Error('framing error'));
        return;
      }
    }
  }

  private deliver(bytes: Buffer): void {
    try {
      this.o.receiver(bytes, this.flow);
    } catch (err) {
      this.o.logger.error({ err, peer: this.address }, 'SIP message handling failed');
    }
  }

  private armIdleTimer(ms: number): void {
    this.idleTimer = this.o.clock.setTimer(ms, () => {
      const idle = this.o.clock.monotonic() - this.lastActivity;
      if (idle >= this.o.idleTimeoutMs) this.destroy();
      else this.armIdleTimer(this.o.idleTimeoutMs - idle);
    });
  }

  private fail(err: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.idleTimer?.cancel();
    const failures = this.connectFailures;
    this.connectFailures = undefined;
    if (failures !== undefined) for (const f of failures) f(err);
    this.o.onClose(this);
  }
}
