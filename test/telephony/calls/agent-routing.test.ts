/**
 * Routing real calls to people, with baresip phones as agents and sipp as the callers: ring timeout
 * moves the call to the next agent (the first is set not ready), a caller who hangs up while an
 * agent's phone rings cancels that leg, a transfer to one agent, PCMU ↔ PCMA between caller and
 * agent, and transfers to external numbers through the outbound trunk — sipp with a UDP echo of the
 * test stands in for the carrier, and authenticates Hotline (digest) — only to allowed numbers and
 * within the instance's cap.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type BaresipPhone, freeUdpPort, startBaresip, toneWav } from '../../helpers/baresip.js';
import { endedSipCall } from '../../helpers/call-record.js';
import { callerMedia } from '../../helpers/caller-media.js';
import { eventually } from '../../helpers/eventually.js';
import { toneShare } from '../../helpers/goertzel.js';
import { startTestHotline, type TestHotline } from '../../helpers/hotline.js';
import { runSipp } from '../../helpers/sipp.js';
import { answerWithMedia, callAndTalk, callUntilHotlineHangsUp, hangUpAtRandom } from './scenarios.js';

const havePeers = existsSync('/usr/bin/sipp') && existsSync('/usr/bin/baresip') && existsSync('/usr/bin/sox');
const inst = '/v1/instances/route';
const CALLER_TONE = 1200;
const AGENT_TONE = 700;

interface CallRecord {
  ani: string;
  channel: string;
  disposition: string;
  hangupBy: string;
  trace: { steps: { moduleId: string; exit?: string; detail?: Record<string, unknown> }[] };
  agent: {
    skillGroup: string | null;
    loginName: string | null;
    ringAttempts: number | null;
    talkMs: number | null;
  } | null;
}

/** A short prompt, then the transfer (the caller's media starts talking once it hears Hotline). */
const flow = (name: string, transfer: Record<string, unknown>) => ({
  name,
  modules: [
    { id: 'start', type: 'start', exits: { next: 'connecting' } },
    {
      id: 'connecting',
      type: 'play',
      config: { prompt: { kind: 'tts', text: 'Connecting.', language: 'en-US' } },
      exits: { next: 'transfer' },
    },
    { ...transfer, id: 'transfer', exits: { failure: 'bye' } },
    { id: 'bye', type: 'hangup' },
  ],
});

const carrierAccount = { username: 'hotline-trunk', password: 'carrier-secret-1' };

