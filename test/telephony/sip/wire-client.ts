/**
 * A raw SIP client on loopback for conformance tests: sends bytes over UDP or over a TCP
 * connection and collects what comes back, message by message, as parsed when it parses and
 * as its start line otherwise. A probe OPTIONS marks the end of the answers to what was sent
 * before it: the stack handles a flow's messages in order.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { createStreamFramer, parseMessage, type SipMessage } from '../../../src/telephony/sip/index.js';

export interface WireReply {
  readonly startLine: string;
  readonly message: SipMessage | undefined;
}

let probes = 0;

/** An OPTIONS from `host:port` over `transport`, with a Call-ID that says it is a probe. */
export function probe(transport: 'UDP' | 'TCP', port: number): { bytes: Buffer; callId: string } {
  const callId = `probe-${++probes}@hotline.test`;
  const text = [
    'OPTIONS sip:probe@127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/${transport} 127.0.0.1:${port};branch=z9hG4bK-probe-${probes}`,
    'Max-Forwards: 70',
    '<sip:probe@127.0.0.1>'.replace(/^/, 'To: '),
    `From: <sip:tester@127.0.0.1>;tag=probe${probes}`,
    `Call-ID: ${callId}`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return { bytes: Buffer.from(text), callId };
}

function reply(bytes: Buffer): WireReply {
  const result = parseMessage(bytes, { transport: 'udp' });
  const end = bytes.indexOf('\r\n');
  const startLine = bytes.toString('utf8', 0, end < 0 ? bytes.length : end);
  return { startLine, message: result.ok ? result.message : undefined };
}

const isProbeAnswer = (r: WireReply, callId: string) => r.message?.callId === callId;

export class UdpWireClient {
  private readonly inbox: WireReply[] = [];
  private wake: () => void = () => undefined;

  private constructor(private readonly socket: UdpSocket) {
    socket.on('message', (bytes) => {
      this.inbox.push(reply(bytes));
      this.wake();
    });
  }

  static async open(): Promise<UdpWireClient> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    return new UdpWireClient(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(bytes: Buffer, port: number): void {
    this.socket.send(bytes, port, '127.0.0.1');
  }

  /**
   * Sends `bytes`, then a probe; resolves with every reply before the probe's (retransmissions
   * included); rejects if the probe is not answered within `capMs`.
   */
  async exchange(bytes: Buffer, port: number, capMs = 10_000): Promise<WireReply[]> {
    this.send(bytes, port);
    const p = probe('UDP', this.port);
    this.send(p.bytes, port);
    const deadline = Date.now() + capMs;
    for (;;) {
      const i = this.inbox.findIndex((r) => isProbeAnswer(r, p.callId));
      if (i >= 0) return this.inbox.splice(0, i + 1).slice(0, i);
      if (Date.now() > deadline) throw new Error('the probe OPTIONS was not answered');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

export interface TcpExchange {
  readonly replies: WireReply[];
  /** Whether the stack closed the connection. */
  readonly closed: boolean;
  /** Whether the probe was answered. */
  readonly answered: boolean;
}

/**
 * Opens a connection, writes `bytes` then a probe, and collects replies until the probe is
 * answered or the stack closes the connection (or `capMs` passes).
 */
export async function tcpExchange(bytes: Buffer, port: number, capMs = 10_000): Promise<TcpExchange> {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  const framer = createStreamFramer();
  const replies: WireReply[] = [];
  const p = probe('TCP', socket.localPort ?? 0);
  return new Promise((resolve) => {
    let closed = false;
    const finish = () => {
      clearTimeout(cap);
      socket.destroy();
      const answered = replies.some((r) => isProbeAnswer(r, p.callId));
      resolve({ replies: replies.filter((r) => !isProbeAnswer(r, p.callId)), closed, answered });
    };
    const cap = setTimeout(finish, capMs);
    socket.on('data', (chunk) => {
      for (const event of framer.push(chunk)) {
        if (event.type !== 'message') continue;
        const r = reply(event.bytes);
        replies.push(r);
        if (isProbeAnswer(r, p.callId)) finish();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.write(bytes);
    socket.write(p.bytes);
  });
}
