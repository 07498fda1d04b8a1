/**
 * RTP ports come back whatever way a call ends (2,000 calls, closed at random moments); running out
 * is an error the caller sees; on a real socket the latch ignores strays and follows a NATed peer.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { after, before, describe, test } from 'node:test';
import { isHotlineError } from '../../../src/shared/errors.js';
import { encodeG711, encodeRtp, type MediaSession } from '../../../src/telephony/media/index.js';
import { RtpPortPool } from '../../../src/telephony/media/port-pool.js';
import { bindRtpSocket } from '../../../src/telephony/media/rtp-socket.js';
import { offerSdp, portRange, type TestEngine, testEngine, tone, UdpPeer } from './helpers.js';

describe('RTP port pool', () => {
  test('even ports only, first in first out, exhaustion is MediaPortsExhausted, stray releases counted', () => {
    const pool = new RtpPortPool({ min: 10001, max: 10008 });
    assert.equal(pool.stats().size, 3); // 10002, 10004, 10006 (10008 has no RTCP port in range)
    const ports = [pool.acquire(), pool.acquire(), pool.acquire()];
    assert.deepEqual(ports, [10002, 10004, 10006]);
    assert.throws(
      () => pool.acquire(),
      (err) => isHotlineError(err, 'MediaPortsExhausted'),
    );
    assert.equal(pool.release(10004), true);
    assert.equal(pool.release(10004), false);
    assert.equal(pool.release(12345), false);
    assert.equal(pool.acquire(), 10004);
    assert.deepEqual(pool.stats(), {
      size: 3,
      inUse: 3,
      free: 0,
      highWater: 3,
      acquired: 4,
      released: 1,
      strayReleases: 2,
    });
  });

  test('a port another program holds is skipped', async () => {
    const { min } = portRange();
    const blocker = createSocket('udp4');
    await new Promise<void>((resolve) => blocker.bind(min, '127.0.0.1', resolve));
    try {
      const pool = new RtpPortPool({ min, max: min + 5 });
      const bound = await bindRtpSocket(pool, '127.0.0.1');
      assert.equal(bound.port, min + 2);
      assert.equal(pool.stats().inUse, 1);
      await new Promise<void>((resolve) => bound.socket.close(resolve));
    } finally {
      blocker.close();
    }
  });

  test('a range with no usable port, or outside 1024-65535, is refused', () => {
    assert.throws(() => new RtpPortPool({ min: 10001, max: 10001 }), RangeError);
    assert.throws(() => new RtpPortPool({ min: 80, max: 2000 }), RangeError);
    assert.throws(() => new RtpPortPool({ min: 3000, max: 2000 }), RangeError);
  });
});

describe('media engine ports', () => {
  let peer: UdpPeer;
  before(async () => {
    peer = await UdpPeer.open();
  });
  after(() => peer.close());

  test('2,000 calls created and closed at random moments give every port back', async () => {
    const t = testEngine({ portRange: portRange(300) });
    try {
      const offer = offerSdp({ port: peer.port });
      const open: MediaSession[] = [];
      const endings: Promise<unknown>[] = [];
      const closeRandomOpen = () =>
        endings.push(open.splice(Math.floor(Math.random() * open.length), 1)[0]!.close());
      for (let i = 0; i < 2000; i++) {
        const { session } = await t.engine.createSession(offer);
        const roll = Math.random();
        if (roll < 0.2) {
          endings.push(session.close()); // at once
        } else if (roll < 0.4) {
          const playing = session.play({ kind: 'tone', frequencyHz: 400, durationMs: 1000 });
          endings.push(playing.catch((err: unknown) => assert.ok(isHotlineError(err, 'MediaSessionClosed'))));
          endings.push(session.close());
        } else if (roll < 0.5) {
          endings.push(session.record({ path: `${t.cacheDir}/rec/${i}.wav`, maxDurationMs: 1000 }));
          endings.push(session.close());
        } else {
          open.push(session); // closed later, in random order, or by engine.close()
        }
        if (open.length > 100) closeRandomOpen();
      }
      await Promise.all(endings);
      const during = await t.engine.stats();
      assert.ok(during.ports.highWater <= 250, `high water ${during.ports.highWater}`);
      assert.equal(during.sessions, open.length);
    } finally {
      await t.close(); // closes the sessions still open
    }
    const stats = await t.engine.stats();
    assert.equal(stats.sessions, 0);
    assert.equal(stats.ports.inUse, 0);
    assert.equal(stats.ports.acquired, stats.ports.released);
    assert.equal(stats.ports.strayReleases, 0);
    assert.equal(stats.scheduler.streams, 0);
  });

  test('running out of ports is MediaPortsExhausted; an unusable offer takes no port', async () => {
    const min = portRange().min;
    const t = testEngine({ portRange: { min, max: min + 3 } });
    try {
      const offer = offerSdp({ port: peer.port });
      const one = await t.engine.createSession(offer);
      await t.engine.createSession(offer);
      await assert.rejects(t.engine.createSession(offer), (err) =>
        isHotlineError(err, 'MediaPortsExhausted'),
      );
      const g729 = offerSdp({ port: peer.port, formats: [[18, 'G729/8000']] });
      await assert.rejects(t.engine.createSession(g729), (err) => isHotlineError(err, 'MediaNoCommonCodec'));
      await one.session.close();
      await t.engine.createSession(offer);
      assert.equal((await t.engine.stats()).ports.inUse, 2);
    } finally {
      await t.close();
    }
    assert.equal((await t.engine.stats()).ports.inUse, 0);
  });
});

describe('symmetric RTP on real sockets', () => {
  let t: TestEngine;
  let phone: UdpPeer;
  let stray: UdpPeer;
  before(async () => {
    t = testEngine();
    phone = await UdpPeer.open();
    stray = await UdpPeer.open();
  });
  after(async () => {
    await t.close();
    await phone.close();
    await stray.close();
  });

  const frame = Buffer.from(encodeG711('PCMU', tone(20)));
  const packet = (sequence: number, ssrc: number) =>
    encodeRtp({ marker: false, payloadType: 0, sequence, timestamp: sequence * 160, ssrc }, frame);

  test('packets from a stray source are dropped and counted; ours keep going to the phone', async () => {
    phone.received.length = 0;
    const { session } = await t.engine.createSession(offerSdp({ port: phone.port }));
    // Out of sequence, so they never make a latch; then the phone confirms its address.
    for (let i = 0; i < 10; i++) stray.send(packet(100 + 7 * i, 6), session.localPort);
    phone.send(packet(1, 5), session.localPort);
    await waitForStats(session, (s) => s.rtp.received.packets === 1);
    // Once locked, the socket is connected to the phone: the kernel drops strays from then on.
    for (let i = 0; i < 10; i++) stray.send(packet(200 + i, 6), session.localPort);
    phone.send(packet(2, 5), session.localPort);
    await waitForStats(session, (s) => s.rtp.received.packets === 2);
    await phone.waitFor((r) => r.length >= 5, 5000, 'our silence frames');
    const stats = (await session.stats()).rtp;
    assert.ok(stats.strays >= 10, `${stats.strays} strays`); // later ones may be dropped by the kernel
    assert.equal(stats.latch, 'confirmed');
    assert.deepEqual(stats.target, { address: '127.0.0.1', port: phone.port });
    assert.equal(stray.received.length, 0);
    await session.close();
  });

  test('behind a NAT: 3 in-sequence packets from the real source latch it, and we send there', async () => {
    // The SDP names a port nobody listens on (the phone's private address, in effect).
    const { session } = await t.engine.createSession(offerSdp({ port: 9 }));
    for (let i = 0; i < 3; i++) stray.send(packet(500 + i, 8), session.localPort);
    await stray.waitFor((r) => r.length >= 3, 5000, 'media sent to the latched source');
    const stats = (await session.stats()).rtp;
    assert.equal(stats.latch, 'latched');
    assert.deepEqual(stats.target, { address: '127.0.0.1', port: stray.port });
    await session.close();
  });

  test('malformed datagrams are counted and dropped', async () => {
    const { session } = await t.engine.createSession(offerSdp({ port: phone.port }));
    phone.send(Buffer.from('not rtp at all'), session.localPort);
    phone.send(Buffer.alloc(2000, 0x80), session.localPort);
    phone.send(packet(1, 5), session.localPort);
    await waitForStats(session, (s) => s.rtp.received.packets === 1);
    assert.equal((await session.stats()).rtp.malformed, 2);
    await session.close();
  });
});

/** Waits, on the session's own traffic (its frames go out every 20 ms), until its stats satisfy `ok`. */
async function waitForStats(
  session: MediaSession,
  ok: (s: Awaited<ReturnType<MediaSession['stats']>>) => boolean,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok(await session.stats())) {
    if (Date.now() > deadline)
      throw new Error(`timed out; stats ${JSON.stringify((await session.stats()).rtp)}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
