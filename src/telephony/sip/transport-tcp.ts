import { connect, createServer, type Server, type Socket } from 'node:net';
import { type Clock, systemClock } from '../../shared/clock.js';
import { commonErrors } from '../../shared/errors.js';
import { advertisedHost } from './advertised-host.js';
import { DEFAULT_SIP_LIMITS, type SipLimits } from './limits.js';
import { type SipLogger, silentSipLogger } from './logger.js';
import { TcpConnection } from './tcp-connection.js';
import {
  DEFAULT_SIP_PORT,
  type Flow,
  type SendFailure,
  type SipTransport,
  type TransportConfig,
  type TransportReceiver,
} from './transport.js';

export interface TcpTransportOptions {
  readonly limits?: SipLimits;
  readonly logger?: SipLogger;
  readonly clock?: Clock;
  /** Inbound plus outbound connections; further inbound ones are refused. Default 4096. */
  readonly maxConnections?: number;
  /** A connection without traffic for this long is closed. Default 300 s. */
  readonly idleTimeoutMs?: number;
  /** Unsent bytes beyond which a peer is dropped as too slow. Default 1 MiB. */
  readonly maxQueuedBytes?: number;
}

/**
 * SIP over TCP (§18): listens for connections and opens them on demand. Connections are reused
 * by remote address and port: a message for a peer goes over the connection it has with us, in
 * whichever direction it was opened (§18.2.2 for responses; RFC 5923's idea for requests).
 */
export function createTcpTransport(config: TransportConfig, options: TcpTransportOptions = {}): SipTransport {
  const limits = options.limits ?? DEFAULT_SIP_LIMITS;
  const logger = options.logger ?? silentSipLogger;
  const clock = options.clock ?? systemClock;
  const maxConnections = options.maxConnections ?? 4096;
  const local = { host: config.host, port: config.port ?? DEFAULT_SIP_PORT };
  const sentBy = { host: advertisedHost(config.host, config.advertisedHost), port: local.port };
  const byId = new Map<number, TcpConnection>();
  const byPeer = new Map<string, TcpConnection>();
  let receiver: TransportReceiver = () => undefined;
  let nextId = 1;
  let server: Server | undefined;

  const peerKey = (address: string, port: number) => `${address}|${port}`;

  function adopt(socket: Socket, address: string, port: number): TcpConnection {
    const connection = new TcpConnection({
      id: nextId++,
      socket,
      address,
      port,
      receiver: (bytes, source) => receiver(bytes, source),
      limits,
      clock,
      idleTimeoutMs: options.idleTimeoutMs ?? 300_000,
      maxQueuedBytes: options.maxQueuedBytes ?? 1 << 20,
      logger,
      onClose: forget,
    });
    byId.set(connection.id, connection);
    byPeer.set(peerKey(address, port), connection);
    return connection;
  }

  function forget(connection: TcpConnection): void {
    byId.delete(connection.id);
    const key = peerKey(connection.address, connection.port);
    if (byPeer.get(key) === connection) byPeer.delete(key);
  }

  function accept(socket: Socket): void {
    const address = socket.remoteAddress;
    const port = socket.remotePort;
    if (byId.size >= maxConnections || address === undefined || port === undefined) {
      logger.warn({ peer: address, open: byId.size }, 'SIP TCP connection refused: limit reached');
      socket.destroy();
      return;
    }
    adopt(socket, address.startsWith('::ffff:') ? address.slice(7) : address, port);
  }

  function dial(destination: Flow): TcpConnection | undefined {
    if (byId.size >= maxConnections) return undefined;
    const bindable = config.host !== '0.0.0.0' && config.host !== '::';
    const socket = connect({
      host: destination.address,
      port: destination.port,
      ...(bindable ? { localAddress: config.host } : {}),
    });
    return adopt(socket, destination.address, destination.port);
  }

  /** The open connection for a destination: the one named, else the one with that peer, else a new one. */
  function connectionFor(destination: Flow): TcpConnection | undefined {
    const named = destination.connectionId === undefined ? undefined : byId.get(destination.connectionId);
    if (named?.isOpen) return named;
    const known = byPeer.get(peerKey(destination.address, destination.port));
    if (known?.isOpen) return known;
    return dial(destination);
  }

  return {
    protocol: 'tcp',
    reliable: true,
    local,
    sentBy,
    get connectionCount() {
      return byId.size;
    },
    listen(onMessage) {
      receiver = onMessage;
      const srv = createServer({ noDelay: true }, accept);
      server = srv;
      return new Promise((resolve, reject) => {
        srv.once('error', (err) =>
          reject(
            commonErrors.Unavailable(`SIP TCP cannot listen on ${config.host}:${local.port}`, { cause: err }),
          ),
        );
        srv.listen({ host: config.host, port: local.port }, () => {
          srv.removeAllListeners('error');
          srv.on('error', (err) => logger.warn({ err }, 'SIP TCP server error'));
          const address = srv.address();
          if (address !== null && typeof address === 'object') local.port = address.port;
          sentBy.port = local.port;
          resolve();
        });
      });
    },
    send(bytes: Buffer, destination: Flow, onFailure?: SendFailure) {
      if (server === undefined) {
        onFailure?.(new Error('the SIP TCP transport is closed'));
        return;
      }
      const connection = connectionFor(destination);
      if (connection === undefined) {
        onFailure?.(new Error('SIP TCP connection limit reached'));
        return;
      }
      connection.write(bytes, onFailure);
    },
    close() {
      const srv = server;
      server = undefined;
      for (const connection of [...byId.values()]) connection.destroy();
      if (srv === undefined) return Promise.resolve();
      return new Promise((resolve) => srv.close(() => resolve()));
    },
  };
}
