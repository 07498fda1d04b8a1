/**
 * Playback on a real UDP socket pair on loopback: a 1 s prompt is 50 packets with continuous
 * sequence numbers and timestamps and audible audio; barge-in stops it within a frame; hold stops
 * sending; idle calls send comfort silence.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isHotlineError } from '../../../src/shared/errors.js';
import { VirtualClock } from '../../../src/shared/virtual-clock.js';
import { decodeG711, encodeRtp, PromptAudio } from '../../../src/telephony/media/index.js';
import { encodeTelephoneEvent } from '../../../src/telephony/media/telephone-event.js';
import { offerSdp, type Received, rmsOf, type TestEngine, testEngine, tone, UdpPeer } from './helpers.js';

const oneSecond = new PromptAudio(tone(1000));
const isSilence = (r: Received) => r.packet.payload.every((b) => b === 0xff);

/**
 * One stream: sequence numbers one apart, timestamps 160 apart. In real time a stalled test
 * machine may make the scheduler skip whole frames (`skippedOk`): timestamps then jump by a
 * multiple of 160 while sequence numbers stay continuous.
 */
function assertContinuous(packets: Received[], skippedOk = false): void {
  for (let i = 1; i < packets.length; i++) {
    const a = packets[i - 1]!.packet;
    const b = packets[i]!.packet;
    assert.equal(b.sequence, (a.sequence + 1) & 0xffff, `sequence after ${a.sequence}`);
    const step = (b.timestamp - a.timestamp) >>> 0;
    if (skippedOk) assert.ok(step > 0 && step % 160 === 0, `timestamp step ${step}`);
    else assert.equal(step, 160, `timestamp after ${a.timestamp}`);
    assert.equal(b.ssrc, a.ssrc);
  }
}

describe('playback in virtual time', () => {
  let t: TestEngine;
  let peer: UdpPeer;
  const clock = new VirtualClock();
  before(async () => {
    t = testEngine({ clock, idleAudio: 'none' });
    peer = await UdpPeer.open();
  });
  after(async () => {
    await t.close();
    await peer.close();
  });

  test('a 1 s prompt is 50 packets: PCMU, marker on the first, continuous, not silence', async () => {
    const { session } = await t.engine.createSession(offerSdp({ port: peer.port }));
    const played = session.play({ kind: 'audio', audio: oneSecond });
    await clock.advance(1100);
    assert.deepEqual(await played, { endedBy: 'completed', playedMs: 1000 });
    await peer.waitFor((r) => r.length >= 50);
    const packets = peer.received.slice(0, 50);
    assert.equal(peer.received.length, 50);
    assertContinuous(packets);
    assert.deepEqual(
      packets.map((r) => r.packet.marker),
      [true, ...Array(49).fill(false)],
    );
    assert.ok(packets.every((r) => r.packet.payloadType === 0 && r.packet.payload.length === 160));
    const pcm = decodeG711('PCMU', Buffer.concat(packets.map((r) => r.packet.payload)));
    assert.ok(rmsOf(pcm) > 5000, `rms ${rmsOf(pcm)}`);
    assert.equal((await session.stats()).rtp.sent.packets, 50);
    await session.close();
  });

  test('hold (sendonly) stops sending, unhold resumes with a marker and later timestamps', async () => {
    peer.received.length = 0;
    const { session } = await t.engine.createSession(offerSdp({ port: peer.port }));
    const first = session.play({ kind: 'audio', audio: oneSecond });
    await clock.advance(200);
    const answer = await session.renegotiate(offerSdp({ port: peer.port, direction: 'sendonly' }));
    assert.match(answer, /a=recvonly/);
    const sentAtHold = (await session.stats()).rtp.sent.packets;
    await clock.advance(300);
    assert.equal((await session.stats()).rtp.sent.packets, sentAtHold, 'nothing sent on hold');
    assert.match(await session.renegotiate(offerSdp({ port: peer.port })), /a=sendrecv/);
    await clock.advance(1000);
    await first;
    const sentInAll = (await session.stats()).rtp.sent.packets;
    await peer.waitFor((r) => r.length >= sentInAll);
    const resumed = peer.received[sentAtHold]!.packet;
    const last = peer.received[sentAtHold - 1]!.packet;
    assert.equal(resumed.marker, true);
    assert.equal(resumed.sequence, (last.sequence + 1) & 0xffff);
    assert.ok(((resumed.timestamp - last.timestamp) | 0) >= 160 * 15, 'timestamps kept running on hold');
    await session.close();
  });

  test('a closed session refuses to play; a play in progress rejects with MediaSessionClosed', async () => {
    const { session } = await t.engine.createSession(offerSdp({ port: peer.port }));
    const playing = session.play({ kind: 'audio', audio: oneSecond });
    await clock.advance(100);
    await session.close();
    await assert.rejects(playing, (err) => isHotlineError(err, 'MediaSessionClosed'));
    await assert.rejects(session.play({ kind: 'silence', durationMs: 20 }), (err) =>
      isHotlineError(err, 'MediaSessionClosed'),
    );
  });
});

