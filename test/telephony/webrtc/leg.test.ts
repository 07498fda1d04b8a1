/**
 * The browser softphone's WebRTC leg against werift peers playing the browser, on loopback: two legs
 * bridged by the real RtpBridge carry a tone each way; bad offers are refused before a port is
 * taken; a leg closes by itself when its browser never connects or goes away; closing frees every
 * socket and timer. Ports 36000-36099 (legs) and 36100-36199 (peers) are this file's own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isHotlineError } from '../../../src/shared/errors.js';
import { RtpBridge } from '../../../src/telephony/media/bridge.js';
import { encodeG711 } from '../../../src/telephony/media/g711.js';
import {
  createWebRtcLegs,
  type WebRtcLegs,
  type WebRtcPeerLeg,
} from '../../../src/telephony/webrtc/index.js';
import { toneShare } from '../../helpers/goertzel.js';
import { tone } from '../media/helpers.js';
import { BrowserPeer, codec } from './browser-peer.js';

let nextPeerPort = 36100;
const peerPort = () => {
  const port = nextPeerPort;
  nextPeerPort += 2;
  return port;
};

/** Open UDP sockets and timers of the process (what a closed leg must not leave behind). */
function resources(): { udp: number; timers: number } {
  const info = process.getActiveResourcesInfo();
  return {
    udp: info.filter((r) => r === 'UDPWrap').length,
    timers: info.filter((r) => r === 'Timeout').length,
  };
}

async function connectedPair(legs: WebRtcLegs<WebRtcPeerLeg>) {
  const leg = legs.create();
  const { peer, offerSdp } = await BrowserPeer.offer(peerPort());
  const started = performance.now();
  const answerSdp = await leg.answer(offerSdp);
  await peer.accept(answerSdp);
  await peer.connected();
  await until(() => leg.connectionState === 'connected', 'the leg to connect');
  return { leg, peer, setupMs: performance.now() - started };
}

