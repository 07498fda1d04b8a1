/**
 * The WAV writer keeps every sample, in order, however many flushes pile up before the disk
 * answers (a busy event loop): they go out as one larger write after the one in flight.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { WavFileWriter } from '../../../src/telephony/media/wav-file-writer.js';

describe('WAV file writer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-wav-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every sample in order when many flushes come before the first write ends', async () => {
    const path = join(dir, 'many.wav');
    const writer = new WavFileWriter(path, 2);
    const frames = 30;
    const perFrame = 16_384; // 32 KiB each: every append flushes
    for (let f = 0; f < frames; f++) writer.append(new Int16Array(perFrame).fill(f));
    assert.equal(writer.dataBytes, frames * perFrame * 2);
    const bytes = await writer.close();
    const file = readFileSync(path);
    assert.equal(bytes, 44 + frames * perFrame * 2);
    assert.equal(file.length, bytes);
    assert.equal(file.readUInt32LE(40), frames * perFrame * 2);
    assert.equal(file.readUInt32LE(4), 36 + frames * perFrame * 2);
    const samples = new Int16Array(file.buffer, file.byteOffset + 44, frames * perFrame);
    for (let f = 0; f < frames; f++) {
      assert.equal(samples[f * perFrame], f);
      assert.equal(samples[(f + 1) * perFrame - 1], f);
    }
  });

  it('keeps appending while a write is in flight, and close waits for all of it', async () => {
    const path = join(dir, 'interleaved.wav');
    const writer = new WavFileWriter(path, 1);
    let expected = 0;
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 3; i++) {
        writer.append(new Int16Array(20_000).fill(round * 3 + i));
        expected += 40_000;
      }
      await new Promise((r) => setImmediate(r));
    }
    writer.append(new Int16Array(10).fill(99)); // below a flush: close() writes it
    expected += 20;
    assert.equal(await writer.close(), 44 + expected);
    const file = readFileSync(path);
    const samples = new Int16Array(file.buffer, file.byteOffset + 44, expected / 2);
    for (let k = 0; k < 15; k++) assert.equal(samples[k * 20_000 + 10_000], k);
    assert.equal(samples.at(-1), 99);
  });

  it('reports a file that cannot be created when it is closed', async () => {
    writeFileSync(join(dir, 'a-file'), '');
    const writer = new WavFileWriter(join(dir, 'a-file', 'x.wav'), 1);
    writer.append(new Int16Array(20_000));
    await assert.rejects(writer.close());
  });
});
