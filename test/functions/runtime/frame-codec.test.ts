import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeFrame, FrameDecoder, FrameError } from '../../../src/functions/runtime/frame-codec.js';

test('frames survive being split at any byte and joined in one chunk', () => {
  const stream = Buffer.concat([
    encodeFrame(13, '{"ok":true}', Buffer.from('payload ✓')),
    encodeFrame(12, '', Buffer.from('a log line\n')),
  ]);
  for (let cut = 0; cut <= stream.length; cut++) {
    const decoder = new FrameDecoder(1024);
    const frames = [...decoder.push(stream.subarray(0, cut)), ...decoder.push(stream.subarray(cut))];
    assert.deepEqual(
      frames.map((frame) => [frame.kind, frame.header.toString(), frame.body.toString()]),
      [
        [13, '{"ok":true}', 'payload ✓'],
        [12, '', 'a log line\n'],
      ],
    );
  }
});

test('a frame longer than the limit is refused', () => {
  const decoder = new FrameDecoder(64);
  assert.throws(() => decoder.push(encodeFrame(13, '{}', Buffer.alloc(100))), FrameError);
});

test('a header longer than its frame is refused', () => {
  const frame = encodeFrame(13, '{}');
  frame.writeUInt32BE(1000, 5);
  assert.throws(() => new FrameDecoder(1024).push(frame), FrameError);
});
