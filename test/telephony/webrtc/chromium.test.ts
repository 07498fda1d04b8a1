/**
 * The softphone leg against a real browser: Debian's Chromium, whose fake microphone plays 1 kHz,
 * loads a small page that runs getUserMedia and RTCPeerConnection and sends its offer to this test
 * over plain HTTP (the minimal signalling channel). The test drives the leg's sender with 600 Hz
 * PCMU and hears the browser through the relay a bridge would attach. Ports 36200-36299.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { decodeG711, encodeG711 } from '../../../src/telephony/media/g711.js';
import type { RtpPacket } from '../../../src/telephony/media/rtp-packet.js';
import {
  createWebRtcLegs,
  type WebRtcLegs,
  type WebRtcPeerLeg,
} from '../../../src/telephony/webrtc/index.js';
import { toneShare } from '../../helpers/goertzel.js';
import { tone } from '../media/helpers.js';
import {
  chromiumSkipReason,
  launchSoftphoneBrowser,
  type RemoteAudio,
  remoteAudioProbe,
  type SoftphoneBrowser,
} from './chromium.js';

const page = `<!doctype html><meta charset="utf-8"><title>softphone</title><body><script>
window.start = async () => {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  });
  const pc = new RTCPeerConnection();
  window.pc = pc;
  for (const track of stream.getAudioTracks()) pc.addTrack(track, stream);
  pc.ontrack = (e) => {
    const remote = new MediaStream([e.track]);
    const audio = new Audio();
    audio.srcObject = remote;
    audio.play();
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 8192;
    ctx.createMediaStreamSource(remote).connect(analyser);
    window.remoteAnalyser = analyser;
  };
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
    setTimeout(resolve, 3000);
  });
  const res = await fetch('/offer', { method: 'POST', body: pc.localDescription.sdp });
  if (!res.ok) throw new Error(await res.text());
  await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
  await new Promise((resolve, reject) => {
    const check = () => {
      if (pc.connectionState === 'connected') resolve();
      if (pc.connectionState === 'failed') reject(new Error('the connection failed'));
    };
    pc.addEventListener('connectionstatechange', check);
    check();
  });
  return pc.getSenders()[0].track.label;
};
</script>`;

function serve(onOffer: (sdp: string) => Promise<string>): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/offer') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        onOffer(Buffer.concat(chunks).toString('utf8')).then(
          (answer) => res.writeHead(200, { 'content-type': 'application/sdp' }).end(answer),
          (err: Error) => res.writeHead(400).end(err.message),
        );
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Sends `g711` on the leg as 20 ms packets on its own media clock, as a prompt or a bridge would. */
async function playOnLeg(leg: WebRtcPeerLeg, g711: Uint8Array): Promise<void> {
  const started = performance.now();
  for (let at = 0, n = 0; at + 160 <= g711.length; at += 160, n++) {
    const due = started + n * 20;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    leg.sender.send(leg.payloadType, g711, n === 0, leg.sender.timestampAt(due), at, at + 160);
  }
}

describe('WebRTC leg with Chromium', { skip: chromiumSkipReason, timeout: 90_000 }, () => {
  let legs: WebRtcLegs<WebRtcPeerLeg>;
  let http: Server;
  let chromium: SoftphoneBrowser;
  let tab: Page;
  const answered: WebRtcPeerLeg[] = [];
  let answeredIn = 0;
  before(async () => {
    legs = createWebRtcLegs({ portRange: { min: 36200, max: 36299 } });
    http = await serve(async (offer) => {
      const leg = legs.create();
      answered.push(leg);
      const started = performance.now();
      const sdp = await leg.answer(offer);
      answeredIn = performance.now() - started;
      return sdp;
    });
    chromium = await launchSoftphoneBrowser(1000);
    tab = await chromium.browser.newPage();
    const { port } = http.address() as { port: number };
    await tab.goto(`http://127.0.0.1:${port}/`);
  });
  after(async () => {
    await chromium?.close();
    await legs?.close();
    await new Promise((r) => http?.close(r));
  });

  test("the browser hears 600 Hz from the leg, the leg hears the browser's 1 kHz microphone", async (t) => {
    const started = performance.now();
    await tab.evaluate('window.start()');
    const leg = answered[0]!;
    await until(() => leg.connectionState === 'connected', 'the leg to connect');
    t.diagnostic(
      `answer in ${answeredIn.toFixed(0)} ms; leg setup ${(await leg.stats()).setupMs?.toFixed(0)} ms; page ` +
        `connected after ${(performance.now() - started).toFixed(0)} ms`,
    );
    assert.equal(leg.codec, 'PCMU');
    assert.equal(leg.telephoneEventPayloadType, 126);

    const heard: RtpPacket[] = [];
    leg.attachRelay((p) => heard.push({ ...p, payload: Buffer.from(p.payload) }));
    await playOnLeg(leg, encodeG711('PCMU', tone(2000, 600, 8000)));
    const remote = (await tab.evaluate(remoteAudioProbe)) as RemoteAudio;
    const stats = await leg.stats();
    t.diagnostic(`browser: ${JSON.stringify(remote)}; leg: ${JSON.stringify(stats)}`);
    assert.ok(
      Math.abs(remote.peakHz - 600) < 20,
      `the browser's loudest frequency is 600 Hz (${remote.peakHz})`,
    );
    assert.ok(remote.packetsReceived >= 90, `the browser received ${remote.packetsReceived} packets`);
    assert.ok(remote.totalAudioEnergy > 0);

    const audio = heard.filter((p) => p.payloadType === 0);
    assert.ok(audio.length >= 90, `the leg relayed ${audio.length} packets from the browser`);
    const pcm = decodeG711('PCMU', Buffer.concat(audio.slice(-50).map((p) => p.payload)));
    const share = toneShare(pcm, 1000, 8000);
    t.diagnostic(`1 kHz holds ${(share * 100).toFixed(1)}% of the last second the browser sent`);
    assert.ok(share > 0.5, `the leg hears the browser's 1 kHz (share ${share})`);

    // The browser hangs up: Chromium closes DTLS, and the leg closes at once.
    const hungUp = performance.now();
    const closed = new Promise((resolve) => leg.onClosed(resolve));
    await tab.evaluate('window.pc.close()');
    const reason = await closed;
    assert.equal(reason, 'browser-closed');
    t.diagnostic(
      `closed (${String(reason)}) ${(performance.now() - hungUp).toFixed(0)} ms after the page hung up`,
    );
    assert.equal((await legs.stats()).ports.inUse, 0);
  });
});

async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
