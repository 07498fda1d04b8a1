/**
 * SIP over UDP with the socket on its own thread (udp.thread 'worker'): a new INVITE gets its 100
 * Trying while the stack's own thread is blocked, exactly one, and the call goes on as from the
 * main-thread transport; retransmissions are left to the transaction; the socket is freed on
 * close; a port in use and a send that fails are reported as with the plain transport.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { createEarlyTrying } from '../../../src/telephony/sip/early-trying.js';
import {
  createSipStack,
  type IncomingInvite,
  parseMessage,
  type SipStack,
} from '../../../src/telephony/sip/index.js';
import { sipLimits } from '../../../src/telephony/sip/limits.js';
import { createUdpThreadTransport } from '../../../src/telephony/sip/transport-udp-thread.js';
import { INVITE, OPTIONS } from './samples.js';

/**
 * A caller on a thread of its own: sends the INVITE when told, and flags (Atomics) the first
 * response it reads, so the test's thread can wait for it while blocked. It reports every start
 * line it read when asked.
 */
const callerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const dgram = require('node:dgram');
const flag = new Int32Array(workerData.flag);
const socket = dgram.createSocket('udp4');
const lines = [];
socket.on('message', (bytes) => {
  lines.push(bytes.toString('latin1').split('\\r\\n')[0]);
  if (Atomics.load(flag, 0) === 0) { Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); }
});
socket.bind(0, '127.0.0.1', () => parentPort.postMessage('ready'));
parentPort.on('message', (m) => {
  if (m === 'send') socket.send(Buffer.from(workerData.invite), workerData.port, '127.0.0.1');
  else if (m === 'report') parentPort.postMessage(lines);
  else socket.close(() => parentPort.close());
});
`;

async function startCaller(port: number) {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(callerSource, {
    eval: true,
    workerData: { flag: flag.buffer, invite: new Uint8Array(INVITE), port },
  });
  await new Promise((resolve) => worker.once('message', resolve));
  const next = () => new Promise<unknown>((resolve) => worker.once('message', resolve));
  return {
    /** Sends the INVITE, then blocks this thread until the caller reads a response or `guardMs` passes. */
    sendAndBlock(guardMs: number): 'ok' | 'timed-out' | 'not-equal' {
      worker.postMessage('send');
      return Atomics.wait(flag, 0, 0, guardMs);
    },
    async lines(): Promise<string[]> {
      const reply = next();
      worker.postMessage('report');
      return (await reply) as string[];
    },
    async close(): Promise<void> {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('close');
      await exited;
    },
  };
}

async function startStack(
  thread: 'worker' | 'main',
): Promise<{ stack: SipStack; port: number; invites: IncomingInvite[] }> {
  const stack = createSipStack({
    transports: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }],
    udp: { thread },
  });
  const invites: IncomingInvite[] = [];
  stack.onRequest((request) => {
    if (request.method === 'INVITE') invites.push(request as IncomingInvite);
  });
  await stack.start();
  return { stack, port: stack.addresses[0]!.port, invites };
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(what);
}

describe('SIP UDP on its own thread', () => {
  test('a new INVITE is answered 100 Trying while the stack thread is blocked, once, and the call goes on', async () => {
    const { stack, port, invites } = await startStack('worker');
    const caller = await startCaller(port);
    try {
      // This thread can run nothing until the caller has read a response: only the UDP thread can answer.
      assert.equal(caller.sendAndBlock(10_000), 'ok');
      await until(() => invites.length === 1, 'the INVITE reached the handler');
      invites[0]!.respond(486);
      await until(async () => (await caller.lines()).length >= 2, 'the 486 arrived');
      assert.deepEqual(await caller.lines(), ['SIP/2.0 100 Trying', 'SIP/2.0 486 Busy Here']);
    } finally {
      await caller.close();
      await stack.close();
    }
  });

  test('control: with the socket on the stack thread, the blocked thread answers nothing', async () => {
    const { stack, port } = await startStack('main');
    const caller = await startCaller(port);
    try {
      assert.equal(caller.sendAndBlock(1_000), 'timed-out');
      await until(async () => (await caller.lines()).length >= 1, 'the 100 Trying came once unblocked');
    } finally {
      await caller.close();
      await stack.close();
    }
  });

  test('a retransmitted INVITE goes to its transaction, which repeats its 100; the handler sees one request', async () => {
    const { stack, port, invites } = await startStack('worker');
    const socket = createSocket('udp4');
    const lines: string[] = [];
    socket.on('message', (bytes) => lines.push(bytes.toString('latin1').split('\r\n')[0]!));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    try {
      socket.send(INVITE, port, '127.0.0.1');
      await until(() => lines.length === 1, 'the first 100 Trying');
      socket.send(INVITE, port, '127.0.0.1');
      await until(() => lines.length === 2, 'the 100 Trying again, for the retransmission');
      socket.send(OPTIONS, port, '127.0.0.1'); // answered after the retransmission: nothing else came
      await until(() => lines.length === 3, 'the OPTIONS answered');
      assert.deepEqual(lines, ['SIP/2.0 100 Trying', 'SIP/2.0 100 Trying', 'SIP/2.0 200 OK']);
      assert.equal(invites.length, 1);
      invites[0]!.respond(486);
      await until(() => lines.length >= 4, 'the 486');
      assert.equal(lines[3], 'SIP/2.0 486 Busy Here');
    } finally {
      socket.close();
      await stack.close();
    }
  });

  test('close frees the port; a port in use is refused; a send that fails is reported', async () => {
    const { stack, port } = await startStack('worker');
    await stack.close();
    const again = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.bind(port, '127.0.0.1', () => resolve());
    });
    try {
      const taken = createSipStack({
        transports: [{ protocol: 'udp', host: '127.0.0.1', port }],
        udp: { thread: 'worker' },
      });
      await assert.rejects(taken.start(), { message: `SIP UDP cannot listen on 127.0.0.1:${port}` });
      await taken.close();
    } finally {
      again.close();
    }
    const transport = createUdpThreadTransport(
      { protocol: 'udp', host: '127.0.0.1', port: 0 },
      { requestUriSchemes: ['sip'], forceRport: false, rememberMs: 32_000 },
    );
    await transport.listen(() => undefined);
    try {
      const failure = await new Promise<Error>((resolve) =>
        transport.send(
          OPTIONS,
          { protocol: 'udp', address: '::1', port: 5060, connectionId: undefined },
          resolve,
        ),
      );
      assert.match(failure.message, /EINVAL|EAFNOSUPPORT|family|Invalid/i);
    } finally {
      await transport.close();
    }
  });
});

describe('the early 100 Trying', () => {
  const source = { protocol: 'udp', address: '127.0.0.1', port: 40000, connectionId: undefined } as const;

  test('is the response the transaction would send, to where it would go, for the first copy only', () => {
    let now = 0;
    const early = createEarlyTrying({
      limits: sipLimits({}),
      requestUriSchemes: ['sip'],
      forceRport: false,
      rememberMs: 32_000,
      now: () => now,
    });
    const answer = early(INVITE, source);
    assert.ok(answer);
    const parsed = parseMessage(answer.bytes, { transport: 'udp' });
    assert.ok(parsed.ok && parsed.message.kind === 'response');
    assert.equal(parsed.message.status, 100);
    assert.equal(parsed.message.callId, 'a84b4c76e66710@192.0.2.10');
    assert.equal(parsed.message.to.tag, undefined, 'a 100 adds no To tag (§8.2.6.2)');
    assert.match(
      parsed.message.headers.find((h) => h.name === 'Via')!.value,
      /rport=40000;received=127\.0\.0\.1/,
    );
    assert.deepEqual(answer.to, { ...source }, 'rport: back to the source (RFC 3581)');
    assert.equal(early(INVITE, source), undefined, 'a retransmission is the transaction’s');
    now += 64_001; // both generations of remembered transactions have been dropped
    assert.ok(early(INVITE, source), 'long after, the same branch is a new transaction');
  });

  test('leaves everything but a well-formed INVITE to the stack', () => {
    const early = createEarlyTrying({
      limits: sipLimits({}),
      requestUriSchemes: ['sip'],
      forceRport: false,
      rememberMs: 32_000,
      now: () => 0,
    });
    assert.equal(early(OPTIONS, source), undefined);
    assert.equal(early(Buffer.from('INVITE sip:x SIP/2.0\r\nVia: broken\r\n\r\n'), source), undefined);
    const tel = Buffer.from(
      INVITE.toString('latin1').replace('INVITE sip:4001@', 'INVITE tel:4001@'),
      'latin1',
    );
    assert.equal(early(tel, source), undefined, 'a scheme the stack refuses (416) gets no 100 first');
  });
});
