/** G.711 by table: agrees with alawmulaw, round trips within the law's step, transcodes both ways. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import alawmulaw from 'alawmulaw';
import { decodeG711, encodeG711, transcodeG711 } from '../../../src/telephony/media/index.js';
import { tone } from './helpers.js';

describe('G.711', () => {
  test('tables give exactly what alawmulaw gives', () => {
    const pcm = new Int16Array(65536);
    for (let i = 0; i < pcm.length; i++) pcm[i] = i - 32768;
    assert.deepEqual(encodeG711('PCMU', pcm), alawmulaw.mulaw.encode(pcm));
    assert.deepEqual(encodeG711('PCMA', pcm), alawmulaw.alaw.encode(pcm));
    const codes = Uint8Array.from({ length: 256 }, (_, i) => i);
    assert.deepEqual(decodeG711('PCMU', codes), alawmulaw.mulaw.decode(codes));
    assert.deepEqual(decodeG711('PCMA', codes), alawmulaw.alaw.decode(codes));
  });

  test('a tone survives a round trip in each law (error within a few percent)', () => {
    const pcm = tone(20);
    for (const codec of ['PCMU', 'PCMA'] as const) {
      const back = decodeG711(codec, encodeG711(codec, pcm));
      for (let i = 0; i < pcm.length; i++)
        assert.ok(Math.abs(back[i]! - pcm[i]!) <= Math.abs(pcm[i]!) * 0.07 + 16);
    }
  });

  test('μ-law ↔ A-law transcoding matches decoding then encoding', () => {
    const pcm = tone(20, 1000);
    const mu = encodeG711('PCMU', pcm);
    const a = transcodeG711('PCMU', 'PCMA', mu);
    assert.deepEqual(new Uint8Array(a), encodeG711('PCMA', decodeG711('PCMU', mu)));
    const muAgain = transcodeG711('PCMA', 'PCMU', a);
    const drift = decodeG711('PCMU', muAgain).map((v, i) => Math.abs(v - pcm[i]!));
    assert.ok(Math.max(...drift) < 1200);
  });
});
