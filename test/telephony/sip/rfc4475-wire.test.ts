/**
 * RFC 4475 torture messages sent raw to the SIP stack over UDP and over TCP (each on a fresh
 * connection), checking what goes back on the wire: the answer the RFC (expected.json) asks
 * for, or nothing; over TCP, whether the stack closed the connection. Every INVITE the test UAS
 * answers is then ACKed and hung up. Afterwards an ordinary OPTIONS and, when sipp is
 * installed, ordinary calls must still succeed. The message layer's own tests check the parse
 * outcomes; this checks the stack's behaviour.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../../src/shared/paths.js';
import { headerValue, type SipResponse } from '../../../src/telephony/sip/index.js';
import { freePort, hasSipp, sipp } from './sipp-runner.js';
import { startTestUas, type TestUas } from './test-uas.js';
import { tcpExchange, UdpWireClient, type WireReply } from './wire-client.js';

const DIR = join(packageRoot, '..', 'shared', 'conformance', 'rfc4475');

interface Expectation {
  file: string;
  rfc4475_section: string;
  expected_as_uas_or_registrar: string;
}

const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Expectation[];

/** A status, or a status with its reason phrase. */
type Answer = number | readonly [number, string];

interface WireOutcome {
  /** Every response, 100 Trying included, in order. */
  readonly answers: readonly Answer[];
  /** TCP only: the stack closes the connection. */
  readonly closed?: boolean;
}

interface Case {
  readonly udp: WireOutcome;
  /** The same as over UDP when absent. */
  readonly tcp?: WireOutcome;
  /** Why, where Hotline's answer is one of several the RFC allows or the test shapes it. */
  readonly why?: string;
}

const nothing: WireOutcome = { answers: [] };
const dropped = (why: string): Case => ({ udp: nothing, why });
const notRegistrar = '405: the test UAS is not a registrar (REGISTER is not in its Allow)';