describe('playback in real time', () => {
  let t: TestEngine;
  let peer: UdpPeer;
  before(async () => {
    t = testEngine();
    peer = await UdpPeer.open();
  });
  after(async () => {
    await t.close();
    await peer.close();
  });

  test('comfort silence around a 1 s prompt: one continuous stream, 50 frames of the prompt', async () => {
    peer.received.length = 0;
    const { session } = await t.engine.createSession(offerSdp({ port: peer.port }));
    await peer.waitFor((r) => r.length >= 3, 5000, 'silence before the prompt');
    const result = await session.play([
      { kind: 'audio', audio: new PromptAudio(tone(500)) },
      { kind: 'audio', audio: new PromptAudio(tone(500, 880)) },
    ]);
    assert.equal(result.endedBy, 'completed');
    const sent = (await session.stats()).rtp.sent.packets;
    await peer.waitFor((r) => r.length >= sent + 3, 5000, 'silence after the prompt');
    assertContinuous(peer.received, (await t.engine.stats()).scheduler.skipped > 0);
    assert.equal(peer.received.filter((r) => !isSilence(r)).length, 50);
    assert.equal(peer.received.filter((r) => r.packet.marker).length, 1, 'one talkspurt: the stream start');
    await session.close();
  });

  test('barge-in: a digit stops the prompt within one frame; the digit is reported', async () => {
    peer.received.length = 0;
    const { session } = await t.engine.createSession(offerSdp({ port: peer.port }));
    const long = new PromptAudio(tone(5000));
    const playing = session.play({ kind: 'audio', audio: long }, { stopOnDigit: true });
    await peer.waitFor((r) => r.filter((x) => !isSilence(x)).length >= 10, 5000, 'prompt audio');
    const event = encodeTelephoneEvent({ event: 5, end: false, volume: 10, duration: 160 });
    peer.send(
      encodeRtp({ marker: true, payloadType: 101, sequence: 1, timestamp: 1, ssrc: 9 }, event),
      session.localPort,
    );
    const result = await playing;
    assert.equal(result.endedBy, 'digit');
    assert.equal(result.digit, '5');
    assert.ok(result.playedMs < 5000);
    const audible = (await session.stats()).rtp.sent.packets;
    await peer.waitFor((r) => r.length >= audible + 5, 5000, 'frames after barge-in');
    const promptFrames = peer.received.filter((x) => !isSilence(x)).length;
    assert.equal(promptFrames * 20, result.playedMs, 'no prompt frame after the stop');
    await session.close();
  });

  test('an aborted signal stops the prompt and play() rejects with its reason', async () => {
    const { session } = await t.engine.createSession(offerSdp({ port: peer.port }));
    const controller = new AbortController();
    const playing = session.play(
      { kind: 'tone', frequencyHz: 440, durationMs: 5000 },
      { signal: controller.signal },
    );
    const reason = new Error('caller hung up');
    controller.abort(reason);
    await assert.rejects(playing, (err) => err === reason);
    assert.equal((await session.stats()).playing, false);
    await session.close();
  });
});
