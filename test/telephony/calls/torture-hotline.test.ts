/**
 * RFC 4475's torture messages sent raw to a whole Hotline (the contact center's INVITE handling and
 * the registrar behind the SIP stack), over UDP and TCP: Hotline stays up and answers each in time;
 * where the RFC names the answer for a UAS or registrar, Hotline's final answer is one it names;
 * nothing it must refuse reaches a flow or a binding. Afterwards an ordinary call still runs its
 * flow. (test/telephony/sip/rfc4475-wire.test.ts checks the stack's exact answers on its own.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { packageRoot } from '../../../src/shared/paths.js';
import { callerMedia } from '../../helpers/caller-media.js';
import { startTestHotline, type TestHotline } from '../../helpers/hotline.js';
import { sayAndHangUp } from '../../helpers/say-and-hang-up.js';
import { runSipp } from '../../helpers/sipp.js';
import { tcpExchange, UdpWireClient, type WireReply } from '../sip/wire-client.js';
import { callUntilHotlineHangsUp } from './scenarios.js';

const DIR = join(packageRoot, '..', 'shared', 'conformance', 'rfc4475');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as {
  file: string;
  expected_as_uas_or_registrar: string;
}[];

/** The statuses the RFC allows, when its expectation starts with them ('400 …', 'registrar: 401 …'). */
function allowed(text: string): number[] | undefined {
  const named = /^(?:registrar:\s*)?(\d{3})/.exec(text);
  if (!named) return undefined;
  return [...text.matchAll(/\b([1-6]\d\d)\b/g)].map((m) => Number(m[1]));
}

const finals = (replies: WireReply[]) =>
  replies.map((r) => Number(/^SIP\/2\.0 (\d{3})/.exec(r.startLine)?.[1] ?? 0)).filter((s) => s >= 200);

describe('RFC 4475 torture messages against a whole Hotline', () => {
  let h: TestHotline;
  let udp: UdpWireClient;
  let ports: { udp: number; tcp: number };

  before(async () => {
    h = await startTestHotline({
      sip: {
        listen: [
          { transport: 'udp', host: '127.0.0.1', port: 0 },
          { transport: 'tcp', host: '127.0.0.1', port: 0 },
        ],
      },
      media: { rtpPortMin: 35300, rtpPortMax: 35499 },
    });
    ports = {
      udp: h.hotline.sip.find((a) => a.protocol === 'udp')!.port,
      tcp: h.hotline.sip.find((a) => a.protocol === 'tcp')!.port,
    };
    udp = await UdpWireClient.open();
  });
  after(async () => {
    await udp?.close();
    await h?.close();
  });

  for (const transport of ['udp', 'tcp'] as const) {
    it(`answers every message over ${transport.toUpperCase()} as the RFC allows, and stays up`, async () => {
      const problems: string[] = [];
      for (const e of expected) {
        const bytes = readFileSync(join(DIR, e.file));
        let replies: WireReply[];
        if (transport === 'udp') replies = await udp.exchange(bytes, ports.udp);
        else replies = (await tcpExchange(bytes, ports.tcp)).replies;
        const statuses = allowed(e.expected_as_uas_or_registrar);
        const got = finals(replies);
        // Over TCP a message the stack cannot frame may close the connection without an answer.
        if (statuses && got.length > 0 && !got.every((s) => statuses.includes(s)))
          problems.push(`${e.file}: answered ${got.join(',')}, the RFC expects ${statuses.join('/')}`);
        if (got.some((s) => s >= 200 && s < 300) && /^4\d\d|^5\d\d/.test(e.expected_as_uas_or_registrar))
          problems.push(`${e.file}: accepted (${got.join(',')}) what must be refused`);
      }
      assert.deepEqual(problems, []);
      const status = await h.request('GET', '/v1/status');
      assert.equal(status.status, 200);
      // Nothing the torture messages said reached a flow or a binding.
      const calls = (await h.request('GET', '/v1/status')).json as { telephony: { activeCalls: number } };
      assert.equal(calls.telephony.activeCalls, 0);
      const bindings = await h.hotline.store.db.selectFrom('sip_bindings').selectAll().execute();
      assert.equal(bindings.length, 0);
    });
  }

  it('still runs an ordinary call through its flow afterwards', async () => {
    const ok = h.ok;
    await ok('POST', '/v1/instances', { name: 'torture' });
    await ok('POST', '/v1/instances/torture/flows', {
      name: 'hello',
      definition: sayAndHangUp('hello', 'Still here.'),
    });
    await ok('POST', '/v1/instances/torture/flows/hello/publish', {});
    await ok('POST', '/v1/instances/torture/numbers', { number: '4009990001', flow: 'hello' });
    const media = await callerMedia();
    try {
      const res = await runSipp(
        callUntilHotlineHangsUp({ caller: '13900000099', called: '4009990001', mediaPort: media.port }),
        `127.0.0.1:${ports.udp}`,
      );
      assert.equal(res.code, 0, res.out.slice(-1500));
      assert.ok(media.packets.length >= 30, `the prompt played: ${media.packets.length} packets`);
    } finally {
      media.close();
    }
  });
});