/** What the test UAS (answers INVITE 200; 406 when Accept excludes SDP; no REGISTER) puts on the wire. */
const CASES: Record<string, Case> = {
  'wsinv.dat': {
    udp: { answers: [100, 481] },
    why: 'its To has a tag: a request in a dialog that does not exist',
  },
  'intmeth.dat': { udp: { answers: [501] } },
  'esc01.dat': { udp: { answers: [100, 200] } },
  'escnull.dat': { udp: { answers: [405] }, why: notRegistrar },
  'esc02.dat': { udp: { answers: [501] } },
  'lwsdisp.dat': { udp: { answers: [200] } },
  'longreq.dat': { udp: { answers: [100, 200] } },
  'dblreq.dat': {
    udp: { answers: [405] },
    tcp: { answers: [405, 100, [400, 'Missing Contact']], closed: true },
    why: `${notRegistrar}; over TCP the INVITE after it is framed too, then the excess bytes end the stream`,
  },
  'semiuri.dat': { udp: { answers: [200] } },
  'transports.dat': { udp: { answers: [200] } },
  'mpart01.dat': { udp: { answers: [405] }, why: 'MESSAGE is not in the test UAS Allow' },
  'unreason.dat': dropped('a response matching no transaction'),
  'noreason.dat': dropped('a response matching no transaction'),
  'badinv01.dat': { udp: { answers: [[400, 'Invalid Via']] } },
  'clerr.dat': {
    udp: { answers: [[400, 'Content-Length Exceeds Message']] },
    tcp: { answers: [], closed: true },
    why: 'over TCP the stack waits for 9999 bytes, then closes the idle connection',
  },
  'ncl.dat': {
    udp: { answers: [[400, 'Invalid Content-Length']] },
    tcp: { answers: [[400, 'Invalid Content-Length']], closed: true },
  },
  'scalar02.dat': { udp: { answers: [[400, 'Invalid CSeq']] } },
  'scalarlg.dat': dropped('a malformed response'),
  'quotbal.dat': { udp: { answers: [[400, 'Invalid To']] } },
  'ltgtruri.dat': { udp: { answers: [[400, 'Invalid Request-URI']] } },
  'lwsruri.dat': { udp: { answers: [[400, 'Malformed Start Line']] } },
  'lwsstart.dat': { udp: { answers: [[400, 'Malformed Start Line']] } },
  'trws.dat': { udp: { answers: [[400, 'Malformed Start Line']] } },
  'escruri.dat': { udp: { answers: [[400, 'Invalid Request-URI']] } },
  'baddate.dat': { udp: { answers: [100, 200] } },
  'regbadct.dat': { udp: { answers: [[400, 'Invalid Contact']] } },
  'badaspec.dat': { udp: { answers: [[400, 'Invalid To']] } },
  'baddn.dat': {
    udp: { answers: [[400, 'Invalid From']] },
    tcp: { answers: [[400, 'Duplicate Content-Length']], closed: true },
    why: 'no empty line: over TCP the probe that follows is read as more header fields',
  },
  'badvers.dat': { udp: { answers: [505] } },
  'mismatch01.dat': { udp: { answers: [[400, 'CSeq Method Mismatch']] } },
  'mismatch02.dat': {
    udp: { answers: [[400, 'CSeq Method Mismatch']] },
    why: '400 (allowed): the parser refuses it first',
  },
  'bigcode.dat': dropped('a malformed response'),
  'badbranch.dat': { udp: { answers: [200] }, why: 'RFC 2543 transaction matching' },
  'insuf.dat': { udp: { answers: [[400, 'Missing From']] } },
  'unkscm.dat': { udp: { answers: [416] } },
  'novelsc.dat': { udp: { answers: [416] } },
  'unksm2.dat': { udp: { answers: [405] }, why: notRegistrar },
  'bext01.dat': { udp: { answers: [420] } },
  'invut.dat': { udp: { answers: [100, 415] } },
  'regaut01.dat': { udp: { answers: [405] }, why: 'non-registrar: 405' },
  'multi01.dat': { udp: { answers: [[400, 'Duplicate CSeq']] } },
  'mcl01.dat': {
    udp: { answers: [[400, 'Duplicate Content-Length']] },
    tcp: { answers: [[400, 'Duplicate Content-Length']], closed: true },
  },
  'bcast.dat': dropped('a response: nothing is sent, least of all to the broadcast Via'),
  'zeromf.dat': {
    udp: { answers: [483] },
    why: "maxForwardsZero 'reject' (the default): Hotline forwards calls as a B2BUA",
  },
  'cparam01.dat': { udp: { answers: [405] }, why: notRegistrar },
  'cparam02.dat': { udp: { answers: [405] }, why: notRegistrar },
  'regescrt.dat': { udp: { answers: [405] }, why: notRegistrar },
  'sdp01.dat': { udp: { answers: [100, 406] }, why: 'its Accept excludes application/sdp' },
  'inv2543.dat': {
    udp: { answers: [100, [400, 'Missing Contact']] },
    tcp: { answers: [[400, 'Missing Content-Length']], closed: true },
    why: 'matched as RFC 2543, refused for want of a Contact; unframeable over TCP',
  },
  'test.dat': dropped('no Via to answer to'),
};

/** Final answers with their status (and reason), in order, 100 Trying included. */
function summary(replies: readonly WireReply[]): Answer[] {
  return replies.map((r) => {
    const [, status = '', ...reason] = r.startLine.split(' ');
    return [Number(status), reason.join(' ')] as const;
  });
}

