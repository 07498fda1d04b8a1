import type { Worker } from 'node:worker_threads';
import { commonErrors } from '../../shared/errors.js';
import { startWorkerThread } from '../../shared/worker-thread.js';
import { advertisedHost } from './advertised-host.js';
import { DEFAULT_SIP_LIMITS, type SipLimits } from './limits.js';
import { type SipLogger, silentSipLogger } from './logger.js';
import {
  DEFAULT_SIP_PORT,
  type Flow,
  type SendFailure,
  type SipTransport,
  type TransportConfig,
  type TransportReceiver,
} from './transport.js';

export interface UdpThreadOptions {
  readonly limits?: SipLimits;
  readonly logger?: SipLogger;
  /** SO_RCVBUF and SO_SNDBUF of the socket (see UdpTransportOptions). */
  readonly socketBufferBytes?: number;
  /** Request-URI schemes the stack serves: an INVITE for another one is refused, not answered 100. */
  readonly requestUriSchemes: readonly string[];
  /** The stack's forceRport setting: where the early 100 Trying goes. */
  readonly forceRport: boolean;
  /** How long the thread remembers an INVITE it answered (64*T1), to leave its retransmissions to the layer. */
  readonly rememberMs: number;
}

/** What the thread is started with (workerData). */
export interface UdpThreadData {
  readonly host: string;
  readonly port: number;
  readonly socketBufferBytes: number | undefined;
  readonly limits: SipLimits;
  readonly requestUriSchemes: readonly string[];
  readonly forceRport: boolean;
  readonly rememberMs: number;
}

export type ToUdpThread =
  | { type: 'send'; bytes: Uint8Array; address: string; port: number; id: number | undefined }
  | { type: 'close' };

export type FromUdpThread =
  | { type: 'listening'; port: number }
  | { type: 'listen-failed'; message: string }
  | { type: 'message'; bytes: Uint8Array; address: string; port: number; trying: Uint8Array | undefined }
  | { type: 'send-failed'; id: number; message: string }
  | { type: 'log'; level: 'debug' | 'warn' | 'error'; fields: Record<string, unknown>; message: string };

/**
 * The bytes in an ArrayBuffer of their own, to transfer to the other thread: a Buffer is often a
 * view into a shared pool (which a transfer would take away, and a clone would copy whole), or
 * is kept for a retransmission.
 */
export function ownCopy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

/** A send failure is reported within microseconds if at all: callbacks older than this are dropped. */
const failureWindowMs = 5_000;

/**
 * SIP over UDP with the socket on a thread of its own (transport-udp-thread-worker.ts). The
 * thread reads every datagram and answers a new INVITE's 100 Trying at once (early-trying.ts),
 * so the answer never waits behind the flows, the ACD and the API on this thread's event loop;
 * then it hands the datagram here, where the stack handles it as from any transport. Messages
 * the stack sends go to the thread, which sends them from the same socket, in order.
 */
export function createUdpThreadTransport(config: TransportConfig, options: UdpThreadOptions): SipTransport {
  const logger = options.logger ?? silentSipLogger;
  const local = { host: config.host, port: config.port ?? DEFAULT_SIP_PORT };
  const sentBy = { host: advertisedHost(config.host, config.advertisedHost), port: local.port };
  let worker: Worker | undefined;
  let exited: Promise<void> | undefined;
  let open = false;
  let closing = false;
  // Send failures by id, in two generations dropped whole (a failure comes back at once or never).
  let failures = new Map<number, SendFailure>();
  let olderFailures = new Map<number, SendFailure>();
  let rotatedAt = 0;
  let nextId = 1;

  function trackFailure(onFailure: SendFailure): number {
    const now = performance.now();
    if (now - rotatedAt > failureWindowMs) {
      olderFailures = failures;
      failures = new Map();
      rotatedAt = now;
    }
    const id = nextId++;
    failures.set(id, onFailure);
    return id;
  }

  function failed(id: number, message: string): void {
    const onFailure = failures.get(id) ?? olderFailures.get(id);
    failures.delete(id);
    olderFailures.delete(id);
    onFailure?.(new Error(message));
  }

  return {
    protocol: 'udp',
    reliable: false,
    local,
    sentBy,
    get connectionCount() {
      return 0;
    },
    listen(receiver: TransportReceiver) {
      const data: UdpThreadData = {
        host: config.host,
        port: local.port,
        socketBufferBytes: options.socketBufferBytes,
        limits: options.limits ?? DEFAULT_SIP_LIMITS,
        requestUriSchemes: options.requestUriSchemes,
        forceRport: options.forceRport,
        rememberMs: options.rememberMs,
      };
      const thread = startWorkerThread(import.meta.url, 'transport-udp-thread-worker', data);
      worker = thread;
      exited = new Promise((resolve) =>
        thread.once('exit', (code) => {
          // Sends fail from now on (their transactions end at once instead of timing out).
          if (open && !closing) logger.error({ code }, 'the SIP UDP thread stopped: SIP over UDP is down');
          open = false;
          resolve();
        }),
      );
      return new Promise((resolve, reject) => {
        const cannotListen = (detail: string) =>
          commonErrors.Unavailable(`SIP UDP cannot listen on ${config.host}:${local.port}`, {
            cause: new Error(detail),
          });
        thread.once('error', (err) => {
          if (!open) reject(cannotListen(err.message));
          else logger.error({ err }, 'the SIP UDP thread failed');
          open = false;
        });
        thread.on('message', (m: FromUdpThread) => {
          switch (m.type) {
            case 'message': {
              const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
              const source: Flow = {
                protocol: 'udp',
                address: m.address,
                port: m.port,
                connectionId: undefined,
              };
              const trying =
                m.trying && Buffer.from(m.trying.buffer, m.trying.byteOffset, m.trying.byteLength);
              try {
                receiver(bytes, source, trying);
              } catch (err) {
                logger.error({ err, from: m.address }, 'SIP datagram handling failed');
              }
              return;
            }
            case 'send-failed':
              failed(m.id, m.message);
              return;
            case 'log':
              logger[m.level](m.fields, m.message);
              return;
            case 'listening':
              local.port = m.port;
              sentBy.port = m.port;
              open = true;
              resolve();
              return;
            case 'listen-failed':
              reject(cannotListen(m.message));
              void thread.terminate();
              return;
          }
        });
      });
    },
    send(bytes: Buffer, destination: Flow, onFailure?: SendFailure) {
      if (!open) {
        onFailure?.(new Error('the SIP UDP transport is closed'));
        return;
      }
      const id = onFailure === undefined ? undefined : trackFailure(onFailure);
      const own = ownCopy(bytes);
      const message: ToUdpThread = {
        type: 'send',
        bytes: own,
        address: destination.address,
        port: destination.port,
        id,
      };
      worker?.postMessage(message, [own.buffer as ArrayBuffer]);
    },
    async close() {
      if (worker === undefined) return;
      closing = true;
      open = false;
      worker.postMessage({ type: 'close' } satisfies ToUdpThread);
      await exited;
      worker = undefined;
    },
  };
}
