/**
 * The agent workbench in Debian's Chromium against the real Hotline: a sipp caller (whose media
 * port is a UDP socket of this test: it hears Hotline and speaks a 600 Hz tone) calls a number
 * whose flow sets the caller's region and queues the call in a skill group; the agent, signed in at
 * /console/workbench with a fake microphone playing 1 kHz, sees the incoming call with the caller's
 * number, region and the flow's variables, answers; the audio flows both ways through the WebRTC
 * leg bridged to the SIP call; hold plays music to the caller; the agent hangs up (BYE to sipp) →
 * after-call work → finish → ready; the call record names the agent. Then, in Chinese, a second
 * call is rejected. Screenshots in test-artifacts/console/. RTP ports 39400-39599, WebRTC
 * 39600-39799.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { decodeG711 } from '../../src/telephony/media/g711.js';
import { exactToneShare, toneShare } from '../helpers/goertzel.js';
import { startTestHotline, type TestHotline } from '../helpers/hotline.js';
import { callUntilHotlineHangsUp } from '../telephony/calls/scenarios.js';
import { CallerMedia, type HeardPacket, haveSipp, runSipp } from '../telephony/calls/sipp.js';
import {
  chromiumSkipReason,
  launchSoftphoneBrowser,
  type RemoteAudio,
  remoteAudioProbe,
  type SoftphoneBrowser,
} from '../telephony/webrtc/chromium.js';
import { repoRoot } from './harness.js';

const artifacts = join(repoRoot, 'test-artifacts', 'console');
const skip = !existsSync(join(repoRoot, 'console', 'dist', 'index.html'))
  ? 'console/dist/index.html is missing: build the console first (npx vite build --config console/vite.config.ts)'
  : !haveSipp
    ? 'sipp is not installed (npm run setup installs it)'
    : chromiumSkipReason;

const inst = '/v1/instances/hz-support';
const AGENT = { loginName: 'alice', displayName: 'Alice Wang', password: 'correct horse battery' };
const SUPPORT_NUMBER = '4005000001';
/** Its flow gives up after 5 s in the queue (the rejected call). */
const SHORT_NUMBER = '4005000002';
const CALLER_HZ = 600;
const MICROPHONE_HZ = 1000;
const HOLD_MUSIC_HZ = [523, 659, 784, 587, 698, 880];

/** Keeps the page's RTCPeerConnection and an analyser on its remote audio (for remoteAudioProbe). */
const captureRemoteAudio = `(() => {
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      window.pc = this;
      this.addEventListener('track', (e) => {
        const ctx = new AudioContext();
        const analyser = ctx.createAnalyser();
        analyser.fftSize = 8192;
        ctx.createMediaStreamSource(new MediaStream([e.track])).connect(analyser);
        window.remoteAnalyser = analyser;
      });
    }
  };
})();`;

/** Notes when the page sent `answer` and got `answerSdp` and `connected` (performance.now() of the page). */
const timeSocket = `(() => {
  const Native = window.WebSocket;
  window.wbTimes = {};
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const type = JSON.parse(e.data).type;
        if (type === 'answerSdp' || type === 'connected') window.wbTimes[type] = performance.now();
      });
    }
    send(data) {
      if (JSON.parse(data).type === 'answer') window.wbTimes.answer = performance.now();
      super.send(data);
    }
  };
})();`;

/** A flow that sets the caller's region and order, then queues the call in `sales`. */
function queueFlow(name: string, queueTimeoutSec: number) {
  return {
    name,
    variables: [{ name: 'region' }, { name: 'orderId' }],
    modules: [
      { id: 'start', type: 'start', exits: { next: 'vars' } },
      {
        id: 'vars',
        type: 'setVariable',
        config: {
          assignments: [
            { variable: 'region', value: '北京北京' },
            { variable: 'orderId', value: 'A-1001' },
          ],
        },
        exits: { next: 'to-sales', failure: 'bye' },
      },
      {
        id: 'to-sales',
        type: 'transferToSkillGroup',
        config: { skillGroupId: 'sales', queueTimeoutSec },
        exits: { failure: 'bye' },
      },
      { id: 'bye', type: 'hangup' },
    ],
  };
}