function check(file: string, outcome: WireOutcome, replies: readonly WireReply[], closed?: boolean): void {
  const got = summary(replies);
  assert.equal(got.length, outcome.answers.length, `${file}: ${JSON.stringify(got)}`);
  outcome.answers.forEach((want, i) => {
    const [status, reason] = got[i] as readonly [number, string];
    if (typeof want === 'number') assert.equal(status, want, `${file}: ${JSON.stringify(got)}`);
    else assert.deepEqual([status, reason], want, file);
  });
  if (closed !== undefined) assert.equal(closed, outcome.closed === true, `${file}: connection closed?`);
  for (const r of replies) {
    const m = r.message;
    if (m?.kind !== 'response') continue;
    const required = REQUIRED_HEADERS[m.status];
    if (required !== undefined)
      assert.ok(headerValue(m, required) !== undefined, `${file}: ${m.status} without ${required}`);
  }
}

/**
 * Over UDP, a late answer to an earlier case (a retransmitted BYE's 481 on a loaded machine) can
 * arrive while the next case runs: drop 481s that carry another Call-ID than the message's
 * (nothing is dropped when the message has no Call-ID that can be read).
 */
function ownReplies(bytes: Buffer, replies: WireReply[]): WireReply[] {
  const callId = /^(?:Call-ID|i)[ \t]*:[ \t]*(\S+)[ \t]*\r?$/im.exec(bytes.toString('latin1'))?.[1];
  if (callId === undefined) return replies;
  return replies.filter(
    (r) => !(r.message?.kind === 'response' && r.message.status === 481 && r.message.callId !== callId),
  );
}

/** Header fields a refusal must carry: §8.2.1 (Allow), §8.2.2.3 (Unsupported), §8.2.3 (Accept). */
const REQUIRED_HEADERS: Record<number, string> = {
  405: 'Allow',
  501: 'Allow',
  420: 'Unsupported',
  415: 'Accept',
};