async function until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('WebRTC leg', { timeout: 60_000 }, () => {
  let legs: WebRtcLegs<WebRtcPeerLeg>;
  before(() => {
    legs = createWebRtcLegs({
      portRange: { min: 36000, max: 36089 },
      connectTimeoutMs: 5000,
      mediaTimeoutMs: 1000,
    });
  });
  after(async () => legs.close());

  test('two legs bridged by RtpBridge carry a 1 kHz tone one way and 600 Hz the other', async (t) => {
    const a = await connectedPair(legs);
    const b = await connectedPair(legs);
    t.diagnostic(`setup: ${a.setupMs.toFixed(0)} ms and ${b.setupMs.toFixed(0)} ms (answer to connected)`);
    assert.equal(a.leg.codec, 'PCMU');
    assert.equal(a.leg.payloadType, 0);
    assert.equal(a.leg.telephoneEventPayloadType, 101);

    // Not bridged: the leg sends nothing.
    await a.peer.play(0, encodeG711('PCMU', tone(200, 1000)));
    assert.equal(b.peer.received.length, 0);
    assert.equal((await a.leg.stats()).received.audio, 10);

    const bridge = new RtpBridge(a.leg, b.leg);
    await Promise.all([
      a.peer.play(0, encodeG711('PCMU', tone(1000, 1000))),
      b.peer.play(0, encodeG711('PCMU', tone(1000, 600))),
    ]);
    await until(() => a.peer.received.length >= 45 && b.peer.received.length >= 45, 'the relayed audio');
    const atB = b.peer.heard('PCMU', 0);
    const atA = a.peer.heard('PCMU', 0);
    t.diagnostic(
      `packets: A→B ${b.peer.received.length}/50, B→A ${a.peer.received.length}/50; bridge ${JSON.stringify(await bridge.stats())}`,
    );
    assert.ok(toneShare(atB, 1000, 8000) > 0.8, `B hears 1 kHz (share ${toneShare(atB, 1000, 8000)})`);
    assert.ok(toneShare(atB, 600, 8000) < 0.05, 'B does not hear its own 600 Hz');
    assert.ok(toneShare(atA, 600, 8000) > 0.8, `A hears 600 Hz (share ${toneShare(atA, 600, 8000)})`);
    assert.ok(toneShare(atA, 1000, 8000) < 0.05, 'A does not hear its own 1 kHz');
    assert.equal((await a.leg.stats()).sent.packets, a.peer.received.length);

    // The browser vanishes (werift sends no DTLS close_notify): no more RTP, so its leg closes after
    // mediaTimeoutMs; the bridge stops and the other leg goes on unbridged.
    const vanished = performance.now();
    await a.peer.close();
    assert.equal(await new Promise((resolve) => a.leg.onClosed(resolve)), 'media-timeout');
    t.diagnostic(`a vanished browser's leg closed after ${(performance.now() - vanished).toFixed(0)} ms`);
    assert.equal(bridge.active, false);
    assert.equal((await b.leg.stats()).bridged, false);
    await b.leg.close();
    await b.peer.close();
    assert.deepEqual((await legs.stats()).ports.inUse, 0);
  });

  test('bad offers are refused with what is wrong, before a port is taken', async () => {
    const { peer, offerSdp } = await BrowserPeer.offer(peerPort());
    await peer.close();
    const cases: [string, string, RegExp][] = [
      ['', 'WebRtcOfferInvalid', /empty/],
      ['x'.repeat(20_000), 'WebRtcOfferInvalid', /larger than 16384 bytes/],
      [offerSdp.replace('m=audio', 'm=video'), 'WebRtcOfferInvalid', /one audio stream; it holds video/],
      [
        `${offerSdp}m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n`,
        'WebRtcOfferInvalid',
        /holds audio, video/,
      ],
      [offerSdp.replace('UDP/TLS/RTP/SAVPF', 'RTP/AVP'), 'WebRtcOfferInvalid', /UDP\/TLS\/RTP\/SAVPF/],
      [offerSdp.replace(/a=fingerprint:.*\r\n/, ''), 'WebRtcOfferInvalid', /fingerprint/],
      [offerSdp.replace(/a=ice-pwd:.*\r\n/, ''), 'WebRtcOfferInvalid', /ICE credentials/],
      [offerSdp.replace('a=sendrecv', 'a=recvonly'), 'WebRtcOfferInvalid', /recvonly/],
      [offerSdp.replace('a=rtcp-mux\r\n', ''), 'WebRtcOfferInvalid', /rtcp-mux/],
    ];
    const { offerSdp: opusOnly } = await (async () => {
      const o = await BrowserPeer.offer(peerPort(), [
        codec('audio/opus', 111, 48000),
        codec('audio/G722', 9),
      ]);
      await o.peer.close();
      return o;
    })();
    cases.push([
      opusOnly,
      'WebRtcNoCommonCodec',
      /offered opus\/48000, G722\/8000; the softphone needs PCMU or PCMA/,
    ]);
    for (const [sdp, code, message] of cases) {
      const leg = legs.create();
      await assert.rejects(leg.answer(sdp), (err) => isHotlineError(err, code) && message.test(err.message));
      await leg.close();
    }
    assert.equal((await legs.stats()).ports.acquired, (await legs.stats()).ports.released);
    assert.equal((await legs.stats()).ports.inUse, 0);
  });

  test('PCMA is chosen when the browser puts it first; telephone-event is left out when not offered', async () => {
    const leg = legs.create();
    const { peer, offerSdp } = await BrowserPeer.offer(peerPort(), [
      codec('audio/PCMA', 8),
      codec('audio/PCMU', 0),
    ]);
    const answer = await leg.answer(offerSdp);
    assert.match(answer, /m=audio \d+ UDP\/TLS\/RTP\/SAVPF 8\r\n/);
    assert.match(answer, /a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 3600\d typ host/);
    assert.equal(leg.codec, 'PCMA');
    assert.equal(leg.telephoneEventPayloadType, null);
    await assert.rejects(leg.answer(offerSdp), (err) => isHotlineError(err, 'MediaBusy'));
    await leg.close();
    await peer.close();
  });

  test('a leg whose browser never connects closes by itself after connectTimeoutMs', async () => {
    const short = createWebRtcLegs({ portRange: { min: 36090, max: 36099 }, connectTimeoutMs: 300 });
    const leg = short.create();
    const { peer, offerSdp } = await BrowserPeer.offer(peerPort());
    await leg.answer(offerSdp); // the answer never reaches the peer
    assert.equal(await new Promise((resolve) => leg.onClosed(resolve)), 'connect-timeout');
    assert.equal((await short.stats()).ports.inUse, 0);
    await peer.close();
    await short.close();
  });

  test('closing legs frees every socket and timer, and every port', async (t) => {
    await new Promise((r) => setTimeout(r, 200));
    const before = resources();
    const pairs = [];
    for (let i = 0; i < 4; i++) pairs.push(await connectedPair(legs));
    t.diagnostic(`setup of 4 legs: ${pairs.map((p) => p.setupMs.toFixed(0)).join(', ')} ms`);
    const during = resources();
    assert.ok(
      during.udp >= before.udp + 8,
      `4 legs and 4 peers hold sockets (${during.udp} vs ${before.udp})`,
    );
    await Promise.all(pairs.map((p) => p.leg.close()));
    await Promise.all(pairs.map((p) => p.peer.close()));
    await until(
      () => {
        const now = resources();
        return now.udp === before.udp && now.timers <= before.timers;
      },
      `sockets and timers to go back to ${JSON.stringify(before)} (now ${JSON.stringify(resources())})`,
    );
    assert.equal((await legs.stats()).legs, 0);
    assert.equal((await legs.stats()).ports.inUse, 0);
    for (const p of pairs) assert.equal((await p.leg.stats()).closeReason, 'closed');
  });
});