/** The share of the packets that sound (not silence) and are one of the hold music's tones. */
function musicShare(packets: HeardPacket[]): number {
  const sounding = packets
    .filter((p) => p.payloadType === 0)
    .map((p) => decodeG711('PCMU', p.payload))
    .filter((pcm) => pcm.some((x) => Math.abs(x) > 500));
  const tones = sounding.filter((pcm) => HOLD_MUSIC_HZ.some((hz) => exactToneShare(pcm, hz, 8000) > 0.8));
  return packets.length === 0 ? 0 : tones.length / packets.length;
}

/** How much of `hz` the packets hold (PCMU), over their audio. */
function share(packets: HeardPacket[], hz: number): number {
  const audio = packets.filter((p) => p.payloadType === 0);
  return audio.length === 0
    ? 0
    : toneShare(decodeG711('PCMU', Buffer.concat(audio.map((p) => p.payload))), hz, 8000);
}

async function until(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = performance.now() + timeoutMs;
  while (!(await predicate())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('agent workbench against the real server', { skip, timeout: 180_000 }, () => {
  let h: TestHotline;
  let sip: string;
  let chromium: SoftphoneBrowser;
  let page: Page;
  let caller: CallerMedia;
  let call: Promise<{ code: number; out: string }> | undefined;
  const pageErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`) });
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await h.request(method, path, body);
    assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
    return res.json;
  };

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    h = await startTestHotline({
      sip: { listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }] },
      media: { rtpPortMin: 39400, rtpPortMax: 39599 },
      webrtc: { portMin: 39600, portMax: 39799 },
    });
    sip = `127.0.0.1:${h.hotline.sip.find((a) => a.protocol === 'udp')!.port}`;
    await ok('POST', '/v1/instances', { name: 'hz-support' });
    await ok('POST', `${inst}/skill-groups`, {
      name: 'sales',
      ringTimeoutSeconds: 30,
      afterCallWorkSeconds: 30,
    });
    await ok('POST', `${inst}/agents`, {
      loginName: AGENT.loginName,
      displayName: AGENT.displayName,
      extension: '1001',
      password: AGENT.password,
      skills: [{ skillGroup: 'sales', level: 8 }],
    });
    for (const [name, number, timeout] of [
      ['support', SUPPORT_NUMBER, 60],
      ['short', SHORT_NUMBER, 5],
    ] as const) {
      await ok('POST', `${inst}/flows`, { name, definition: queueFlow(name, timeout) });
      await ok('POST', `${inst}/flows/${name}/publish`, {});
      await ok('POST', `${inst}/numbers`, { number, flow: name });
    }
    caller = await CallerMedia.open();
    chromium = await launchSoftphoneBrowser(MICROPHONE_HZ);
    const context = await chromium.browser.newContext({
      viewport: { width: 1100, height: 800 },
      locale: 'en-US',
    });
    context.setDefaultTimeout(10_000);
    await context.addInitScript(
      `localStorage.setItem('hotline.language', 'en');${captureRemoteAudio}${timeSocket}`,
    );
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });
  after(async () => {
    caller?.close();
    await chromium?.close();
    await h?.close();
  });

  test('sign-in refuses a wrong password verbatim, then signs the agent in', async () => {
    await page.goto(`${h.url}/console/workbench`);
    await page.getByRole('heading', { name: 'Sign in to the workbench' }).waitFor();
    await page.getByLabel('Instance').fill('hz-support');
    await page.getByLabel('Agent login name').fill(AGENT.loginName);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('the instance, agent or password is wrong').waitFor();
    await shot('workbench-signin');
    await page.getByLabel('Password').fill(AGENT.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(AGENT.displayName).waitFor();
    await page.getByTestId('agent-state').getByText('Offline').waitFor();
  });

  test('ready, not ready with a reason, ready again: the ACD follows the page', async () => {
    const acdState = async () =>
      (await ok('GET', `${inst}/agents/alice/state`)) as { state: string; reason?: string };
    await page.getByRole('button', { name: 'Ready', exact: true }).click();
    await page.getByTestId('agent-state').getByText('Ready').waitFor();
    assert.equal((await acdState()).state, 'ready');
    await page.getByLabel('Reason').selectOption('meeting');
    await page.getByRole('button', { name: 'Not ready' }).click();
    await page.getByTestId('agent-state').getByText('Not ready').waitFor();
    await page.getByText('(Meeting)').waitFor();
    assert.deepEqual(await acdState(), { ...(await acdState()), state: 'notReady', reason: 'meeting' });
    await page.getByRole('button', { name: 'Ready', exact: true }).click();
    await page.getByTestId('agent-state').getByText('Ready').waitFor();
    assert.equal((await acdState()).state, 'ready');
  });

  test('a SIP caller rings the workbench with the number, region and variables; answering carries audio both ways', async (t) => {
    call = runSipp(
      callUntilHotlineHangsUp({ caller: '13800138000', called: SUPPORT_NUMBER, mediaPort: caller.port }),
      sip,
      [],
      120,
    );
    const card = page.getByRole('region', { name: 'Incoming call' });
    await card.getByTestId('caller').getByText('13800138000').waitFor({ timeout: 15_000 });
    await card.getByRole('definition').filter({ hasText: '北京北京' }).waitFor();
    await card.getByRole('cell', { name: 'A-1001' }).waitFor();
    await page.getByTestId('agent-state').getByText('Ringing').waitFor();
    await shot('workbench-incoming');
    // While it rings the caller hears music on hold, and speaks.
    await until(() => caller.heard.length >= 100, 'the caller to hear Hotline');
    caller.speak(CALLER_HZ);
    const music = musicShare(caller.heard.slice(-100));
    assert.ok(music > 0.4, `the queued caller hears the hold music (${music.toFixed(2)} of its packets)`);

    const clicked = performance.now();
    const pageClicked = (await page.evaluate('performance.now()')) as number;
    await card.getByRole('button', { name: 'Answer' }).click();
    const panel = page.getByRole('region', { name: 'Call' });
    await panel.getByTestId('call-status').getByText('Connected').waitFor();
    const connectedAfter = performance.now() - clicked;
    // The first 20 ms the caller hears that is the agent's microphone.
    await until(
      () => caller.heard.some((p) => p.at > clicked && share([p], MICROPHONE_HZ) > 0.5),
      'the caller to hear the agent',
    );
    const first = caller.heard.find((p) => p.at > clicked && share([p], MICROPHONE_HZ) > 0.5)!;
    let agentHears = 0;
    await until(async () => {
      const remote = (await page.evaluate(
        'window.remoteAnalyser ? ' + remoteAudioProbe + ' : null',
      )) as RemoteAudio | null;
      if (remote && Math.abs(remote.peakHz - CALLER_HZ) < 20 && remote.peakDb > -60) {
        agentHears = performance.now() - clicked;
        return true;
      }
      return false;
    }, 'the page to hear the caller');
    t.diagnostic(
      `answer click → page connected ${connectedAfter.toFixed(0)} ms; → caller hears the agent ` +
        `${(first.at - clicked).toFixed(0)} ms; → page hears the caller ≤ ${agentHears.toFixed(0)} ms (polled)`,
    );
    const times = (await page.evaluate('window.wbTimes')) as Record<
      'answer' | 'answerSdp' | 'connected',
      number
    >;
    t.diagnostic(
      `in the page: click → offer sent (microphone, ICE gathered) ${(times.answer - pageClicked).toFixed(0)} ms; ` +
        `→ answerSdp ${(times.answerSdp - times.answer).toFixed(0)} ms; → connected (ICE, DTLS) ` +
        `${(times.connected - times.answerSdp).toFixed(0)} ms`,
    );
    await page.getByTestId('agent-state').getByText('In a call').waitFor();
    await page.waitForTimeout(2500);

    const heard = caller.heard.slice(-50);
    const remote = (await page.evaluate(remoteAudioProbe)) as RemoteAudio;
    const status = (await ok('GET', '/v1/status')) as { telephony: { media: unknown } };
    t.diagnostic(
      `page hears ${JSON.stringify(remote)}; caller: 1 kHz share ${share(heard, MICROPHONE_HZ).toFixed(3)}`,
    );
    t.diagnostic(`media ${JSON.stringify(status.telephony.media)}`);
    assert.ok(share(heard, MICROPHONE_HZ) > 0.3, `the caller hears the agent's 1 kHz microphone`);
    assert.ok(remote.packetsReceived >= 100, `the page received ${remote.packetsReceived} packets`);
    assert.ok(
      Math.abs(remote.peakHz - CALLER_HZ) < 20,
      `the page's loudest frequency is 600 Hz (${remote.peakHz})`,
    );
    assert.match((await panel.getByTestId('call-timer').textContent()) ?? '', /^00:0[2-9]$/);
  });

  test('hold plays music to the caller and relays nothing; resume brings the agent back; mute is local', async () => {
    const panel = page.getByRole('region', { name: 'Call' });
    await panel.getByRole('button', { name: 'Hold' }).click();
    await panel.getByTestId('call-status').getByText('On hold').waitFor();
    const heldAt = performance.now();
    await page.waitForTimeout(1500);
    const held = caller.heard.filter((p) => p.at > heldAt + 200).slice(0, 50);
    assert.ok(share(held, MICROPHONE_HZ) < 0.05, 'the caller does not hear the agent while held');
    assert.ok(musicShare(held) > 0.4, `the caller hears the hold music (${musicShare(held).toFixed(2)})`);
    await panel.getByRole('button', { name: 'Mute' }).click();
    await panel.getByText('Muted').waitFor();
    assert.equal(await page.evaluate('window.pc.getSenders()[0].track.enabled'), false);
    await shot('workbench-call');
    await panel.getByRole('button', { name: 'Unmute' }).click();
    await panel.getByRole('button', { name: 'Resume' }).click();
    await panel.getByTestId('call-status').getByText('Connected').waitFor();
    const resumedAt = performance.now();
    await page.waitForTimeout(1000);
    const back = caller.heard.filter((p) => p.at > resumedAt + 200);
    assert.ok(share(back, MICROPHONE_HZ) > 0.3, 'the caller hears the agent again');
  });

  test('hang up → BYE to the caller → after-call work → finish → ready; the call record names the agent', async () => {
    await page.getByRole('region', { name: 'Call' }).getByRole('button', { name: 'Hang up' }).click();
    const acw = page.getByRole('region', { name: 'After-call work' });
    await acw.getByText('You ended the call.').waitFor();
    await acw.getByText(/Ends by itself in (29|30) s\./).waitFor();
    await page.getByTestId('agent-state').getByText('After-call work').waitFor();
    await shot('workbench-acw');
    const sipp = await call!;
    assert.equal(sipp.code, 0, `the caller got a BYE: ${sipp.out}`);
    caller.stop();
    assert.equal(await page.evaluate('window.pc.connectionState'), 'closed');
    await acw.getByRole('button', { name: 'Finish after-call work' }).click();
    await page.getByTestId('agent-state').getByText('Ready').waitFor();

    const list = (await ok('GET', `${inst}/calls`)) as { calls: { id: string; ani: string }[] };
    const id = list.calls.find((c) => c.ani === '13800138000')!.id;
    let record: {
      status: string;
      hangupBy: string | null;
      agent: { loginName: string | null; skillGroup: string | null; talkMs: number | null } | null;
    };
    await until(async () => {
      record = (await ok('GET', `${inst}/calls/${id}`)) as typeof record;
      return record.status === 'ended';
    }, 'the call record to close');
    assert.equal(record!.hangupBy, 'agent');
    assert.equal(record!.agent?.loginName, 'alice');
    assert.equal(record!.agent?.skillGroup, 'sales');
    assert.ok((record!.agent?.talkMs ?? 0) > 3000, `talk time ${record!.agent?.talkMs} ms`);
    await until(async () => {
      const s = (await ok('GET', '/v1/status')) as { telephony: { media: { sessions: number } } };
      return s.telephony.media.sessions === 0;
    }, 'every media session to close');
  });

  test('speaks Chinese; a rejected call goes back to the queue and the agent is not ready', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByText('坐席工作台').waitFor();
    await page.getByTestId('agent-state').getByText('示闲').waitFor();
    const second = runSipp(
      callUntilHotlineHangsUp({ caller: '02112345678', called: SHORT_NUMBER, mediaPort: caller.port }),
      sip,
      [],
      60,
    );
    const card = page.getByRole('region', { name: '来电' });
    await card.getByRole('button', { name: '拒接' }).waitFor({ timeout: 15_000 });
    await card.getByTestId('caller').getByText('02112345678').waitFor();
    await shot('workbench-incoming-zh');
    await card.getByRole('button', { name: '拒接' }).click();
    await page.getByTestId('agent-state').getByText('示忙').waitFor();
    const state = (await ok('GET', `${inst}/agents/alice/state`)) as { state: string; reason: string };
    assert.deepEqual([state.state, state.reason], ['notReady', 'rejected']);
    // Nobody else answers: the flow gives up after its queue timeout and hangs up.
    assert.equal((await second).code, 0);
    assert.deepEqual(pageErrors, []);
  });
});
