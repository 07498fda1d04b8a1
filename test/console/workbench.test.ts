/**
 * The agent workbench in Debian's Chromium against the test's stand-in for the server side
 * (workbench-stand-in.ts, following docs/workbench-protocol.md, with a real WebRTC leg): sign-in →
 * ready → incoming call → answer → audio both ways (the fake microphone's 1 kHz reaches the
 * caller, the caller's 600 Hz reaches the page) → hold, mute → hang up → after-call work → finish.
 * Screenshots in test-artifacts/console/. WebRTC ports 36300-36399.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { decodeG711 } from '../../src/telephony/media/g711.js';
import { toneShare } from '../helpers/goertzel.js';
import {
  chromiumSkipReason,
  launchSoftphoneBrowser,
  type RemoteAudio,
  remoteAudioProbe,
  type SoftphoneBrowser,
} from '../telephony/webrtc/chromium.js';
import { repoRoot } from './harness.js';
import { AGENT, PASSWORD, startWorkbenchStandIn, type WorkbenchStandIn } from './workbench-stand-in.js';

const artifacts = join(repoRoot, 'test-artifacts', 'console');
const skip = !existsSync(join(repoRoot, 'console', 'dist', 'index.html'))
  ? 'console/dist/index.html is missing: build the console first (npx vite build --config console/vite.config.ts)'
  : chromiumSkipReason;

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

describe('agent workbench', { skip, timeout: 120_000 }, () => {
  let server: WorkbenchStandIn;
  let chromium: SoftphoneBrowser;
  let page: Page;
  const pageErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`) });

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startWorkbenchStandIn({ portRange: { min: 36300, max: 36399 }, callerHz: 600 });
    chromium = await launchSoftphoneBrowser(1000);
    const context = await chromium.browser.newContext({
      viewport: { width: 1100, height: 800 },
      locale: 'en-US',
    });
    context.setDefaultTimeout(10_000);
    await context.addInitScript(`localStorage.setItem('hotline.language', 'en');${captureRemoteAudio}`);
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });
  after(async () => {
    await chromium?.close();
    await server?.close();
  });

  test('sign-in refuses a wrong password verbatim, then signs the agent in', async () => {
    await page.goto(`${server.url}/console/workbench`);
    await page.getByRole('heading', { name: 'Sign in to the workbench' }).waitFor();
    await page.getByLabel('Instance').fill(AGENT.instance);
    await page.getByLabel('Agent login name').fill(AGENT.loginName);
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('the instance, agent or password is wrong').waitFor();
    await shot('workbench-signin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(AGENT.displayName).waitFor();
    await page.getByTestId('agent-state').getByText('Offline').waitFor();
  });

  test('ready, not ready with a reason, ready again', async () => {
    await page.getByRole('button', { name: 'Ready', exact: true }).click();
    await page.getByTestId('agent-state').getByText('Ready').waitFor();
    await page.getByLabel('Reason').selectOption('meeting');
    await page.getByRole('button', { name: 'Not ready' }).click();
    await page.getByTestId('agent-state').getByText('Not ready').waitFor();
    await page.getByText('(Meeting)').waitFor();
    await page.getByRole('button', { name: 'Ready', exact: true }).click();
    await page.getByTestId('agent-state').getByText('Ready').waitFor();
    assert.deepEqual(
      server.received.map((m) => [m.type, m['state'], m['reason']]),
      [
        ['setState', 'ready', undefined],
        ['setState', 'notReady', 'meeting'],
        ['setState', 'ready', undefined],
      ],
    );
  });

  test('an incoming call shows the caller, region, group and flow variables; answering carries audio both ways', async (t) => {
    server.offer({
      callId: 'call-1',
      ani: '13800138000',
      region: '北京 北京',
      skillGroup: 'sales',
      variables: { orderId: 'A-1001', vip: 'yes' },
    });
    const card = page.getByRole('region', { name: 'Incoming call' });
    await card.getByTestId('caller').getByText('13800138000').waitFor();
    await card.getByText('北京 北京').waitFor();
    await card.getByText('A-1001').waitFor();
    await page.getByTestId('agent-state').getByText('Ringing').waitFor();
    await shot('workbench-incoming');

    const clicked = performance.now();
    await card.getByRole('button', { name: 'Answer' }).click();
    const call = page.getByRole('region', { name: 'Call' });
    await call.getByTestId('call-status').getByText('Connected').waitFor();
    t.diagnostic(`answer click → connected: ${(performance.now() - clicked).toFixed(0)} ms`);
    await page.getByTestId('agent-state').getByText('In a call').waitFor();
    await page.waitForTimeout(2500);

    const leg = server.call!.leg.stats();
    const remote = (await page.evaluate(remoteAudioProbe)) as RemoteAudio;
    const heard = server.call!.caller.heard;
    const pcm = decodeG711('PCMU', Buffer.concat(heard.slice(-50)));
    const share = toneShare(pcm, 1000, 8000);
    t.diagnostic(`leg ${JSON.stringify(leg)}`);
    t.diagnostic(
      `page hears ${JSON.stringify(remote)}; caller heard ${heard.length} packets, 1 kHz share ${share.toFixed(3)}`,
    );
    assert.equal(leg.codec, 'PCMU');
    assert.ok(leg.received.audio >= 100, `the leg received ${leg.received.audio} packets from the page`);
    assert.ok(heard.length >= 100, `the caller heard ${heard.length} packets`);
    assert.ok(share > 0.3, `the caller hears the page's 1 kHz microphone (share ${share})`);
    assert.ok(remote.packetsReceived >= 100, `the page received ${remote.packetsReceived} packets`);
    assert.ok(remote.totalAudioEnergy > 0);
    assert.ok(
      Math.abs(remote.peakHz - 600) < 20,
      `the page's loudest frequency is 600 Hz (${remote.peakHz})`,
    );
    assert.match((await call.getByTestId('call-timer').textContent()) ?? '', /^00:0[2-9]$/);
  });

  test('hold and resume, mute and unmute', async () => {
    const call = page.getByRole('region', { name: 'Call' });
    await call.getByRole('button', { name: 'Hold' }).click();
    await call.getByTestId('call-status').getByText('On hold').waitFor();
    await call.getByRole('button', { name: 'Mute' }).click();
    await call.getByText('Muted').waitFor();
    assert.equal(await page.evaluate('window.pc.getSenders()[0].track.enabled'), false);
    await shot('workbench-call');
    await call.getByRole('button', { name: 'Resume' }).click();
    await call.getByRole('button', { name: 'Unmute' }).click();
    await call.getByTestId('call-status').getByText('Connected').waitFor();
    assert.equal(await page.evaluate('window.pc.getSenders()[0].track.enabled'), true);
    assert.deepEqual(
      server.received.filter((m) => m.type === 'hold').map((m) => m['on']),
      [true, false],
    );
  });

  test('hang up → after-call work → finish → ready; the call media is freed', async () => {
    await page.getByRole('region', { name: 'Call' }).getByRole('button', { name: 'Hang up' }).click();
    const acw = page.getByRole('region', { name: 'After-call work' });
    await acw.getByText('You ended the call.').waitFor();
    await acw.getByText(/Ends by itself in (29|30) s\./).waitFor();
    await page.getByTestId('agent-state').getByText('After-call work').waitFor();
    await shot('workbench-acw');
    assert.equal(await page.evaluate('window.pc.connectionState'), 'closed');
    assert.equal(server.legs.stats().legs, 0);
    assert.equal(server.legs.stats().ports.inUse, 0);
    await acw.getByRole('button', { name: 'Finish after-call work' }).click();
    await page.getByTestId('agent-state').getByText('Ready').waitFor();
  });

  test('speaks Chinese', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByText('坐席工作台').waitFor();
    await page.getByTestId('agent-state').getByText('示闲').waitFor();
    server.offer({
      callId: 'call-2',
      ani: '02112345678',
      region: '上海',
      skillGroup: 'billing',
      variables: {},
    });
    await page.getByRole('region', { name: '来电' }).getByRole('button', { name: '拒接' }).waitFor();
    await shot('workbench-incoming-zh');
    await page.getByRole('button', { name: '拒接' }).click();
    await page.getByTestId('agent-state').getByText('示忙').waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
