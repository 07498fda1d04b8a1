/**
 * Two calls of the media engine talking to each other, as a call we place and a call we answer
 * would: offer, answer, digits one way, a prompt the other way recorded on arrival; and digit
 * collection over the digits a call hears.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import wavefile from 'wavefile';
import { isHotlineError } from '../../../src/shared/errors.js';
import { VirtualClock } from '../../../src/shared/virtual-clock.js';
import { DigitCollector, type DigitEvent, PromptAudio } from '../../../src/telephony/media/index.js';
import { rmsOf, type TestEngine, testEngine, tone, workerTestEngine } from './helpers.js';

const engines: [string, () => TestEngine][] = [
  ['in this thread', () => testEngine()],
  ['in the media worker', () => workerTestEngine()],
];

for (const [where, start] of engines)
  describe(`two legs of the engine (${where})`, () => {
    let t: TestEngine;
    before(() => {
      t = start();
    });
    after(() => t.close());

    test('offer → answer → digits one way, a prompt the other way, recorded where it arrives', async () => {
      const outbound = await t.engine.createOffer();
      const inbound = await t.engine.createSession(outbound.offerSdp);
      await outbound.session.applyAnswer(inbound.answerSdp);
      assert.equal(outbound.session.negotiation.remote?.port, inbound.session.localPort);
      assert.equal(inbound.session.negotiation.codec, 'PCMU');

      const heard: DigitEvent[] = [];
      const allHeard = new Promise<void>((resolve) =>
        inbound.session.onDigit((d) => {
          heard.push(d);
          if (heard.length === 4) resolve();
        }),
      );
      const sentAt = performance.now();
      await outbound.session.sendDigits('12#9');
      await allHeard;
      assert.equal(heard.map((d) => d.digit).join(''), '12#9');
      // Heard on this thread's monotonic clock, whichever thread the media runs on.
      const heardBy = performance.now();
      for (const d of heard)
        assert.ok(d.monotonicMs >= sentAt && d.monotonicMs <= heardBy, `${d.monotonicMs}`);

      const controller = new AbortController();
      const recording = outbound.session.record({
        path: join(t.cacheDir, 'heard.wav'),
        maxDurationMs: 5000,
        signal: controller.signal,
      });
      await inbound.session.play({ kind: 'audio', audio: new PromptAudio(tone(500, 600)) });
      // The last frames are on the wire; one more 20 ms frame of silence lets them land.
      await inbound.session.play({ kind: 'silence', durationMs: 100 });
      controller.abort();
      const result = await recording;
      const wav = new wavefile.WaveFile(readFileSync(result.path));
      const samples = wav.getSamples(false, Int16Array) as unknown as Int16Array;
      assert.ok(rmsOf(samples) > 3000, `rms ${rmsOf(samples)}`);
      assert.ok(result.voicedMs >= 480, `voiced ${result.voicedMs}`);
      assert.equal((await outbound.session.stats()).rtp.latch, 'confirmed');
      assert.ok((await outbound.session.stats()).rtp.lastReceivedMs !== null);
      await outbound.session.close();
      await inbound.session.close();
    });

    test('a re-INVITE offer with no common codec is refused and changes nothing', async () => {
      const outbound = await t.engine.createOffer();
      const inbound = await t.engine.createSession(outbound.offerSdp);
      const before = inbound.session.negotiation;
      const g729 = outbound.offerSdp.replace(/m=audio (\d+) RTP\/AVP [^\r]+/, 'm=audio $1 RTP/AVP 18');
      await assert.rejects(inbound.session.renegotiate(g729), (err) =>
        isHotlineError(err, 'MediaNoCommonCodec'),
      );
      assert.equal(inbound.session.negotiation, before);
      const pcmaOnly = outbound.offerSdp.replace(/m=audio (\d+) RTP\/AVP [^\r]+/, 'm=audio $1 RTP/AVP 8 101');
      assert.match(await inbound.session.renegotiate(pcmaOnly), /m=audio \d+ RTP\/AVP 8 101/);
      assert.equal(inbound.session.negotiation.codec, 'PCMA');
      await outbound.session.close();
      await inbound.session.close();
    });

    test('an answer is only taken by a call we placed', async () => {
      const outbound = await t.engine.createOffer();
      const inbound = await t.engine.createSession(outbound.offerSdp);
      await assert.rejects(inbound.session.applyAnswer(outbound.offerSdp), (err) =>
        isHotlineError(err, 'MediaBusy'),
      );
      await outbound.session.close();
      await inbound.session.close();
    });
  });

describe('digit collection (virtual time)', () => {
  function source() {
    const listeners = new Set<(d: DigitEvent) => void>();
    return {
      onDigit(l: (d: DigitEvent) => void) {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      press(digits: string) {
        for (const digit of digits)
          for (const l of listeners)
            l({ digit: digit as DigitEvent['digit'], at: 0, monotonicMs: 0, via: 'rfc4733' });
      },
    };
  }
  const options = { maxDigits: 4, terminator: '#', firstDigitTimeoutMs: 5000, interDigitTimeoutMs: 3000 };

  test('digits typed ahead come first; the terminator ends input and is left out', async () => {
    const clock = new VirtualClock();
    const s = source();
    const collector = new DigitCollector(s, clock);
    s.press('12');
    const first = collector.collect(options);
    s.press('3#5');
    assert.deepEqual(await first, { digits: '123', ended: 'terminator' });
    const second = collector.collect(options); // '5' was typed ahead
    await clock.advance(3000);
    assert.deepEqual(await second, { digits: '5', ended: 'timeout' });
  });

  test('maxDigits ends input; what follows waits for the next collect or is flushed', async () => {
    const clock = new VirtualClock();
    const s = source();
    const collector = new DigitCollector(s, clock);
    s.press('123456');
    assert.deepEqual(await collector.collect(options), { digits: '1234', ended: 'maxDigits' });
    assert.equal(collector.flush(), '56');
    assert.equal(collector.flush(), '');
  });

  test('first-digit and inter-digit timeouts run on the clock', async () => {
    const clock = new VirtualClock();
    const s = source();
    const collector = new DigitCollector(s, clock);
    const none = collector.collect(options);
    await clock.advance(5000);
    assert.deepEqual(await none, { digits: '', ended: 'timeout' });
    let settled = false;
    const some = collector.collect(options).finally(() => {
      settled = true;
    });
    s.press('1');
    await clock.advance(2999);
    assert.equal(settled, false);
    s.press('2');
    await clock.advance(2999);
    assert.equal(settled, false);
    await clock.advance(1);
    assert.deepEqual(await some, { digits: '12', ended: 'timeout' });
    assert.equal(clock.timerCount, 0);
  });

  test('an aborted signal rejects with its reason; one collect at a time', async () => {
    const clock = new VirtualClock();
    const collector = new DigitCollector(source(), clock);
    const controller = new AbortController();
    const pending = collector.collect(options, controller.signal);
    await assert.rejects(collector.collect(options), (err) => isHotlineError(err, 'MediaBusy'));
    const reason = new Error('hung up');
    controller.abort(reason);
    await assert.rejects(pending, (err) => err === reason);
    assert.equal(clock.timerCount, 0);
    collector.close();
  });
});

describe('engine lifecycle', () => {
  test('closing the engine while calls are being set up leaves no port or stream behind', async () => {
    const t = testEngine();
    const offer = `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n`;
    const setups = Array.from({ length: 20 }, () => t.engine.createSession(offer));
    await t.close();
    const outcomes = await Promise.allSettled(setups);
    for (const o of outcomes) {
      if (o.status === 'fulfilled') assert.equal(o.value.session.closed, true);
      else assert.ok(isHotlineError(o.reason, 'MediaSessionClosed'), String(o.reason));
    }
    await assert.rejects(t.engine.createSession(offer), (err) => isHotlineError(err, 'MediaSessionClosed'));
    const stats = await t.engine.stats();
    assert.equal(stats.ports.inUse, 0);
    assert.equal(stats.sessions, 0);
    assert.equal(stats.scheduler.streams, 0);
  });
});
