/**
 * The transport layer seen from above (RFC 3261 §18): something that listens on an address,
 * hands up each message it receives, and sends bytes to a destination. UDP and TCP implement it
 * (transport-udp.ts, transport-tcp.ts); tests use an in-memory pair.
 */
export type TransportProtocol = 'udp' | 'tcp';

/** Where a transport listens. Port 0 asks the system for a free port. */
export interface TransportConfig {
  readonly protocol: TransportProtocol;
  /** Address to bind, e.g. '127.0.0.1' or '0.0.0.0'. */
  readonly host: string;
  /** Default 5060. */
  readonly port?: number;
  /** Host to put in Via sent-by and Contact (§18.1.1) when it differs from `host` (0.0.0.0, NAT). */
  readonly advertisedHost?: string;
}

/**
 * A transport-level association with a peer (the term is RFC 5626's): the protocol, the peer's
 * address and port, and for connection-oriented transports the connection the message came on.
 * Inbound, it says where a message came from; outbound, where to send (connectionId, when given,
 * is the connection to prefer while it is open, §18.2.2).
 */
export interface Flow {
  readonly protocol: TransportProtocol;
  /** IP address, without brackets for IPv6. */
  readonly address: string;
  readonly port: number;
  readonly connectionId: number | undefined;
}

/**
 * Receives every message a transport reads: one datagram, or one message framed from a stream.
 * `trying` is the 100 Trying the transport has already sent for it: a new INVITE answered where it
 * was read (early-trying.ts), so that its transaction does not send another.
 */
export type TransportReceiver = (bytes: Buffer, source: Flow, trying?: Buffer) => void;

/** Called when bytes could not be sent (TCP connect refused, connection lost; §18.4). */
export type SendFailure = (error: Error) => void;

export interface SipTransport {
  readonly protocol: TransportProtocol;
  /** Reliable transports need no retransmissions and no waiting for them (§17.1.1.2, §17.2.2). */
  readonly reliable: boolean;
  /** Starts listening; resolves when bound. Messages go to `receiver` from then on. */
  listen(receiver: TransportReceiver): Promise<void>;
  /** The bound address and port (the real port once listening when 0 was asked). */
  readonly local: { readonly host: string; readonly port: number };
  /** The host and port to advertise in Via sent-by and Contact. */
  readonly sentBy: { readonly host: string; readonly port: number };
  /** Sends one message; never throws. Failures are reported to onFailure when given. */
  send(bytes: Buffer, destination: Flow, onFailure?: SendFailure): void;
  /** Open connections (0 for datagram transports). */
  readonly connectionCount: number;
  /** Closes sockets and connections and cancels the transport's timers. */
  close(): Promise<void>;
}

/** The default port for sip: URIs and Via sent-by without a port (§18.1.1, §19.1.2). */
export const DEFAULT_SIP_PORT = 5060;
