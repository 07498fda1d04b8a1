/** The RTP fixed header (RFC 3550 §5.1), CSRC list, extension (§5.3.1) and padding; malformed datagrams. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeRtp, encodeRtp } from '../../../src/telephony/media/index.js';

const payload = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);

function decodeOk(bytes: Buffer) {
  const r = decodeRtp(bytes);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.packet;
}

describe('RTP header', () => {
  test('round trip of every field, including wrap-around values', () => {
    for (const header of [
      { marker: true, payloadType: 0, sequence: 0, timestamp: 0, ssrc: 0 },
      { marker: false, payloadType: 127, sequence: 65535, timestamp: 0xffffffff, ssrc: 0xdeadbeef },
      { marker: true, payloadType: 101, sequence: 1234, timestamp: 160 * 7, ssrc: 42 },
    ]) {
      const p = decodeOk(encodeRtp(header, payload));
      assert.deepEqual({ ...p, payload: Buffer.from(p.payload) }, { ...header, payload });
    }
  });

  test('CSRCs, a header extension and padding are skipped: payload is the media only', () => {
    const csrc = Buffer.alloc(8, 0xaa); // CC = 2
    const extension = Buffer.from([0xbe, 0xde, 0x00, 0x01, 9, 9, 9, 9]); // one 32-bit word
    const padding = Buffer.from([0, 0, 3]);
    const head = encodeRtp(
      { marker: false, payloadType: 8, sequence: 5, timestamp: 800, ssrc: 7 },
      Buffer.alloc(0),
    );
    head[0] = 0x80 | 0x20 | 0x10 | 2; // V=2, P, X, CC=2
    const p = decodeOk(Buffer.concat([head, csrc, extension, payload, padding]));
    assert.deepEqual(Buffer.from(p.payload), payload);
    assert.equal(p.payloadType, 8);
    assert.equal(p.sequence, 5);
  });

  test('malformed datagrams are refused with a reason, never thrown', () => {
    const good = encodeRtp({ marker: false, payloadType: 0, sequence: 1, timestamp: 1, ssrc: 1 }, payload);
    const cases: [string, Buffer][] = [
      ['too-short', good.subarray(0, 11)],
      ['too-short', Buffer.alloc(0)],
      ['bad-version', Buffer.from([0x40, ...good.subarray(1)])],
      ['rtcp-payload-type', Buffer.from([0x80, 200, ...good.subarray(2)])],
      ['csrc-overrun', Buffer.from([0x8f, ...good.subarray(1)])],
      ['extension-overrun', Buffer.from([0x90, ...good.subarray(1, 12), 0, 0, 0xff, 0xff])],
      ['extension-overrun', Buffer.from([0x90, ...good.subarray(1, 14)])],
      ['bad-padding', Buffer.from([0xa0, ...good.subarray(1, 12), 1, 0])],
      ['bad-padding', Buffer.from([0xa0, ...good.subarray(1, 12), 1, 200])],
    ];
    for (const [reason, bytes] of cases) {
      const r = decodeRtp(bytes);
      assert.equal(r.ok, false, reason);
      if (!r.ok) assert.equal(r.reason, reason);
    }
  });

  test('random bytes never throw', () => {
    for (let i = 0; i < 5000; i++) {
      const bytes = Buffer.from(
        Array.from({ length: Math.floor(Math.random() * 40) }, () => Math.floor(Math.random() * 256)),
      );
      decodeRtp(bytes);
    }
  });
});
