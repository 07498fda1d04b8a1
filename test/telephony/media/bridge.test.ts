/**
 * Bridging two calls: audio and RFC 4733 events relayed both ways on each leg's own stream,
 * passed through when both legs use the same law and converted PCMU ↔ PCMA when not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../../../src/shared/clock.js';
import { isHotlineError } from '../../../src/shared/errors.js';
import type { BridgeLeg } from '../../../src/telephony/media/bridge.js';
import { encodeG711, encodeRtp, transcodeG711 } from '../../../src/telephony/media/index.js';
import { RtpSender } from '../../../src/telephony/media/rtp-sender.js';
import { encodeTelephoneEvent } from '../../../src/telephony/media/telephone-event.js';
import { offerSdp, type Received, type TestEngine, testEngine, tone, UdpPeer } from './helpers.js';

const pcmuOffer = (port: number) =>
  offerSdp({
    port,
    formats: [
      [0, 'PCMU/8000'],
      [101, 'telephone-event/8000'],
    ],
  });
const pcmaOffer = (port: number) =>
  offerSdp({
    port,
    formats: [
      [8, 'PCMA/8000'],
      [96, 'telephone-event/8000'],
    ],
  });

function sendFrames(from: UdpPeer, to: number, payloadType: number, frames: Buffer[], ssrc: number): void {
  frames.forEach((payload, i) => {
    from.send(
      encodeRtp({ marker: i === 0, payloadType, sequence: 10 + i, timestamp: 1000 + i * 160, ssrc }, payload),
      to,
    );
  });
}

const relayed = (received: Received[], payloadType: number) =>
  received.filter((r) => r.packet.payloadType === payloadType);

describe('bridge', () => {
  let t: TestEngine;
  let caller: UdpPeer;
  let agent: UdpPeer;
  before(async () => {
    t = testEngine({ idleAudio: 'none' });
    caller = await UdpPeer.open();
    agent = await UdpPeer.open();
  });
  after(async () => {
    await t.close();
    await caller.close();
    await agent.close();
  });

  test('PCMU ↔ PCMA is transcoded both ways; DTMF passes with the other payload type', async () => {
    const a = await t.engine.createSession(pcmuOffer(caller.port));
    const b = await t.engine.createSession(pcmaOffer(agent.port));
    const bridge = t.engine.bridge(a.session, b.session);
    const mu = encodeG711('PCMU', tone(200, 400));
    const frames = Array.from({ length: 10 }, (_, i) => mu.subarray(i * 160, (i + 1) * 160));
    sendFrames(
      caller,
      a.session.localPort,
      0,
      frames.map((f) => Buffer.from(f)),
      1111,
    );
    await agent.waitFor((r) => relayed(r, 8).length >= 10, 5000, 'audio relayed to the agent');
    const toAgent = relayed(agent.received, 8);
    toAgent.forEach((r, i) => {
      assert.deepEqual(r.packet.payload, transcodeG711('PCMU', 'PCMA', frames[i]!));
      assert.equal(r.packet.ssrc, toAgent[0]!.packet.ssrc);
      if (i > 0) {
        assert.equal(r.packet.sequence, (toAgent[i - 1]!.packet.sequence + 1) & 0xffff);
        assert.equal(r.packet.timestamp, (toAgent[i - 1]!.packet.timestamp + 160) >>> 0);
      }
    });
    assert.equal(toAgent[0]!.packet.marker, true);

    const alaw = encodeG711('PCMA', tone(100, 600));
    const back = [alaw.subarray(0, 160), alaw.subarray(160, 320)].map((f) => Buffer.from(f));
    sendFrames(agent, b.session.localPort, 8, back, 2222);
    await caller.waitFor((r) => relayed(r, 0).length >= 2, 5000, 'audio relayed to the caller');
    assert.deepEqual(relayed(caller.received, 0)[1]!.packet.payload, transcodeG711('PCMA', 'PCMU', back[1]!));

    const event = encodeTelephoneEvent({ event: 3, end: false, volume: 10, duration: 160 });
    caller.send(
      encodeRtp(
        { marker: true, payloadType: 101, sequence: 20, timestamp: 1000 + 10 * 160, ssrc: 1111 },
        event,
      ),
      a.session.localPort,
    );
    await agent.waitFor((r) => relayed(r, 96).length >= 1, 5000, 'the event relayed');
    assert.deepEqual(relayed(agent.received, 96)[0]!.packet.payload, event);

    const stats = await bridge.stats();
    assert.equal(stats.aToB.relayed, 10);
    assert.equal(stats.aToB.transcoded, 10);
    assert.equal(stats.aToB.events, 1);
    assert.equal(stats.bToA.relayed, 2);
    bridge.stop();
    assert.equal(bridge.active, false);
    await a.session.close();
    await b.session.close();
  });

  test('the same law passes through unchanged; a bridged call cannot play; closing a leg ends the bridge', async () => {
    caller.received.length = 0;
    agent.received.length = 0;
    const a = await t.engine.createSession(pcmuOffer(caller.port));
    const b = await t.engine.createSession(pcmuOffer(agent.port));
    const bridge = t.engine.bridge(a.session, b.session);
    assert.throws(
      () => t.engine.bridge(a.session, b.session),
      (err) => isHotlineError(err, 'MediaBusy'),
    );
    await assert.rejects(a.session.play({ kind: 'silence', durationMs: 20 }), (err) =>
      isHotlineError(err, 'MediaBusy'),
    );
    const frame = Buffer.from(encodeG711('PCMU', tone(20, 700)));
    sendFrames(agent, b.session.localPort, 0, [frame, frame, frame], 3333);
    await caller.waitFor((r) => relayed(r, 0).length >= 3);
    assert.deepEqual(relayed(caller.received, 0)[2]!.packet.payload, frame);
    assert.equal((await bridge.stats()).bToA.transcoded, 0);
    await b.session.close();
    assert.equal(bridge.active, false);
    assert.equal((await a.session.stats()).bridged, false);
    const after = await a.session.play({ kind: 'tone', frequencyHz: 400, durationMs: 40 });
    assert.equal(after.endedBy, 'completed');
    await a.session.close();
  });

  test('a call bridges to any leg (a WebRTC leg, …) with the same checks', async () => {
    const a = await t.engine.createSession(pcmuOffer(caller.port));
    const sent: Buffer[] = [];
    const other = new FakeLeg((datagram) => {
      sent.push(datagram);
      return true;
    });
    const bridge = t.engine.bridge(a.session, other);
    assert.equal(other.bridged, true);
    assert.throws(
      () => t.engine.bridge(other, a.session),
      (err) => isHotlineError(err, 'MediaBusy'),
    );
    const frame = Buffer.from(encodeG711('PCMU', tone(20, 700)));
    sendFrames(caller, a.session.localPort, 0, [frame, frame, frame, frame], 4444);
    for (let i = 0; i < 100 && sent.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(sent.length >= 3, 'what the call hears reaches the other leg');
    bridge.stop();
    other.isClosed = true;
    assert.throws(
      () => t.engine.bridge(a.session, other),
      (err) => isHotlineError(err, 'MediaSessionClosed'),
    );
    const foreign = testEngine({ idleAudio: 'none' });
    const f = await foreign.engine.createSession(pcmuOffer(agent.port));
    assert.throws(() => t.engine.bridge(a.session, f.session), TypeError, 'a call of another engine');
    await f.session.close();
    await foreign.close();
    await a.session.close();
  });
});

/** A leg that is not a call of the engine: hands what the bridge sends to `transmit`. */
class FakeLeg implements BridgeLeg {
  readonly codec = 'PCMU' as const;
  readonly payloadType = 0;
  readonly telephoneEventPayloadType = null;
  readonly sender: RtpSender;
  isClosed = false;
  private relay: unknown;
  constructor(transmit: (datagram: Buffer) => boolean) {
    this.sender = new RtpSender(transmit, systemClock);
  }
  get closed(): boolean {
    return this.isClosed;
  }
  get bridged(): boolean {
    return this.relay !== undefined;
  }
  attachRelay(relay: unknown): void {
    this.relay = relay ?? undefined;
  }
  whenClosed(): () => void {
    return () => undefined;
  }
}