/** ACK and BYE for a 2xx the test UAS sent, as the caller would (§13.2.2.4, §15.1.1). */
function ackAndBye(ok: SipResponse, transport: 'UDP' | 'TCP', port: number): Buffer[] {
  const contact = ok.contact === '*' ? undefined : ok.contact[0];
  assert.ok(contact !== undefined, 'the 2xx has a Contact');
  const uri = contact.uri.kind === 'sip' ? `sip:${contact.uri.host}:${contact.uri.port}` : '';
  const request = (method: string, seq: number) =>
    Buffer.from(
      [
        `${method} ${uri} SIP/2.0`,
        `Via: SIP/2.0/${transport} 127.0.0.1:${port};branch=z9hG4bK-${method}-${ok.callId.length}-${seq}`,
        'Max-Forwards: 70',
        `From: ${headerValue(ok, 'From')}`,
        `To: ${headerValue(ok, 'To')}`,
        `Call-ID: ${ok.callId}`,
        `CSeq: ${seq} ${method}`,
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
  return [request('ACK', ok.cseq.seq), request('BYE', ok.cseq.seq + 1)];
}

const inviteOk = (replies: readonly WireReply[]) =>
  replies
    .map((r) => r.message)
    .find((m) => m?.kind === 'response' && m.status === 200 && m.cseq.method === 'INVITE') as
    | SipResponse
    | undefined;

const dat = (file: string) => readFileSync(join(DIR, file));

const uasOptions = {
  // Every answer goes back to the test's socket, never to the example.com hosts in the Vias.
  forceRport: true,
  resolveHost: () => Promise.reject(new Error('no name resolution in this test')),
  tcp: { idleTimeoutMs: 1_500 },
};

test('every RFC 4475 message has a wire expectation', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.dat'));
  assert.equal(files.length, 50);
  assert.deepEqual(Object.keys(CASES).sort(), files.sort());
  assert.deepEqual(expected.map((e) => e.file).sort(), files.sort());
  for (const e of expected) {
    const c = CASES[e.file]!;
    const finals = c.udp.answers.map((a) => (typeof a === 'number' ? a : a[0])).filter((s) => s !== 100);
    // An answer the RFC does not name needs a reason here.
    for (const status of finals) {
      if (!e.expected_as_uas_or_registrar.includes(String(status)) && status !== 200)
        assert.ok(c.why, e.file);
    }
  }
});

describe('RFC 4475 messages over UDP', () => {
  let uas: TestUas;
  let client: UdpWireClient;
  before(async () => {
    uas = await startTestUas(uasOptions, ['udp']);
    client = await UdpWireClient.open();
  });
  after(async () => {
    await client.close();
    await uas.close();
  });

  for (const e of expected) {
    const c = CASES[e.file]!;
    test(`${e.file} (§${e.rfc4475_section}) → ${c.udp.answers.map(String).join(', ') || 'nothing'}`, async () => {
      const replies = ownReplies(dat(e.file), await client.exchange(dat(e.file), uas.port('udp')));
      check(e.file, c.udp, replies);
      const ok = inviteOk(replies);
      if (ok === undefined) return;
      const [ack, bye] = ackAndBye(ok, 'UDP', client.port);
      client.send(ack!, uas.port('udp'));
      const byeReplies = await client.exchange(bye!, uas.port('udp'));
      assert.deepEqual(
        summary(byeReplies).map((a) => (typeof a === 'number' ? a : a[0])),
        [200],
      );
    });
  }

  test('afterwards: no dialog left, OPTIONS answered, calls succeed', async (t) => {
    assert.equal(uas.stack.stats().dialogs, 0);
    assert.deepEqual(await client.exchange(Buffer.alloc(0), uas.port('udp')), []);
    if (!hasSipp) {
      t.diagnostic('sipp (sip-tester) is not installed: the calls afterwards are not checked');
      return;
    }
    const workDir = mkdtempSync(join(tmpdir(), 'hotline-rfc4475-'));
    try {
      const run = sipp(
        [
          '-sn',
          'uac',
          `127.0.0.1:${uas.port('udp')}`,
          '-i',
          '127.0.0.1',
          '-p',
          String(await freePort()),
          '-m',
          '5',
          '-r',
          '10',
        ],
        workDir,
      );
      assert.equal(await run.exit, 0);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });
});

describe('RFC 4475 messages over TCP', () => {
  let uas: TestUas;
  before(async () => {
    uas = await startTestUas(uasOptions, ['tcp']);
  });
  after(() => uas.close());

  for (const e of expected) {
    const c = CASES[e.file]!;
    const outcome = c.tcp ?? c.udp;
    test(`${e.file} (§${e.rfc4475_section}) → ${outcome.answers.map(String).join(', ') || 'nothing'}${outcome.closed ? ', closed' : ''}`, async () => {
      const { replies, closed } = await tcpExchange(dat(e.file), uas.port('tcp'));
      check(e.file, outcome, replies, closed);
      const ok = inviteOk(replies);
      if (ok === undefined) return;
      const bytes = Buffer.concat(ackAndBye(ok, 'TCP', 5060));
      const bye = await tcpExchange(bytes, uas.port('tcp'));
      assert.deepEqual(
        summary(bye.replies).map((a) => (typeof a === 'number' ? a : a[0])),
        [200],
      );
    });
  }

  test('afterwards: no dialog left, OPTIONS answered, calls succeed', async (t) => {
    assert.equal(uas.stack.stats().dialogs, 0);
    const probeOnly = await tcpExchange(Buffer.alloc(0), uas.port('tcp'));
    assert.deepEqual(probeOnly, { replies: [], closed: false, answered: true });
    if (!hasSipp) {
      t.diagnostic('sipp (sip-tester) is not installed: the calls afterwards are not checked');
      return;
    }
    const workDir = mkdtempSync(join(tmpdir(), 'hotline-rfc4475-'));
    try {
      const run = sipp(
        [
          '-sn',
          'uac',
          `127.0.0.1:${uas.port('tcp')}`,
          '-i',
          '127.0.0.1',
          '-p',
          String(await freePort()),
          '-t',
          't1',
          '-m',
          '5',
          '-r',
          '10',
        ],
        workDir,
      );
      assert.equal(await run.exit, 0);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });
});
