/**
 * The SIP UDP thread (see transport-udp-thread.ts): the UDP transport's socket, with a new
 * INVITE's 100 Trying answered as soon as it is read; every datagram then goes to the main thread,
 * and whatever the main thread sends goes out of the same socket.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEarlyTrying } from './early-trying.js';
import type { SipLogger } from './logger.js';
import type { Flow } from './transport.js';
import { createUdpTransport } from './transport-udp.js';
import { type FromUdpThread, ownCopy, type ToUdpThread, type UdpThreadData } from './transport-udp-thread.js';

const port = parentPort!;
const data = workerData as UdpThreadData;
const post = (message: FromUdpThread) => port.postMessage(message);

const logAs =
  (level: 'debug' | 'warn' | 'error') =>
  (fields: Record<string, unknown>, message: string): void => {
    // Errors and other objects cross as text: not every field can be cloned.
    const plain: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields))
      plain[key] = typeof value === 'object' && value !== null ? String(value) : value;
    post({ type: 'log', level, fields: plain, message });
  };
const logger: SipLogger = {
  debug: logAs('debug'),
  info: logAs('debug'),
  warn: logAs('warn'),
  error: logAs('error'),
};

const transport = createUdpTransport(
  { protocol: 'udp', host: data.host, port: data.port },
  { logger, ...(data.socketBufferBytes === undefined ? {} : { socketBufferBytes: data.socketBufferBytes }) },
);
const earlyTrying = createEarlyTrying({
  limits: data.limits,
  requestUriSchemes: data.requestUriSchemes,
  forceRport: data.forceRport,
  rememberMs: data.rememberMs,
  now: () => performance.now(),
});

function receive(bytes: Buffer, source: Flow): void {
  const trying = earlyTrying(bytes, source);
  if (trying !== undefined) transport.send(trying.bytes, trying.to);
  // A datagram arrives in a buffer of its own: it can be handed over as it is.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : ownCopy(bytes);
  const tryingBytes = trying && ownCopy(trying.bytes);
  const message: FromUdpThread = {
    type: 'message',
    bytes: own,
    address: source.address,
    port: source.port,
    trying: tryingBytes,
  };
  const transfer = [own.buffer as ArrayBuffer];
  if (tryingBytes) transfer.push(tryingBytes.buffer as ArrayBuffer);
  port.postMessage(message, transfer);
}

port.on('message', (m: ToUdpThread) => {
  if (m.type === 'send') {
    const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
    const flow: Flow = { protocol: 'udp', address: m.address, port: m.port, connectionId: undefined };
    const id = m.id;
    transport.send(
      bytes,
      flow,
      id === undefined ? undefined : (err) => post({ type: 'send-failed', id, message: err.message }),
    );
  } else {
    void transport.close().then(() => port.close());
  }
});

transport.listen(receive).then(
  () => post({ type: 'listening', port: transport.local.port }),
  (err: Error) => {
    post({ type: 'listen-failed', message: (err.cause as Error | undefined)?.message ?? err.message });
    port.close();
  },
);