describe('routing real calls to agents and numbers', {
  skip: havePeers ? false : 'sipp, baresip or sox is missing (npm run setup installs them)',
}, () => {
  let h: TestHotline;
  let phone: BaresipPhone;
  let carrier: ChildProcess;
  let echo: Socket;
  /** Packets the carrier's far end has echoed: an outbound call is connected and talking. */
  let echoed = 0;
  let sip: string;
  let dir: string;
  const numbers: Record<string, string> = {};

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hotline-routing-'));
    const voice = join(dir, 'voice.wav');
    toneWav(voice, AGENT_TONE, 300);
    const carrierPort = await freeUdpPort();
    // The carrier's stand-in: sipp challenges every call (digest), then answers it with an SDP
    // naming a UDP socket of the test that echoes the audio back to where it came from.
    echo = createSocket('udp4');
    echo.on('message', (m, from) => {
      echoed++;
      echo.send(m, from.port, from.address);
    });
    await new Promise<void>((r) => echo.bind(0, '127.0.0.1', r));
    const scenario = join(dir, 'callee.xml');
    writeFileSync(scenario, answerWithMedia(echo.address().port, carrierAccount));
    carrier = spawn(
      'timeout',
      ['-k', '3', '300', 'sipp', '-sf', scenario, '-i', '127.0.0.1', '-p', String(carrierPort), '-nostdin'],
      { stdio: 'ignore' },
    );
    h = await startTestHotline({
      sip: {
        listen: [
          { transport: 'udp', host: '127.0.0.1', port: 0 },
          { transport: 'tcp', host: '127.0.0.1', port: 0 },
        ],
        outboundTrunk: `sip:127.0.0.1:${carrierPort}`,
        outboundAuth: carrierAccount,
      },
      media: { rtpPortMin: 35500, rtpPortMax: 35899 },
    });
    sip = `127.0.0.1:${h.hotline.sip.find((a) => a.protocol === 'udp')!.port}`;
    const ok = h.ok;
    await ok('POST', '/v1/instances', {
      name: 'route',
      outbound: { allow: ['010XXXXXXXX'], maxConcurrentCalls: 1 },
    });
    await ok('POST', `${inst}/skill-groups`, {
      name: 'sales',
      ringTimeoutSeconds: 5,
      afterCallWorkSeconds: 1,
    });
    await ok('POST', `${inst}/skill-groups`, {
      name: 'alaw',
      ringTimeoutSeconds: 5,
      afterCallWorkSeconds: 1,
    });
    const agents = [
      // The best skilled sales agent never answers; the other one does.
      { loginName: '4001', skills: [{ skillGroup: 'sales', level: 9 }], answer: 'manual' as const },
      { loginName: '4002', skills: [{ skillGroup: 'sales', level: 3 }] },
      { loginName: '4003', skills: [], codecs: 'pcma' },
      // A phone that registers over TCP is rung over TCP.
      {
        loginName: '4005',
        skills: [],
        tcp: `127.0.0.1:${h.hotline.sip.find((a) => a.protocol === 'tcp')!.port}`,
      },
    ];
    for (const a of agents)
      await ok('POST', `${inst}/agents`, {
        loginName: a.loginName,
        extension: a.loginName,
        skills: a.skills,
        password: `pw-${a.loginName}-xyz`,
      });
    const flows = {
      sales: flow('sales', {
        type: 'transferToSkillGroup',
        config: { skillGroupId: 'sales', queueTimeoutSec: 20 },
      }),
      direct: flow('direct', { type: 'transferToAgent', config: { agentId: '4003', ringTimeoutSec: 10 } }),
      tcp: flow('tcp', { type: 'transferToAgent', config: { agentId: '4005', ringTimeoutSec: 10 } }),
      outbound: flow('outbound', {
        type: 'transferToNumber',
        config: { number: '01088889999', ringTimeoutSec: 10 },
      }),
      denied: flow('denied', {
        type: 'transferToNumber',
        config: { number: '02188889999', ringTimeoutSec: 10 },
      }),
    };
    let n = 4002000001;
    for (const [name, definition] of Object.entries(flows)) {
      numbers[name] = String(n++);
      await ok('POST', `${inst}/flows`, { name, definition });
      await ok('POST', `${inst}/flows/${name}/publish`, {});
      await ok('POST', `${inst}/numbers`, { number: numbers[name], flow: name });
    }
    phone = await startBaresip({
      registrar: sip,
      accounts: agents.map((a) => ({
        user: a.loginName,
        password: `pw-${a.loginName}-xyz`,
        answer: a.answer,
        codecs: a.codecs,
        tcp: a.tcp,
      })),
      voiceWav: voice,
      rtpPorts: [37200, 37399],
      seconds: 300,
    });
    await eventually(
      async () => (await Promise.all(agents.map((a) => state(a.loginName)))).every((s) => s === 'ready'),
      () => phone.output(),
    );
  });

  after(async () => {
    await phone?.stop();
    carrier?.kill();
    echo?.close();
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const state = async (login: string) =>
    ((await h.request('GET', `${inst}/agents/${login}/state`)).json as { state: string }).state;

  const recordOf = (ani: string) => endedSipCall<CallRecord>(h, 'route', ani);

  async function talk(ani: string, number: string, talkMs: number) {
    const media = await callerMedia({ talkToneHz: CALLER_TONE });
    try {
      const res = await runSipp(
        callAndTalk({ caller: ani, called: number, mediaPort: media.port, talkMs }),
        sip,
        [],
        40,
      );
      return { res, media, end: Date.now() };
    } finally {
      media.close();
    }
  }

  it('rings the next agent when the first does not answer in time, and sets the first not ready', async () => {
    const { res, media, end } = await talk('13900000001', numbers.sales!, 9000);
    assert.equal(res.code, 0, res.out.slice(-1500));
    const record = await recordOf('13900000001');
    assert.equal(record.agent?.loginName, '4002');
    assert.equal(record.agent?.ringAttempts, 2);
    assert.equal(await state('4001'), 'notReady');
    assert.ok(
      toneShare(media.heard(end - 1200, end - 300), AGENT_TONE, 8000) > 0.5,
      'the caller hears the agent',
    );
    await h.request('PUT', `${inst}/agents/4001/state`, { state: 'ready' });
  });

  it('cancels the ringing agent leg when the caller hangs up, leaving nothing behind', async () => {
    await h.request('PUT', `${inst}/agents/4002/state`, { state: 'notReady' });
    await eventually(
      async () => (await state('4001')) === 'ready',
      () => 'agent 4001 is not ready',
    );
    const media = await callerMedia();
    try {
      // The caller gives up while 4001's phone rings (ring timeout 5 s; the caller leaves at once).
      const res = await runSipp(
        hangUpAtRandom({ caller: '13900000002', called: numbers.sales!, mediaPort: media.port, maxMs: 1 }),
        sip,
        [],
        20,
      );
      assert.equal(res.code, 0, res.out.slice(-1500));
    } finally {
      media.close();
    }
    await eventually(
      async () => (await state('4001')) === 'ready',
      () => 'agent 4001 went back to ready',
    );
    await eventually(
      async () => {
        const s = (await h.request('GET', '/v1/status')).json as {
          telephony?: { sip: { dialogs: number }; media: { sessions: number } };
        };
        return s.telephony?.sip.dialogs === 0 && s.telephony?.media.sessions === 0;
      },
      () => 'dialogs or media sessions were left after the caller hung up',
    );
    await h.request('PUT', `${inst}/agents/4002/state`, { state: 'ready' });
  });

  it('transfers to one agent, converting PCMU to the PCMA the agent’s phone speaks', async () => {
    const { res, media, end } = await talk('13900000003', numbers.direct!, 6000);
    assert.equal(res.code, 0, res.out.slice(-1500));
    const record = await recordOf('13900000003');
    assert.equal(record.agent?.loginName, '4003');
    assert.equal(record.agent?.skillGroup, null);
    assert.ok(
      toneShare(media.heard(end - 1200, end - 300), AGENT_TONE, 8000) > 0.5,
      'the caller hears the PCMA agent',
    );
  });

  it('rings an agent whose phone registered over TCP, and bridges the audio', async () => {
    const { res, media, end } = await talk('13900000008', numbers.tcp!, 6000);
    assert.equal(res.code, 0, res.out.slice(-1500));
    const record = await recordOf('13900000008');
    assert.equal(record.agent?.loginName, '4005');
    assert.ok(
      toneShare(media.heard(end - 1200, end - 300), AGENT_TONE, 8000) > 0.5,
      'the caller hears the agent on the TCP phone',
    );
  });

  it('transfers to an allowed external number through the trunk and bridges the audio', async () => {
    const { res, media, end } = await talk('13900000004', numbers.outbound!, 7000);
    assert.equal(res.code, 0, res.out.slice(-1500));
    const record = await recordOf('13900000004');
    assert.equal(record.disposition, 'transferred', JSON.stringify(record.trace.steps));
    assert.equal(record.agent?.loginName, '01088889999');
    // The stand-in carrier echoes: the caller hears its own tone back through the bridge.
    const heard = media.heard(end - 1200, end - 300);
    const share = toneShare(heard, CALLER_TONE, 8000);
    assert.ok(
      share > 0.5,
      `audio went out and came back: ${heard.length} samples, tone share ${share.toFixed(2)}; ${media.packets.length} packets from ${media.arrivals[0]! - end} to ${media.arrivals.at(-1)! - end} ms; ${JSON.stringify(record)}`,
    );
  });

  it('refuses numbers outside the allow-list and beyond the cap, taking the failure and busy exits', async () => {
    const media = await callerMedia();
    try {
      const res = await runSipp(
        callUntilHotlineHangsUp({ caller: '13900000005', called: numbers.denied!, mediaPort: media.port }),
        sip,
        [],
        20,
      );
      assert.equal(res.code, 0, res.out.slice(-1500));
    } finally {
      media.close();
    }
    const denied = await recordOf('13900000005');
    const step = denied.trace.steps.find((s) => s.moduleId === 'transfer');
    assert.equal(step?.exit, 'failure');
    assert.match(JSON.stringify(step?.detail), /not in the instance's outbound allow-list/);

    // With the cap at 1, a second outbound call while the first talks is busy.
    const before = echoed;
    const first = talk('13900000006', numbers.outbound!, 5000);
    await eventually(
      async () => echoed > before + 10,
      () => 'the first outbound call is connected',
    );
    const media2 = await callerMedia();
    try {
      const res = await runSipp(
        callUntilHotlineHangsUp({ caller: '13900000007', called: numbers.outbound!, mediaPort: media2.port }),
        sip,
        [],
        20,
      );
      assert.equal(res.code, 0, res.out.slice(-1500));
    } finally {
      media2.close();
    }
    assert.equal((await first).res.code, 0);
    const capped = await recordOf('13900000007');
    assert.equal(capped.trace.steps.find((s) => s.moduleId === 'transfer')?.exit, 'busy');
  });
});
