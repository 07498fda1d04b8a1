/**
 * Where a call's media runs: with media.thread 'worker' (the default) a real SIP call (sipp) plays
 * its prompt while the main thread holds no RTP socket — the media worker has the port, as the
 * status says — and once the call is over, and Hotline closed, every RTP port is free again. The
 * same call with media.thread 'main' shows the probe works: there the main thread has the socket.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import { startTestHotline, type TestHotline } from '../../helpers/hotline.js';
import { callUntilHotlineHangsUp } from './scenarios.js';
import { haveSipp, mediaSink, runSipp } from './sipp.js';

const inst = '/v1/instances/media';

interface MediaStatus {
  telephony: { media: { sessions: number; ports: { inUse: number } } };
}

/** UDP sockets of this thread (the SIP transport's, and RTP sockets when the media runs here). */
const udpSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap').length;

async function hotlineOn(thread: 'worker' | 'main', ports: [number, number]): Promise<TestHotline> {
  const h = await startTestHotline({
    sip: { listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }] },
    media: { rtpPortMin: ports[0], rtpPortMax: ports[1], thread },
  });
  await h.ok('POST', '/v1/instances', { name: 'media' });
  await h.ok('POST', `${inst}/flows`, {
    name: 'tone',
    definition: {
      name: 'tone',
      modules: [
        { id: 'start', type: 'start', exits: { next: 'hello' } },
        {
          id: 'hello',
          type: 'play',
          config: { prompt: { kind: 'tts', text: 'Hello, and welcome to Hotline.', language: 'en-US' } },
          exits: { next: 'bye' },
        },
        { id: 'bye', type: 'hangup' },
      ],
    },
  });
  await h.ok('POST', `${inst}/flows/tone/publish`, {});
  await h.ok('POST', `${inst}/numbers`, { number: '4002000001', flow: 'tone' });
  return h;
}

/** One call through the flow; meanwhile, the most UDP sockets this thread held and the media status. */
async function callAndWatch(h: TestHotline) {
  const udp = h.hotline.sip.find((a) => a.protocol === 'udp')!;
  const sink = await mediaSink();
  const baseline = udpSockets();
  let mostSockets = baseline;
  let mostPorts = 0;
  let watching = true;
  const watch = (async () => {
    while (watching) {
      mostSockets = Math.max(mostSockets, udpSockets());
      const status = (await h.ok('GET', '/v1/status')) as MediaStatus;
      mostPorts = Math.max(mostPorts, status.telephony.media.ports.inUse);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    const res = await runSipp(
      callUntilHotlineHangsUp({ caller: '13900000021', called: '4002000001', mediaPort: sink.port }),
      `127.0.0.1:${udp.port}`,
    );
    assert.equal(res.code, 0, res.out);
  } finally {
    watching = false;
    await watch;
    sink.close();
  }
  return { baseline, mostSockets, mostPorts, heard: sink.packets.length };
}

async function assertPortsFree(ports: [number, number]): Promise<void> {
  for (let port = ports[0]; port <= ports[1]; port += 2) {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => socket.close(resolve));
  }
}

describe('where a call’s media runs', {
  skip: haveSipp ? false : 'sipp is not installed (npm run setup installs it)',
}, () => {
  describe('media.thread worker (the default)', () => {
    const ports: [number, number] = [37600, 37619];
    let h: TestHotline;
    before(async () => {
      h = await hotlineOn('worker', ports);
    });
    after(async () => h?.close());

    it('plays the call from the worker: no RTP socket on the main thread, every port free after', async () => {
      const seen = await callAndWatch(h);
      assert.ok(seen.heard >= 50, `the caller heard the prompt (${seen.heard} packets)`);
      assert.ok(seen.mostPorts >= 1, 'the media worker held an RTP port during the call');
      assert.equal(seen.mostSockets, seen.baseline, 'no RTP socket on the main thread');
      const status = (await h.ok('GET', '/v1/status')) as MediaStatus;
      assert.equal(status.telephony.media.sessions, 0);
      assert.equal(status.telephony.media.ports.inUse, 0);
      await h.close();
      await assertPortsFree(ports);
    });
  });

  describe('media.thread main', () => {
    const ports: [number, number] = [37620, 37639];
    let h: TestHotline;
    before(async () => {
      h = await hotlineOn('main', ports);
    });
    after(async () => h?.close());

    it('plays the call on the main thread: its RTP socket is this thread’s', async () => {
      const seen = await callAndWatch(h);
      assert.ok(seen.heard >= 50, `the caller heard the prompt (${seen.heard} packets)`);
      assert.ok(seen.mostSockets > seen.baseline, 'the RTP socket was on the main thread');
      await h.close();
      await assertPortsFree(ports);
    });
  });
});
