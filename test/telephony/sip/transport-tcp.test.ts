/**
 * The TCP transport (RFC 3261 §18) on loopback with real sockets and an injected clock for its
 * idle timer: framing by Content-Length, answers to unframeable streams and closing, the size
 * and connection limits, keep-alive pings, reuse of a connection for messages to its peer.
 */
import assert from 'node:assert/strict';
import { connect, createServer, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import { VirtualClock } from '../../../src/shared/virtual-clock.js';
import {
  createTcpTransport,
  type Flow,
  type SipTransport,
  sipLimits,
} from '../../../src/telephony/sip/index.js';
import { rawRequest } from './virtual-stack.js';

async function listening(options: Parameters<typeof createTcpTransport>[1] = {}) {
  const received: { text: string; from: Flow }[] = [];
  const transport: SipTransport = createTcpTransport(
    { protocol: 'tcp', host: '127.0.0.1', port: 0 },
    options,
  );
  await transport.listen((bytes, from) => received.push({ text: bytes.toString(), from }));
  return { transport, received };
}

async function dial(port: number): Promise<{ socket: Socket; data: () => string; closed: Promise<void> }> {
  const socket = connect({ host: '127.0.0.1', port });
  let text = '';
  socket.on('data', (chunk) => {
    text += chunk.toString();
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, data: () => text, closed };
}

/** Waits, in real time, until `check` holds (a bounded number of short turns). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(check());
}

describe('TCP transport', () => {
  test('messages split across writes and pipelined in one are framed by Content-Length', async () => {
    const { transport, received } = await listening();
    const peer = await dial(transport.local.port);
    const options = rawRequest({ method: 'OPTIONS', contact: null, protocol: 'tcp' });
    peer.socket.write(options.slice(0, 40));
    await new Promise((resolve) => setTimeout(resolve, 20));
    peer.socket.write(options.slice(40) + options + options);
    await until(() => received.length === 3);
    assert.ok(received.every((r) => r.text === options));
    assert.equal(received[0]!.from.connectionId, received[2]!.from.connectionId);
    peer.socket.destroy();
    await transport.close();
  });

  test('an unframeable stream gets its 400 and is closed', async () => {
    const { transport } = await listening();
    const peer = await dial(transport.local.port);
    peer.socket.write(
      rawRequest({ method: 'OPTIONS', contact: null, protocol: 'tcp' }).replace(
        'Content-Length: 0',
        'Content-Length: -1',
      ),
    );
    await peer.closed;
    assert.match(peer.data(), /^SIP\/2\.0 400 Invalid Content-Length\r\n/);
    await until(() => transport.connectionCount === 0);
    await transport.close();
  });

  test('a message beyond limits.maxMessageBytes: 513, closed', async () => {
    const { transport } = await listening({ limits: sipLimits({ maxMessageBytes: 1_000 }) });
    const peer = await dial(transport.local.port);
    const big = rawRequest({ method: 'OPTIONS', contact: null, protocol: 'tcp', body: 'x'.repeat(2_000) });
    peer.socket.write(big);
    await peer.closed;
    assert.match(peer.data(), /^SIP\/2\.0 513 /);
    await transport.close();
  });

  test('CRLF CRLF keep-alive pings get a CRLF pong (RFC 5626 §3.5.1)', async () => {
    const { transport } = await listening();
    const peer = await dial(transport.local.port);
    peer.socket.write('\r\n\r\n');
    await until(() => peer.data() === '\r\n');
    peer.socket.destroy();
    await transport.close();
  });

  test('connections beyond maxConnections are refused', async () => {
    const { transport } = await listening({ maxConnections: 2 });
    const a = await dial(transport.local.port);
    const b = await dial(transport.local.port);
    await until(() => transport.connectionCount === 2);
    const c = await dial(transport.local.port);
    await c.closed;
    assert.equal(transport.connectionCount, 2);
    a.socket.destroy();
    b.socket.destroy();
    await transport.close();
  });

  test('an idle connection is closed after idleTimeoutMs of the injected clock', async () => {
    const clock = new VirtualClock();
    const { transport } = await listening({ clock, idleTimeoutMs: 60_000 });
    const peer = await dial(transport.local.port);
    await until(() => transport.connectionCount === 1);
    await clock.advance(30_000);
    peer.socket.write('\r\n\r\n');
    await until(() => peer.data() === '\r\n');
    await clock.advance(59_000);
    assert.equal(transport.connectionCount, 1, 'traffic 59 s ago: still open');
    await clock.advance(1_000);
    await peer.closed;
    assert.equal(transport.connectionCount, 0);
    await transport.close();
  });

  test('a message to a peer goes over the connection it opened; without one, a connection is made', async () => {
    const { transport, received } = await listening();
    const peer = await dial(transport.local.port);
    peer.socket.write(rawRequest({ method: 'OPTIONS', contact: null, protocol: 'tcp' }));
    await until(() => received.length === 1);
    transport.send(Buffer.from('over the same connection'), received[0]!.from);
    await until(() => peer.data() === 'over the same connection');

    const server = createServer();
    let accepted = '';
    server.on('connection', (socket) => socket.on('data', (chunk) => (accepted += chunk.toString())));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    assert.ok(address !== null && typeof address === 'object');
    const failures: Error[] = [];
    const to: Flow = { protocol: 'tcp', address: '127.0.0.1', port: address.port, connectionId: undefined };
    transport.send(Buffer.from('first'), to, (err) => failures.push(err));
    transport.send(Buffer.from('second'), to, (err) => failures.push(err));
    await until(() => accepted === 'firstsecond');
    assert.equal(transport.connectionCount, 2, 'one connection each way');
    transport.send(Buffer.from('refused'), { ...to, port: 1 }, (err) => failures.push(err));
    await until(() => failures.length === 1);
    peer.socket.destroy();
    await transport.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
