import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { commonErrors } from '../../shared/errors.js';
import { advertisedHost } from './advertised-host.js';
import type { SipLimits } from './limits.js';
import { type SipLogger, silentSipLogger } from './logger.js';
import {
  DEFAULT_SIP_PORT,
  type Flow,
  type SendFailure,
  type SipTransport,
  type TransportConfig,
  type TransportReceiver,
} from './transport.js';

export interface UdpTransportOptions {
  /** Unused by the socket (the parser applies them); accepted for symmetry with TCP. */
  readonly limits?: SipLimits;
  readonly logger?: SipLogger;
  /**
   * Socket receive and send buffer sizes (SO_RCVBUF, SO_SNDBUF). Bursts of datagrams beyond the
   * receive buffer are lost in the kernel and cost a retransmission; the kernel caps the figure at
   * net.core.rmem_max / wmem_max. Default 4 MiB.
   */
  readonly socketBufferBytes?: number;
}

/**
 * SIP over UDP (§18): one socket that receives datagrams and sends from the port it listens on,
 * so that a peer using rport (RFC 3581) gets its responses back through its NAT binding.
 * A datagram is one message (§18.3); the parser refuses one beyond limits.maxMessageBytes (513).
 */
export function createUdpTransport(config: TransportConfig, options: UdpTransportOptions = {}): SipTransport {
  const logger = options.logger ?? silentSipLogger;
  const buffer = options.socketBufferBytes ?? 4 << 20;
  const socket: Socket = createSocket({
    type: isIPv6(config.host) ? 'udp6' : 'udp4',
    recvBufferSize: buffer,
    sendBufferSize: buffer,
  });
  const local = { host: config.host, port: config.port ?? DEFAULT_SIP_PORT };
  const sentBy = { host: advertisedHost(config.host, config.advertisedHost), port: local.port };
  let open = false;

  function receive(receiver: TransportReceiver, bytes: Buffer, address: string, port: number): void {
    const source: Flow = { protocol: 'udp', address, port, connectionId: undefined };
    try {
      receiver(bytes, source);
    } catch (err) {
      logger.error({ err, from: address }, 'SIP datagram handling failed');
    }
  }

  return {
    protocol: 'udp',
    reliable: false,
    local,
    sentBy,
    get connectionCount() {
      return 0;
    },
    listen(receiver) {
      return new Promise((resolve, reject) => {
        const onError = (err: Error) => {
          reject(
            commonErrors.Unavailable(`SIP UDP cannot listen on ${config.host}:${local.port}`, { cause: err }),
          );
        };
        socket.once('error', onError);
        socket.bind(local.port, config.host, () => {
          socket.off('error', onError);
          socket.on('error', (err) => logger.warn({ err }, 'SIP UDP socket error'));
          socket.on('message', (bytes, rinfo) => receive(receiver, bytes, rinfo.address, rinfo.port));
          local.port = socket.address().port;
          sentBy.port = local.port;
          open = true;
          resolve();
        });
      });
    },
    send(bytes: Buffer, destination: Flow, onFailure?: SendFailure) {
      if (!open) {
        onFailure?.(new Error('the SIP UDP transport is closed'));
        return;
      }
      try {
        socket.send(bytes, destination.port, destination.address, (err) => {
          if (err === null || err === undefined) return;
          logger.debug({ err, to: destination.address }, 'SIP datagram not sent');
          onFailure?.(err);
        });
      } catch (err) {
        // A destination the socket refuses outright (bad port, wrong address family).
        logger.debug({ err, to: destination.address }, 'SIP datagram not sent');
        onFailure?.(err instanceof Error ? err : new Error(String(err)));
      }
    },
    close() {
      if (!open) return Promise.resolve();
      open = false;
      return new Promise((resolve) => socket.close(() => resolve()));
    },
  };
}
