/**
 * Prompt sources: WAV files converted once and cached (memory and disk); espeak-ng TTS in Chinese
 * and English, cached per (voice, text) so the second request starts no process, shared between
 * concurrent requests; a clear error when espeak-ng is missing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isHotlineError } from '../../../src/shared/errors.js';
import { AudioLru } from '../../../src/telephony/media/audio-lru.js';
import { DiskAudioCache } from '../../../src/telephony/media/disk-audio-cache.js';
import { espeakVoiceFor, silentMediaLogger } from '../../../src/telephony/media/index.js';
import { EspeakTts } from '../../../src/telephony/media/tts.js';
import { toneWav } from '../../helpers/wav.js';
import { rmsOf, type TestEngine, testEngine } from './helpers.js';

const hasEspeak = spawnSync('espeak-ng', ['--version']).error === undefined;

describe('prompt files', () => {
  let t: TestEngine;
  let dir: string;
  before(() => {
    t = testEngine();
    dir = mkdtempSync(join(tmpdir(), 'hotline-prompts-'));
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a 44.1 kHz stereo WAV becomes 8 kHz audio, converted once, then served from memory', async () => {
    const path = join(dir, 'welcome.wav');
    writeFileSync(path, toneWav({ rate: 44100, channels: 2, seconds: 1.5 }));
    const [a, b] = await Promise.all([
      t.engine.loadPrompt({ kind: 'file', path }),
      t.engine.loadPrompt({ kind: 'file', path }),
    ]);
    assert.equal(a, b);
    assert.equal(a.durationMs, 1500);
    assert.equal(a.samples.length, 12000);
    assert.ok(rmsOf(a.samples) > 5000);
    assert.equal(a.frames('PCMA').length, 75 * 160);
    const again = await t.engine.loadPrompt({ kind: 'file', path });
    assert.equal(again, a);
    const stats = (await t.engine.stats()).prompts;
    assert.equal(stats.conversions, 1);
    assert.equal(stats.memoryHits, 1);
  });

  test('a changed file is converted again; a new engine finds the conversion on disk', async () => {
    const path = join(dir, 'menu.wav');
    writeFileSync(path, toneWav({ rate: 16000, channels: 1, seconds: 0.5 }));
    await t.engine.loadPrompt({ kind: 'file', path });
    writeFileSync(path, toneWav({ rate: 16000, channels: 1, seconds: 0.8 }));
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    assert.equal((await t.engine.loadPrompt({ kind: 'file', path })).durationMs, 800);
    const second = testEngine({ cacheDir: t.cacheDir });
    try {
      assert.equal((await second.engine.loadPrompt({ kind: 'file', path })).durationMs, 800);
      assert.deepEqual(
        {
          conversions: (await second.engine.stats()).prompts.conversions,
          diskHits: (await second.engine.stats()).prompts.diskHits,
        },
        { conversions: 0, diskHits: 1 },
      );
    } finally {
      await second.engine.close();
    }
  });

  test('missing or non-WAV files are MediaPromptUnreadable', async () => {
    const notWav = join(dir, 'notes.txt');
    writeFileSync(notWav, 'hello');
    for (const path of [join(dir, 'missing.wav'), notWav])
      await assert.rejects(t.engine.loadPrompt({ kind: 'file', path }), (err) =>
        isHotlineError(err, 'MediaPromptUnreadable'),
      );
  });

  test('tones and silence have the asked duration; absurd ones are refused', async () => {
    assert.equal(
      (await t.engine.loadPrompt({ kind: 'tone', frequencyHz: 1000, durationMs: 300 })).durationMs,
      300,
    );
    assert.equal((await t.engine.loadPrompt({ kind: 'silence', durationMs: 40 })).frameCount, 2);
    await assert.rejects(t.engine.loadPrompt({ kind: 'silence', durationMs: 1e9 }), RangeError);
  });

  test('the memory cache keeps within its byte bound, least recently used out first', async () => {
    const { PromptAudio } = await import('../../../src/telephony/media/index.js');
    const lru = new AudioLru(100_000);
    for (let i = 0; i < 10; i++) lru.set(`k${i}`, PromptAudio.silence(1000)); // 32,000 bytes each
    assert.ok(lru.stats().bytes <= 100_000);
    assert.equal(lru.get('k0'), undefined);
    assert.ok(lru.get('k9'));
  });
});

describe('voices', () => {
  test('language tags choose espeak-ng voices; explicit voices are checked', () => {
    assert.equal(espeakVoiceFor('zh-CN'), 'cmn');
    assert.equal(espeakVoiceFor('zh'), 'cmn');
    assert.equal(espeakVoiceFor('en-US'), 'en-us');
    assert.equal(espeakVoiceFor('en_GB'), 'en-gb');
    assert.equal(espeakVoiceFor('en-AU'), 'en');
    assert.equal(espeakVoiceFor('fr-FR'), 'fr-fr');
    assert.equal(espeakVoiceFor('en-US', 'en-us+f3'), 'en-us+f3');
    for (const bad of ['', 'x', '--help', 'zh CN', 'a'.repeat(50)]) assert.throws(() => espeakVoiceFor(bad));
    assert.throws(() => espeakVoiceFor('en', '-w/etc/passwd'));
  });
});

describe('text to speech with espeak-ng', { skip: hasEspeak ? false : 'espeak-ng is not installed' }, () => {
  let t: TestEngine;
  before(() => {
    t = testEngine();
  });
  after(() => t.close());

  test('Chinese and English are spoken, and a second request starts no espeak-ng', async () => {
    const zh = await t.engine.loadPrompt({ kind: 'tts', text: '欢迎致电，请按一号键', language: 'zh-CN' });
    const en = await t.engine.loadPrompt({
      kind: 'tts',
      text: 'Welcome to Hotline. Press one.',
      language: 'en-US',
    });
    for (const audio of [zh, en]) {
      assert.ok(audio.durationMs > 500, `${audio.durationMs} ms`);
      assert.ok(rmsOf(audio.samples) > 300, `rms ${rmsOf(audio.samples)}`);
    }
    assert.equal((await t.engine.stats()).tts.syntheses, 2);
    const again = await t.engine.loadPrompt({ kind: 'tts', text: '欢迎致电，请按一号键', language: 'zh-CN' });
    assert.equal(again, zh);
    assert.equal((await t.engine.stats()).tts.syntheses, 2);
    assert.equal((await t.engine.stats()).tts.memoryHits, 1);
    assert.equal(readdirSync(join(t.cacheDir, 'tts')).filter((f) => f.endsWith('.wav')).length, 2);
  });

  test('concurrent requests for one text share one synthesis', async () => {
    const text = `Your queue position is ${Math.floor(Math.random() * 1e6)}`;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.engine.loadPrompt({ kind: 'tts', text, language: 'en' })),
    );
    assert.ok(results.every((r) => r === results[0]));
    const stats = (await t.engine.stats()).tts;
    assert.equal(stats.shared, 4);
  });

  test('the disk cache serves another process: even without espeak-ng it needs none', async () => {
    const disk = new DiskAudioCache(join(t.cacheDir, 'tts'), silentMediaLogger);
    const tts = new EspeakTts({ disk, memory: new AudioLru(1e6), command: '/nonexistent/espeak-ng' });
    const audio = await tts.speak('Welcome to Hotline. Press one.', 'en-US');
    assert.ok(audio.durationMs > 500);
    assert.deepEqual(tts.stats(), { syntheses: 0, memoryHits: 0, diskHits: 1, shared: 0 });
  });

  test('espeak-ng missing is MediaTtsUnavailable; empty or overlong text is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-tts-'));
    try {
      const tts = new EspeakTts({
        disk: new DiskAudioCache(dir, silentMediaLogger),
        memory: new AudioLru(1e6),
        command: '/nonexistent/espeak-ng',
        maxTextLength: 20,
      });
      await assert.rejects(tts.speak('hello', 'en'), (err) => isHotlineError(err, 'MediaTtsUnavailable'));
      await assert.rejects(tts.speak('   ', 'en'), (err) => isHotlineError(err, 'ValidationFailed'));
      await assert.rejects(tts.speak('x'.repeat(21), 'en'), (err) => isHotlineError(err, 'ValidationFailed'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('espeak-ng failing is MediaTtsFailed with its exit status', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-tts-'));
    try {
      const disk = new DiskAudioCache(dir, silentMediaLogger);
      const tts = new EspeakTts({ disk, memory: new AudioLru(1e6), command: 'false' });
      await assert.rejects(
        tts.speak('hello', 'en'),
        (err) => isHotlineError(err, 'MediaTtsFailed') && /exited with 1/.test(err.message),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a TTS prompt plays on a call', async () => {
    const { UdpPeer, offerSdp } = await import('./helpers.js');
    const peer = await UdpPeer.open();
    try {
      const { session } = await t.engine.createSession(offerSdp({ port: peer.port }));
      const result = await session.play({ kind: 'tts', text: '您好', language: 'zh-CN' });
      assert.equal(result.endedBy, 'completed');
      assert.ok(result.playedMs > 200);
      await session.close();
    } finally {
      await peer.close();
    }
  });
});
