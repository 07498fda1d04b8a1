/** Reception statistics (RFC 3550 A.1 sequence, A.3 loss, A.8 jitter) and the symmetric-RTP latch. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SymmetricRtpLatch } from '../../../src/telephony/media/rtp-latch.js';
import { RtpReceiveStats } from '../../../src/telephony/media/rtp-receive-stats.js';

describe('receive statistics', () => {
  test('gaps are lost packets, reordered ones are late, across the sequence wrap', () => {
    const s = new RtpReceiveStats();
    const seqs = [65533, 65534, 0, 1, 3, 2, 5]; // 65535 and 4 never come; 2 comes late
    seqs.forEach((seq, i) => {
      s.update(1, seq, i * 160, 172, i * 20, true);
    });
    const r = s.snapshot();
    assert.equal(r.packets, 7);
    assert.equal(r.lost, 2);
    assert.equal(r.late, 1);
  });

  test('packets exactly on time have no jitter; 5 ms late every other packet gives jitter', () => {
    const steady = new RtpReceiveStats();
    for (let i = 0; i < 100; i++) steady.update(1, i, i * 160, 172, i * 20, true);
    assert.equal(steady.snapshot().jitterMs, 0);
    const jittery = new RtpReceiveStats();
    for (let i = 0; i < 100; i++) jittery.update(1, i, i * 160, 172, i * 20 + (i % 2) * 5, true);
    assert.ok(jittery.snapshot().jitterMs > 3, String(jittery.snapshot().jitterMs));
  });

  test('a new SSRC starts counting again without losing what was lost before', () => {
    const s = new RtpReceiveStats();
    s.update(1, 10, 0, 172, 0, true);
    s.update(1, 12, 320, 172, 40, true); // 11 lost
    s.update(2, 5000, 9999, 172, 60, true);
    s.update(2, 5001, 10159, 172, 80, true);
    assert.equal(s.snapshot().lost, 1);
  });
});

describe('symmetric RTP latch', () => {
  const options = { mode: 'strict' as const, probationPackets: 3 };

  test('the signalled address is heard and confirmed; strays are never followed afterwards', () => {
    const latch = new SymmetricRtpLatch({ address: '10.0.0.1', port: 4000 }, options);
    assert.equal(latch.admit('10.0.0.1', 4000, 1, 1), true);
    assert.equal(latch.state, 'confirmed');
    for (let i = 0; i < 10; i++) assert.equal(latch.admit('10.0.0.9', 5000, 2, 100 + i), false);
    assert.deepEqual(latch.target, { address: '10.0.0.1', port: 4000 });
  });

  test('behind a NAT: a source latches after 3 consecutive in-sequence packets of one SSRC', () => {
    const latch = new SymmetricRtpLatch({ address: '192.168.1.20', port: 4000 }, options);
    assert.equal(latch.admit('203.0.113.5', 61000, 7, 10), false);
    assert.equal(latch.admit('203.0.113.5', 61000, 7, 11), false);
    assert.equal(latch.admit('203.0.113.5', 61000, 7, 12), true);
    assert.equal(latch.state, 'latched');
    assert.deepEqual(latch.target, { address: '203.0.113.5', port: 61000 });
    assert.equal(latch.admit('192.168.1.20', 4000, 7, 13), false, 'locked to the latched source');
  });

  test('out-of-sequence, other-SSRC or alternating sources never latch', () => {
    const latch = new SymmetricRtpLatch({ address: '192.168.1.20', port: 4000 }, options);
    const tries: [string, number, number, number][] = [
      ['203.0.113.5', 61000, 7, 10],
      ['203.0.113.5', 61000, 7, 12],
      ['203.0.113.5', 61000, 8, 13],
      ['203.0.113.6', 61000, 8, 14],
      ['203.0.113.5', 61000, 8, 15],
    ];
    for (const t of tries) assert.equal(latch.admit(...t), false);
    assert.equal(latch.state, 'learning');
  });

  test("signalled-only mode never latches; a re-INVITE's new address starts over", () => {
    const strict = new SymmetricRtpLatch(
      { address: '10.0.0.1', port: 4000 },
      { ...options, mode: 'signalled-only' },
    );
    for (let i = 0; i < 5; i++) assert.equal(strict.admit('10.0.0.2', 4000, 1, i), false);
    strict.resignal({ address: '10.0.0.2', port: 4000 });
    assert.equal(strict.admit('10.0.0.2', 4000, 1, 9), true);
  });
});
