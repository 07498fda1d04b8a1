import type { Flow, SendFailure, SipTransport, TransportProtocol, TransportReceiver } from './transport.js';

/**
 * The transports a stack runs, by protocol: where to send a flow's bytes, what to write in Via
 * and Contact for each.
 */
export class TransportSet {
  private readonly byProtocol = new Map<TransportProtocol, SipTransport>();
  readonly protocols: readonly TransportProtocol[];

  constructor(readonly all: readonly SipTransport[]) {
    for (const t of all) {
      if (this.byProtocol.has(t.protocol)) throw new RangeError(`two ${t.protocol} transports`);
      this.byProtocol.set(t.protocol, t);
    }
    if (all.length === 0) throw new RangeError('a SIP stack needs at least one transport');
    this.protocols = all.map((t) => t.protocol);
  }

  /** The protocol of the first transport, used when a URI names none (RFC 3263 §4.1). */
  get preferred(): TransportProtocol {
    return this.protocols[0]!;
  }

  get(protocol: TransportProtocol): SipTransport | undefined {
    return this.byProtocol.get(protocol);
  }

  isReliable(protocol: TransportProtocol): boolean {
    return this.byProtocol.get(protocol)?.reliable ?? false;
  }

  send(bytes: Buffer, flow: Flow, onFailure?: SendFailure): void {
    const transport = this.byProtocol.get(flow.protocol);
    if (transport === undefined) onFailure?.(new Error(`no ${flow.protocol} transport`));
    else transport.send(bytes, flow, onFailure);
  }

  /** A Via value for a request sent over `protocol` (§8.1.1.7, §18.1.1), asking for rport (RFC 3581). */
  via(protocol: TransportProtocol, branch: string): string {
    const t = this.byProtocol.get(protocol)!;
    return `SIP/2.0/${protocol.toUpperCase()} ${t.sentBy.host}:${t.sentBy.port};branch=${branch};rport`;
  }

  /** A Contact URI reaching this stack over `protocol` (§8.1.1.8). */
  contactUri(protocol: TransportProtocol, user: string): string {
    const t = this.byProtocol.get(protocol)!;
    const param = protocol === 'udp' ? '' : `;transport=${protocol}`;
    return `sip:${user}@${t.sentBy.host}:${t.sentBy.port}${param}`;
  }

  async listen(receiver: TransportReceiver): Promise<void> {
    const started: SipTransport[] = [];
    try {
      for (const t of this.all) {
        await t.listen(receiver);
        started.push(t);
      }
    } catch (err) {
      await Promise.all(started.map((t) => t.close()));
      throw err;
    }
  }

  get connectionCount(): number {
    let n = 0;
    for (const t of this.all) n += t.connectionCount;
    return n;
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((t) => t.close()));
  }
}
