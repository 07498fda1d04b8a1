/**
 * Recording: what the caller sends, as a valid 8 kHz mono WAV; both directions as stereo; the
 * stop conditions (silence, no input, maximum duration) in virtual time.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import wavefile from 'wavefile';
import { VirtualClock } from '../../../src/shared/virtual-clock.js';
import { encodeG711, encodeRtp, type MediaSession, PromptAudio } from '../../../src/telephony/media/index.js';
import { CallRecorder } from '../../../src/telephony/media/recorder.js';
import { encodeTelephoneEvent } from '../../../src/telephony/media/telephone-event.js';
import { nextEvent, offerSdp, rmsOf, type TestEngine, testEngine, tone, UdpPeer } from './helpers.js';

function readWav(path: string) {
  const wav = new wavefile.WaveFile(readFileSync(path));
  const fmt = wav.fmt as {
    numChannels: number;
    sampleRate: number;
    bitsPerSample: number;
    audioFormat: number;
  };
  const samples = wav.getSamples(false, Int16Array) as unknown as Int16Array | Int16Array[];
  return { fmt, channels: Array.isArray(samples) ? samples : [samples] };
}

/** Sends `pcm` as 20 ms PCMU packets, then a DTMF end packet whose digit tells that all arrived. */
async function sendAudio(peer: UdpPeer, session: MediaSession, pcm: Int16Array): Promise<void> {
  const mu = encodeG711('PCMU', pcm);
  for (let i = 0; i * 160 < mu.length; i++) {
    const header = {
      marker: i === 0,
      payloadType: 0,
      sequence: 100 + i,
      timestamp: 5000 + i * 160,
      ssrc: 77,
    };
    peer.send(encodeRtp(header, mu.subarray(i * 160, (i + 1) * 160)), session.localPort);
  }
  const end = encodeTelephoneEvent({ event: 11, end: true, volume: 10, duration: 400 });
  const seal = { marker: true, payloadType: 101, sequence: 9000, timestamp: 123_456, ssrc: 77 };
  const heard = nextEvent((fn) => session.onDigit(fn));
  peer.send(encodeRtp(seal, end), session.localPort);
  await heard;
}

describe('recording a call', () => {
  let t: TestEngine;
  let peer: UdpPeer;
  let dir: string;
  before(async () => {
    t = testEngine();
    peer = await UdpPeer.open();
    dir = mkdtempSync(join(tmpdir(), 'hotline-rec-'));
  });
  after(async () => {
    await t.close();
    await peer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the caller's audio, as an 8 kHz mono 16-bit WAV with the metadata", async () => {
    const { session } = await t.engine.createSession(offerSdp({ port: peer.port }));
    const controller = new AbortController();
    const path = join(dir, 'voicemail', 'one.wav');
    const recording = session.record({ path, maxDurationMs: 10_000, signal: controller.signal });
    await sendAudio(peer, session, tone(1000, 500));
    controller.abort();
    const result = await recording;
    assert.equal(result.endedBy, 'stopped');
    assert.equal(result.path, path);
    assert.equal(result.channels, 1);
    assert.ok(result.durationMs >= 1000 && result.durationMs < 2500, `duration ${result.durationMs}`);
    assert.ok(result.voicedMs >= 1000);
    const { fmt, channels } = readWav(path);
    assert.deepEqual([fmt.audioFormat, fmt.numChannels, fmt.sampleRate, fmt.bitsPerSample], [1, 1, 8000, 16]);
    assert.equal(result.bytes, readFileSync(path).length);
    assert.ok(rmsOf(channels[0]!) > 5000, `rms ${rmsOf(channels[0]!)}`);
    await session.close();
  });

  test('both directions in stereo: caller left, what it hears right', async () => {
    const { session } = await t.engine.createSession(offerSdp({ port: peer.port }));
    const path = join(dir, 'both.wav');
    const recording = session.record({ path, maxDurationMs: 10_000, channels: 'both' });
    const played = session.play({ kind: 'audio', audio: new PromptAudio(tone(600, 1000)) });
    await sendAudio(peer, session, tone(600, 300));
    await played;
    await session.close();
    const result = await recording;
    assert.equal(result.endedBy, 'closed');
    assert.equal(result.channels, 2);
    const { fmt, channels } = readWav(path);
    assert.equal(fmt.numChannels, 2);
    assert.ok(rmsOf(channels[0]!) > 1000, 'caller channel');
    assert.ok(rmsOf(channels[1]!) > 1000, 'heard channel');
  });
});

describe('recording stop conditions (virtual time)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hotline-rec-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const speech = encodeG711('PCMU', tone(20, 300));
  const quiet = encodeG711('PCMU', new Int16Array(160));

  test('silence after speech stops it', async () => {
    const clock = new VirtualClock();
    const rec = CallRecorder.start(
      { path: join(dir, 's.wav'), maxDurationMs: 60_000, silenceStopMs: 2000 },
      clock,
    );
    for (
      let i = 0;
      i < 200 && !(await Promise.race([rec.done.then(() => true), Promise.resolve(false)]));
      i++
    ) {
      rec.callerAudio('PCMU', i < 50 ? speech : quiet, 1, i * 160, clock.monotonic());
      await clock.advance(20);
    }
    const result = await rec.done;
    assert.equal(result.endedBy, 'silence');
    assert.ok(result.voicedMs >= 1000 && result.voicedMs <= 1020, String(result.voicedMs));
    assert.ok(result.durationMs >= 2900 && result.durationMs <= 3200, String(result.durationMs));
  });

  test('no speech within noInputTimeoutMs stops it', async () => {
    const clock = new VirtualClock();
    const rec = CallRecorder.start(
      { path: join(dir, 'n.wav'), maxDurationMs: 60_000, noInputTimeoutMs: 3000 },
      clock,
    );
    await clock.advance(3200);
    const result = await rec.done;
    assert.equal(result.endedBy, 'noInput');
    assert.equal(result.voicedMs, 0);
  });

  test('maxDurationMs bounds the audio', async () => {
    const clock = new VirtualClock();
    const rec = CallRecorder.start({ path: join(dir, 'm.wav'), maxDurationMs: 1000 }, clock);
    for (let i = 0; i < 100; i++) {
      rec.callerAudio('PCMU', speech, 1, i * 160, clock.monotonic());
      await clock.advance(20);
    }
    const result = await rec.done;
    assert.equal(result.endedBy, 'maxDuration');
    assert.equal(result.durationMs, 1000);
  });

  test('a lost packet leaves 20 ms of silence; a late one still lands', async () => {
    const clock = new VirtualClock();
    const rec = CallRecorder.start({ path: join(dir, 'l.wav'), maxDurationMs: 60_000 }, clock);
    const order = [0, 1, 3, 2, 4, 6, 7]; // 5 lost, 2 late
    for (const i of order) rec.callerAudio('PCMU', speech, 1, 1000 + i * 160, clock.monotonic());
    const result = await rec.stop('stopped');
    assert.equal(result.durationMs, 160);
    const samples = readWav(result.path).channels[0]!;
    assert.ok(rmsOf(samples.subarray(320, 480)) > 1000, 'the late packet is in place');
    assert.equal(rmsOf(samples.subarray(800, 960)), 0, 'the lost one is silence');
  });
});
