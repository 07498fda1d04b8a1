/**
 * An in-memory network for tests in virtual time: transports that implement SipTransport, and
 * raw peers that record what reaches them (with the virtual time) and send hand-made messages.
 * Delivery is asynchronous (a microtask later), like a real socket, and never loses anything
 * unless a test installs a filter.
 */
import type { Clock } from '../../../src/shared/clock.js';
import {
  type Flow,
  parseMessage,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  type SipTransport,
  serializeMessage,
  type TransportProtocol,
  type TransportReceiver,
  type WireMessage,
} from '../../../src/telephony/sip/index.js';

export interface Packet {
  readonly at: number;
  readonly from: Flow;
  readonly bytes: Buffer;
}

type Endpoint = (bytes: Buffer, from: Flow) => void;

export class MemoryNetwork {
  private readonly endpoints = new Map<string, Endpoint>();
  /** Return false to lose a packet on its way. */
  filter: (bytes: Buffer, to: string) => boolean = () => true;

  constructor(readonly clock: Clock) {}

  attach(protocol: TransportProtocol, address: string, port: number, endpoint: Endpoint): void {
    this.endpoints.set(`${protocol}:${address}:${port}`, endpoint);
  }

  detach(protocol: TransportProtocol, address: string, port: number): void {
    this.endpoints.delete(`${protocol}:${address}:${port}`);
  }

  send(bytes: Buffer, from: Flow, to: Flow): boolean {
    const key = `${to.protocol}:${to.address}:${to.port}`;
    const endpoint = this.endpoints.get(key);
    if (endpoint === undefined) return false;
    if (this.filter(bytes, key)) queueMicrotask(() => endpoint(bytes, from));
    return true;
  }

  /** A SipTransport on this network ('tcp' ones are reliable but have no connections). */
  transport(protocol: TransportProtocol, address: string, port: number): SipTransport {
    const network = this;
    let receiver: TransportReceiver | undefined;
    const self: Flow = { protocol, address, port, connectionId: undefined };
    return {
      protocol,
      reliable: protocol === 'tcp',
      local: { host: address, port },
      sentBy: { host: address, port },
      connectionCount: 0,
      listen(onMessage) {
        receiver = onMessage;
        network.attach(protocol, address, port, (bytes, from) => receiver?.(bytes, from));
        return Promise.resolve();
      },
      send(bytes, destination, onFailure) {
        if (receiver === undefined || !network.send(bytes, self, destination)) {
          onFailure?.(new Error(`nothing listens at ${destination.address}:${destination.port}`));
        }
      },
      close() {
        receiver = undefined;
        network.detach(protocol, address, port);
        return Promise.resolve();
      },
    };
  }

  /** A raw peer: records every message it receives and sends whatever the test writes. */
  peer(protocol: TransportProtocol, address: string, port: number): RawPeer {
    return new RawPeer(this, { protocol, address, port, connectionId: undefined });
  }
}

export interface Received {
  readonly at: number;
  readonly message: SipMessage;
  readonly from: Flow;
}

export class RawPeer {
  readonly received: Received[] = [];

  constructor(
    private readonly network: MemoryNetwork,
    readonly flow: Flow,
  ) {
    network.attach(flow.protocol, flow.address, flow.port, (bytes, from) => {
      const result = parseMessage(bytes, { transport: 'udp' });
      if (!result.ok) throw new Error(`peer got a malformed message: ${result.error.detail}`);
      this.received.push({ at: network.clock.monotonic(), message: result.message, from });
    });
  }

  send(message: WireMessage | Buffer | string, to: { address: string; port: number }): void {
    const bytes =
      typeof message === 'string'
        ? Buffer.from(message.replace(/\r?\n/g, '\r\n'))
        : Buffer.isBuffer(message)
          ? message
          : serializeMessage(message);
    this.network.send(bytes, this.flow, { ...this.flow, address: to.address, port: to.port });
  }

  requests(method?: string): SipRequest[] {
    return this.received
      .map((r) => r.message)
      .filter((m): m is SipRequest => m.kind === 'request' && (method === undefined || m.method === method));
  }

  responses(status?: number): SipResponse[] {
    return this.received
      .map((r) => r.message)
      .filter(
        (m): m is SipResponse => m.kind === 'response' && (status === undefined || m.status === status),
      );
  }

  /** Virtual times at which messages matching `test` arrived. */
  times(test: (m: SipMessage) => boolean): number[] {
    return this.received.filter((r) => test(r.message)).map((r) => r.at);
  }

  clear(): void {
    this.received.length = 0;
  }
}
