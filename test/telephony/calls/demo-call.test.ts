/**
 * The demo out of the box, as the README tells a user to try it: a softphone registers as agent
 * 1001 with the documented password, a caller from a Beijing number calls the demo number, and
 * the agent's phone answers — the demo's own function placing the caller from its table.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type BaresipPhone, startBaresip, toneWav } from '../../helpers/baresip.js';
import { endedSipCall } from '../../helpers/call-record.js';
import { callerMedia } from '../../helpers/caller-media.js';
import { eventually } from '../../helpers/eventually.js';
import { startTestHotline, type TestHotline } from '../../helpers/hotline.js';
import { runSipp } from '../../helpers/sipp.js';
import { callAndTalk } from './scenarios.js';

const havePeers = existsSync('/usr/bin/sipp') && existsSync('/usr/bin/baresip') && existsSync('/usr/bin/sox');

describe('the demo with a real phone', {
  skip: havePeers ? false : 'sipp, baresip or sox is missing',
}, () => {
  let h: TestHotline;
  let phone: BaresipPhone;
  let dir: string;
  let sip: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hotline-demo-call-'));
    const voice = join(dir, 'voice.wav');
    toneWav(voice, 700, 120);
    h = await startTestHotline({
      demo: { enabled: true },
      sip: { listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }] },
      media: { rtpPortMin: 35100, rtpPortMax: 35299 },
    });
    sip = `127.0.0.1:${h.hotline.sip[0]!.port}`;
    // The function's first run starts its sandbox; on a loaded machine that can outlast the flow's
    // 3 s limit. A user's first test run in the console does the same.
    await h.ok('POST', '/v1/regions/cn-hangzhou/services/demo-service/functions/get_number_region/test', {
      payload: '{"phone": "01062345678"}',
    });
    phone = await startBaresip({
      registrar: sip,
      accounts: [{ user: '1001', password: 'hotline-1001' }],
      voiceWav: voice,
      rtpPorts: [37600, 37699],
    });
  });
  after(async () => {
    await phone?.stop();
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('rings the Beijing agent who registered with the README’s credentials, and records the call', async () => {
    await eventually(
      async () =>
        ((await h.request('GET', '/v1/instances/demo/agents/1001/state')).json as { state: string }).state ===
        'ready',
      'agent 1001 registered (ready)',
    );
    const media = await callerMedia({ talkToneHz: 1200 });
    try {
      const res = await runSipp(
        callAndTalk({ caller: '01062345678', called: '4008001234', mediaPort: media.port, talkMs: 8000 }),
        sip,
        [],
        40,
      );
      assert.equal(res.code, 0, `${res.out.slice(-1500)}\n${phone.output()}`);
    } finally {
      media.close();
    }
    const record = await endedSipCall<{
      variables: Record<string, string>;
      agent: { loginName: string; skillGroup: string };
      recordings: { kind: string }[];
    }>(h, 'demo', '01062345678');
    assert.equal(record.variables.region, '北京北京');
    assert.equal(record.agent.skillGroup, '北京客服组');
    assert.equal(record.agent.loginName, '1001');
    assert.ok(
      record.recordings.some((r) => r.kind === 'call'),
      'the demo records conversations',
    );
  });
});
