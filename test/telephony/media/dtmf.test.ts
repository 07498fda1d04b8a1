/**
 * DTMF: sipp's RFC 4733 recordings replayed to a call give each digit once; a press repeated with
 * the very same packets is heard twice; SIP INFO bodies; digits we send are RFC 4733 packets a
 * receiver reads back.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../../../src/shared/clock.js';
import { isHotlineError } from '../../../src/shared/errors.js';
import {
  type DigitEvent,
  DtmfReceiver,
  decodeRtp,
  encodeRtp,
  parseDtmfInfo,
} from '../../../src/telephony/media/index.js';
import { decodeTelephoneEvent, encodeTelephoneEvent } from '../../../src/telephony/media/telephone-event.js';
import { offerSdp, type TestEngine, testEngine, UdpPeer } from './helpers.js';
import { readPcapUdp } from './pcap.js';

const sippMedia = '/usr/share/sip-tester';
const pcapFiles = existsSync(sippMedia)
  ? readdirSync(sippMedia)
      .filter((f) => f.startsWith('dtmf_2833_'))
      .sort()
  : [];
const digitOfFile = (f: string) => {
  const name = f.slice('dtmf_2833_'.length, -'.pcap'.length);
  return name === 'pound' ? '#' : name === 'star' ? '*' : name;
};

describe('RFC 4733 digits from sipp recordings', {
  skip: pcapFiles.length === 0 ? 'sipp media not installed' : false,
}, () => {
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

  test('each recorded digit is reported once, with its time', async () => {
    const { session } = await t.engine.createSession(offerSdp({ port: peer.port }));
    const heard: DigitEvent[] = [];
    // A last digit (D, with a timestamp of its own) marks the end: loopback keeps the order.
    const expected = [...pcapFiles.map(digitOfFile), 'D'];
    const done = new Promise<void>((resolve) =>
      session.onDigit((d) => {
        heard.push(d);
        if (d.digit === 'D') resolve();
      }),
    );
    let packets = 0;
    for (const file of pcapFiles) {
      for (const datagram of readPcapUdp(join(sippMedia, file))) {
        peer.send(datagram.payload, session.localPort);
        packets++;
      }
    }
    const d = encodeTelephoneEvent({ event: 15, end: true, volume: 10, duration: 800 });
    peer.send(
      encodeRtp({ marker: true, payloadType: 101, sequence: 1, timestamp: 999_999, ssrc: 1 }, d),
      session.localPort,
    );
    await done;
    assert.deepEqual(
      heard.map((x) => x.digit),
      expected,
    );
    assert.ok(heard.every((x) => x.via === 'rfc4733' && Math.abs(x.at - Date.now()) < 60_000));
    assert.ok((await session.stats()).rtp.received.packets >= packets);
    await session.close();
  });

  test('the same recording played twice is two presses; retransmissions alone are not', () => {
    const receiver = new DtmfReceiver(systemClock);
    const capture = readPcapUdp(join(sippMedia, 'dtmf_2833_1.pcap'));
    const digits: string[] = [];
    for (const offset of [0, 1000]) {
      for (const d of capture) {
        const decoded = decodeRtp(d.payload);
        assert.ok(decoded.ok);
        const digit = receiver.receive(decoded.packet, offset + d.atMs);
        if (digit) digits.push(digit.digit);
      }
    }
    assert.deepEqual(digits, ['1', '1']);
    assert.equal(receiver.ignoredPackets, 0);
  });
});

describe('DTMF in SIP INFO bodies', () => {
  test('application/dtmf-relay', () => {
    assert.deepEqual(parseDtmfInfo('application/dtmf-relay', 'Signal=1\r\nDuration=160\r\n'), {
      digit: '1',
      durationMs: 160,
    });
    assert.deepEqual(parseDtmfInfo('Application/DTMF-Relay; charset=x', 'signal= #\nduration=250'), {
      digit: '#',
      durationMs: 250,
    });
    assert.deepEqual(parseDtmfInfo('application/dtmf-relay', 'Signal=11\r\n'), {
      digit: '#',
      durationMs: undefined,
    });
    assert.deepEqual(parseDtmfInfo('application/dtmf-relay', 'Signal=d'), {
      digit: 'D',
      durationMs: undefined,
    });
    assert.equal(parseDtmfInfo('application/dtmf-relay', 'Signal=X\r\nDuration=160'), undefined);
    assert.equal(parseDtmfInfo('application/dtmf-relay', 'Duration=160'), undefined);
    assert.equal(parseDtmfInfo('application/dtmf-relay', `Signal=1\r\n${'x'.repeat(1000)}`), undefined);
  });

  test('application/dtmf and other content types', () => {
    assert.deepEqual(parseDtmfInfo('application/dtmf', '5'), { digit: '5', durationMs: undefined });
    assert.deepEqual(parseDtmfInfo('application/dtmf', Buffer.from('*\r\n')), {
      digit: '*',
      durationMs: undefined,
    });
    assert.deepEqual(parseDtmfInfo('application/dtmf', '10'), { digit: '*', durationMs: undefined });
    assert.equal(parseDtmfInfo('application/dtmf', '55'), undefined);
    assert.equal(parseDtmfInfo('application/sdp', 'Signal=1'), undefined);
  });
});

describe('sending DTMF', () => {
  let t: TestEngine;
  let peer: UdpPeer;
  before(async () => {
    t = testEngine({ idleAudio: 'none' });
    peer = await UdpPeer.open();
  });
  after(async () => {
    await t.close();
    await peer.close();
  });

  test('digits go as RFC 4733 events: marker first, one timestamp per event, end sent 3 times', async () => {
    const { session } = await t.engine.createSession(
      offerSdp({
        port: peer.port,
        formats: [
          [0, 'PCMU/8000'],
          [96, 'telephone-event/8000'],
        ],
      }),
    );
    await session.sendDigits('1#', { durationMs: 60 });
    await peer.waitFor((r) => r.length >= 12);
    const events = peer.received.map((r) => r.packet);
    assert.ok(events.every((p) => p.payloadType === 96));
    const receiver = new DtmfReceiver(systemClock);
    const digits = events.map((p, i) => receiver.receive(p, i * 20)?.digit).filter((d) => d !== undefined);
    assert.deepEqual(digits, ['1', '#']);
    const first = events.filter((p) => decodeTelephoneEvent(p.payload)?.event === 1);
    assert.equal(first.length, 6, '3 frames of 20 ms, then 3 end packets');
    assert.deepEqual(
      first.map((p) => p.marker),
      [true, false, false, false, false, false],
    );
    assert.equal(new Set(first.map((p) => p.timestamp)).size, 1);
    assert.deepEqual(
      first.map((p) => decodeTelephoneEvent(p.payload)?.end),
      [false, false, false, true, true, true],
    );
    assert.deepEqual(
      first.map((p) => decodeTelephoneEvent(p.payload)?.duration),
      [160, 320, 480, 480, 480, 480],
    );
    for (let i = 1; i < events.length; i++)
      assert.equal(events[i]!.sequence, (events[i - 1]!.sequence + 1) & 0xffff);
    await session.close();
  });

  test('without telephone-event in the offer, sendDigits is MediaDtmfUnsupported; bad digits are refused', async () => {
    const { session } = await t.engine.createSession(
      offerSdp({ port: peer.port, formats: [[0, 'PCMU/8000']] }),
    );
    await assert.rejects(session.sendDigits('1'), (err) => isHotlineError(err, 'MediaDtmfUnsupported'));
    await session.close();
    const other = await t.engine.createSession(offerSdp({ port: peer.port }));
    await assert.rejects(other.session.sendDigits('1x'), RangeError);
    await other.session.close();
  });

  test('SIP INFO digits reach onDigit like RTP ones', async () => {
    const { session } = await t.engine.createSession(offerSdp({ port: peer.port }));
    const heard: DigitEvent[] = [];
    session.onDigit((d) => heard.push(d));
    const info = parseDtmfInfo('application/dtmf-relay', 'Signal=7\r\nDuration=160');
    assert.ok(info);
    session.reportInfoDigit(info.digit);
    assert.equal(heard[0]?.digit, '7');
    assert.equal(heard[0]?.via, 'sip-info');
    await session.close();
  });
});
