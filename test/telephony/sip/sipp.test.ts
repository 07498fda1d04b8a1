/**
 * Interoperability with a real peer on loopback: sipp's built-in UAC places calls to a tiny
 * stateless UAS made of this layer (parseMessage → buildResponse → serializeMessage), and our
 * requests call sipp's built-in UAS. No transaction layer yet: answers go to the source address.
 * Skipped when sipp (Debian package sip-tester) is not installed.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  buildResponse,
  errorResponseFor,
  headerValue,
  newBranch,
  newCallId,
  newTag,
  parseMessage,
  parseUri,
  type SipResponse,
  serializeMessage,
  statelessTag,
  type WireRequest,
} from '../../../src/telephony/sip/index.js';

const hasSipp = spawnSync('sipp', ['-v']).error === undefined;
const workDir = mkdtempSync(join(tmpdir(), 'hotline-sipp-'));
after(() => rmSync(workDir, { recursive: true, force: true }));

const SDP = Buffer.from(
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n',
);

function bind(): Promise<Socket> {
  const socket = createSocket('udp4');
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket)));
}

function sipp(args: string[]): Promise<number | null> {
  const child = spawn(
    'timeout',
    ['-k', '3', '30', 'sipp', ...args, '-nostdin', '-timeout', '20s', '-timeout_error'],
    {
      cwd: workDir,
      stdio: 'ignore',
    },
  );
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('interoperability with sipp', { skip: hasSipp ? false : 'sipp is not installed' }, () => {
  test('sipp -sn uac places 100 calls to a UAS built on this layer', async () => {
    const socket = await bind();
    const port = socket.address().port;
    const seen = new Map<string, number>();
    const refused: string[] = [];
    const send = (bytes: Buffer, to: RemoteInfo) => socket.send(bytes, to.port, to.address);
    socket.on('message', (bytes, from) => {
      const result = parseMessage(bytes, { transport: 'udp' });
      if (!result.ok) {
        refused.push(result.error.detail);
        const answer = errorResponseFor(result);
        if (answer !== null) send(serializeMessage(answer), from);
        return;
      }
      const m = result.message;
      if (m.kind !== 'request') return;
      seen.set(m.method, (seen.get(m.method) ?? 0) + 1);
      if (m.method === 'ACK') return;
      if (m.method === 'INVITE') {
        // One tag for every response of the call, as a UAS keeping no state must (§8.2.7).
        const toTag = statelessTag([m.callId, m.from.tag]);
        send(serializeMessage(buildResponse(m, 100)), from);
        send(serializeMessage(buildResponse(m, 180, undefined, { toTag })), from);
        const contact = { name: 'Contact', value: `<sip:hotline@127.0.0.1:${port}>` };
        const sdp = { name: 'Content-Type', value: 'application/sdp' };
        send(
          serializeMessage(buildResponse(m, 200, 'OK', { toTag, headers: [contact, sdp], body: SDP })),
          from,
        );
        return;
      }
      send(serializeMessage(buildResponse(m, 200)), from);
    });
    try {
      const code = await sipp([
        '-sn',
        'uac',
        `127.0.0.1:${port}`,
        '-i',
        '127.0.0.1',
        '-m',
        '100',
        '-r',
        '100',
        '-l',
        '50',
      ]);
      assert.equal(code, 0, 'sipp reports failed calls');
      assert.deepEqual(refused, []);
      assert.equal(seen.get('INVITE'), 100);
      assert.equal(seen.get('ACK'), 100);
      assert.equal(seen.get('BYE'), 100);
    } finally {
      socket.close();
    }
  });

  test('calls from this layer to sipp -sn uas', async () => {
    const probe = await bind();
    const sippPort = probe.address().port;
    probe.close();
    const calls = 20;
    const exit = sipp(['-sn', 'uas', '-i', '127.0.0.1', '-p', String(sippPort), '-m', String(calls)]);
    const socket = await bind();
    const port = socket.address().port;
    const responses: SipResponse[] = [];
    let wake: () => void = () => undefined;
    socket.on('message', (bytes) => {
      const result = parseMessage(bytes, { transport: 'udp' });
      assert.ok(result.ok, result.ok ? '' : result.error.detail);
      if (result.message.kind === 'response') responses.push(result.message);
      wake();
    });
    const next = async (method: string): Promise<SipResponse> => {
      for (;;) {
        const i = responses.findIndex((r) => r.status >= 200 && r.cseq.method === method);
        if (i >= 0) return responses.splice(i, 1)[0]!;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    };
    const send = (request: WireRequest) => socket.send(serializeMessage(request), sippPort, '127.0.0.1');
    const target = parseUri(`sip:service@127.0.0.1:${sippPort}`);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // sipp binds its port
      for (let call = 0; call < calls; call++) {
        const callId = newCallId('127.0.0.1');
        const from = `<sip:hotline@127.0.0.1:${port}>;tag=${newTag()}`;
        const common = (cseq: string, to: string) => [
          { name: 'Via', value: `SIP/2.0/UDP 127.0.0.1:${port};branch=${newBranch()};rport` },
          { name: 'Max-Forwards', value: '70' },
          { name: 'From', value: from },
          { name: 'To', value: to },
          { name: 'Call-ID', value: callId },
          { name: 'CSeq', value: cseq },
          { name: 'Contact', value: `<sip:hotline@127.0.0.1:${port}>` },
        ];
        const to = `<sip:service@127.0.0.1:${sippPort}>`;
        send({
          kind: 'request',
          method: 'INVITE',
          requestUri: target,
          headers: [...common('1 INVITE', to), { name: 'Content-Type', value: 'application/sdp' }],
          body: SDP,
        });
        const ok = await next('INVITE');
        assert.equal(ok.status, 200);
        assert.ok(ok.to.tag !== undefined);
        const dialogTo = headerValue(ok, 'To')!;
        const remote = ok.contact === '*' || ok.contact[0] === undefined ? target : ok.contact[0].uri;
        send({
          kind: 'request',
          method: 'ACK',
          requestUri: remote,
          headers: common('1 ACK', dialogTo),
          body: Buffer.alloc(0),
        });
        send({
          kind: 'request',
          method: 'BYE',
          requestUri: remote,
          headers: common('2 BYE', dialogTo),
          body: Buffer.alloc(0),
        });
        assert.equal((await next('BYE')).status, 200);
      }
      assert.equal(await exit, 0, 'sipp uas reports failed calls');
    } finally {
      socket.close();
    }
  });
});
