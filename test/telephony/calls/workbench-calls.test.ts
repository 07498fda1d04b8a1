/**
 * Workbench calls end to end without a browser: sipp callers, and agents whose "browser" is a
 * werift peer speaking the workbench protocol over the real WebSocket. Blind transfers (refused
 * targets keep the call; a transfer to another skill group re-queues the caller, who hears music
 * until the next agent answers), a page that reloads during a call and answers again, and a
 * caller who hangs up; an agent's SIP phone (baresip) and workbench ringing at once; a transfer to
 * a number through the outbound trunk (sipp as the carrier). RTP ports
 * 39800-39899, WebRTC legs 39900-39949, the werift peers 39950-39959, the phone 39960-39999.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeG711, encodeG711 } from '../../../src/telephony/media/g711.js';
import { freeUdpPort, startBaresip } from '../../helpers/baresip.js';
import { endedSipCall } from '../../helpers/call-record.js';
import { eventually } from '../../helpers/eventually.js';
import { toneShare } from '../../helpers/goertzel.js';
import { startTestHotline, type TestHotline } from '../../helpers/hotline.js';
import { toneWav } from '../../helpers/wav.js';
import {
  type Message,
  ofType,
  WorkbenchPage as Page,
  type WorkbenchPage,
  workbenchToken,
} from '../../helpers/workbench-page.js';
import { BrowserPeer } from '../webrtc/browser-peer.js';
import { callAndTalk, callUntilHotlineHangsUp } from './scenarios.js';
import { CallerMedia, type HeardPacket, haveSipp, runSipp } from './sipp.js';

const inst = '/v1/instances/tx';
const PASSWORD = 'correct-horse-battery';
let nextPeerPort = 39950;

function tone(hz: number, ms: number): Uint8Array {
  const pcm = new Int16Array((8000 * ms) / 1000);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(Math.sin((2 * Math.PI * hz * i) / 8000) * 8000);
  return encodeG711('PCMU', pcm);
}

function share(packets: HeardPacket[], hz: number): number {
  const audio = packets.filter((p) => p.payloadType === 0).slice(-50);
  return toneShare(decodeG711('PCMU', Buffer.concat(audio.map((p) => p.payload))), hz, 8000);
}

/** An agent: the workbench socket, and a werift peer as the browser's audio. */
class Agent {
  peer: BrowserPeer | undefined;
  constructor(
    readonly name: string,
    public page: WorkbenchPage,
    readonly token: string,
  ) {}

  static async signIn(url: string, loginName: string): Promise<Agent> {
    const token = await workbenchToken(url, { instance: 'tx', loginName, password: PASSWORD });
    const page = await Page.open(url, token);
    await page.next(ofType('hello'));
    await page.ask({ type: 'setState', state: 'ready' }, ofType('state', { state: 'ready' }));
    return new Agent(loginName, page, token);
  }

  /** Answers the call (or answers it again after a reload) with a new peer. */
  async answer(callId: string): Promise<Message> {
    await this.peer?.close();
    const { peer, offerSdp } = await BrowserPeer.offer(nextPeerPort);
    nextPeerPort += 2;
    this.peer = peer;
    const from = this.page.messages.length;
    this.page.send({ type: 'answer', callId, sdp: offerSdp });
    const answer = await this.page.next(ofType('answerSdp', { callId }), from);
    await peer.accept(String(answer['sdp']));
    return this.page.next(ofType('connected', { callId }), from);
  }

  /** Speaks `hz` for `ms` (in the background). */
  speak(hz: number, ms: number): Promise<void> {
    return this.peer!.play(0, tone(hz, ms));
  }

  heard(hz: number): number {
    const audio = this.peer!.received.filter((p) => p.payloadType === 0).slice(-40);
    return toneShare(decodeG711('PCMU', Buffer.concat(audio.map((p) => p.payload))), hz, 8000);
  }

  async close(): Promise<void> {
    await this.peer?.close();
    this.page.ws.close();
  }
}

describe('workbench calls', { skip: haveSipp ? false : 'sipp is not installed', timeout: 120_000 }, () => {
  let h: TestHotline;
  let sip: string;
  let alice: Agent;
  let bob: Agent;
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await h.request(method, path, body);
    assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
    return res.json;
  };

  let trunkPort: number;

  before(async () => {
    trunkPort = await freeUdpPort();
    h = await startTestHotline({
      sip: {
        listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }],
        outboundTrunk: `sip:127.0.0.1:${trunkPort}`,
      },
      media: { rtpPortMin: 39800, rtpPortMax: 39899 },
      webrtc: { portMin: 39900, portMax: 39949 },
      workbench: { reconnectGraceSeconds: 5 },
    });
    sip = `127.0.0.1:${h.hotline.sip.find((a) => a.protocol === 'udp')!.port}`;
    await ok('POST', '/v1/instances', { name: 'tx', outbound: { allow: ['95588'] } });
    await ok('POST', `${inst}/skill-groups`, { name: 'sales' });
    await ok('POST', `${inst}/skill-groups`, { name: 'billing' });
    for (const [loginName, group] of [
      ['alice', 'sales'],
      ['bob', 'billing'],
      ['carol', 'billing'],
    ] as const)
      await ok('POST', `${inst}/agents`, {
        loginName,
        extension: loginName === 'alice' ? '1001' : loginName === 'bob' ? '1002' : '1003',
        password: PASSWORD,
        skills: [{ skillGroup: group, level: 5 }],
      });
    const flow = {
      name: 'sales',
      variables: [{ name: 'region' }],
      modules: [
        { id: 'start', type: 'start', exits: { next: 'vars' } },
        {
          id: 'vars',
          type: 'setVariable',
          config: { assignments: [{ variable: 'region', value: '上海' }] },
          exits: { next: 'queue', failure: 'bye' },
        },
        {
          id: 'queue',
          type: 'transferToSkillGroup',
          config: { skillGroupId: 'sales', queueTimeoutSec: 30 },
          exits: { failure: 'bye' },
        },
        { id: 'bye', type: 'hangup' },
      ],
    };
    await ok('POST', `${inst}/flows`, { name: 'sales', definition: flow });
    await ok('POST', `${inst}/flows/sales/publish`, {});
    await ok('POST', `${inst}/numbers`, { number: '4006000001', flow: 'sales' });
    const billing = {
      name: 'billing',
      modules: [
        { id: 'start', type: 'start', exits: { next: 'queue' } },
        {
          id: 'queue',
          type: 'transferToSkillGroup',
          config: { skillGroupId: 'billing', queueTimeoutSec: 30 },
          exits: { failure: 'bye' },
        },
        { id: 'bye', type: 'hangup' },
      ],
    };
    await ok('POST', `${inst}/flows`, { name: 'billing', definition: billing });
    await ok('POST', `${inst}/flows/billing/publish`, {});
    await ok('POST', `${inst}/numbers`, { number: '4006000002', flow: 'billing' });
    alice = await Agent.signIn(h.url, 'alice');
    bob = await Agent.signIn(h.url, 'bob');
  });
  after(async () => {
    await alice?.close();
    await bob?.close();
    await h?.close();
  });

  const record = (ani: string) =>
    endedSipCall<{
      status: string;
      hangupBy: string;
      agent: { loginName: string; skillGroup: string; talkMs: number } | null;
      parties: { kind: string; name: string; skillGroup: string | null; talkMs: number }[];
    }>(h, 'tx', ani);

  it('a blind transfer re-queues the caller in another group; refused targets keep the call', async (t) => {
    const caller = await CallerMedia.open();
    try {
      const call = runSipp(
        callUntilHotlineHangsUp({ caller: '13900000101', called: '4006000001', mediaPort: caller.port }),
        sip,
        [],
        60,
      );
      const incoming = await alice.page.next(ofType('incoming'), 0, 10_000);
      assert.equal(incoming['region'], '上海');
      const callId = String(incoming['callId']);
      while (caller.heard.length === 0) await new Promise((r) => setTimeout(r, 20));
      caller.speak(600);
      await alice.answer(callId);
      await alice.page.next(ofType('state', { state: 'busy' }));
      const talk = alice.speak(1000, 1500);
      await eventually(() => share(caller.heard, 1000) > 0.3, "the caller hears alice's 1 kHz");
      await eventually(() => alice.heard(600) > 0.3, "alice hears the caller's 600 Hz");
      await talk;

      for (const [target, code] of [
        [{ skillGroup: 'nowhere' }, 'SkillGroupNotFound'],
        [{ agent: 'nobody' }, 'AgentNotFound'],
        [{ agent: 'carol' }, 'TransferRefused'],
        [{ number: '110' }, 'TransferRefused'],
      ] as const) {
        const error = await alice.page.ask(
          { type: 'transfer', target, id: code },
          ofType('error', { replyTo: code }),
        );
        assert.equal(error['code'], code, JSON.stringify(error));
      }

      const from = alice.page.messages.length;
      const bobFrom = bob.page.messages.length;
      alice.page.send({ type: 'transfer', target: { skillGroup: 'billing' } });
      const ended = await alice.page.next(ofType('callEnded', { callId }), from);
      assert.deepEqual([ended['by'], ended['transferred']], ['agent', true]);
      await alice.page.next(ofType('state', { state: 'afterCallWork' }), from);
      const offered = await bob.page.next(ofType('incoming', { callId }), bobFrom);
      assert.equal(offered['ani'], '13900000101');
      assert.equal(offered['skillGroup'], 'billing');
      assert.equal(offered['region'], '上海');
      const waitStart = performance.now();
      await new Promise((r) => setTimeout(r, 600));
      const queued = caller.heard.filter((p) => p.at > waitStart);
      assert.ok(share(queued, 1000) < 0.05, 'alice is no longer heard');
      await bob.answer(callId);
      const bobTalk = bob.speak(800, 1500);
      await eventually(() => share(caller.heard, 800) > 0.3, "the caller hears bob's 800 Hz");
      await eventually(() => bob.heard(600) > 0.3, 'bob hears the caller');
      await bobTalk;
      await bob.page.ask({ type: 'hangup' }, ofType('callEnded', { callId, by: 'agent' }));
      const sipp = await call;
      assert.equal(sipp.code, 0, sipp.out);
      const r = await record('13900000101');
      t.diagnostic(JSON.stringify(r.agent));
      assert.equal(r.agent?.loginName, 'bob', 'the record names the agent the call ended with');
      assert.equal(r.agent?.skillGroup, 'billing');
      assert.equal(r.hangupBy, 'agent');
      // Both agents are in the record, in order, each with their own talk time.
      assert.deepEqual(
        r.parties.map((p) => [p.kind, p.name, p.skillGroup]),
        [
          ['agent', 'alice', 'sales'],
          ['agent', 'bob', 'billing'],
        ],
      );
      assert.ok(
        r.parties.every((p) => p.talkMs > 1000),
        JSON.stringify(r.parties),
      );
      assert.equal(r.agent?.talkMs, r.parties[0]!.talkMs + r.parties[1]!.talkMs);
    } finally {
      caller.close();
    }
  });

  it('a page that reloads during a call answers again and is heard again; the caller hangs up', async () => {
    await alice.page
      .ask({ type: 'finishAfterCallWork' }, ofType('state', { state: 'ready' }))
      .catch(() => undefined);
    await bob.page.ask({ type: 'setState', state: 'notReady' }, ofType('state', { state: 'notReady' }));
    const caller = await CallerMedia.open();
    try {
      const call = runSipp(
        callAndTalk({
          caller: '13900000102',
          called: '4006000001',
          mediaPort: caller.port,
          talkMs: 9000,
        }),
        sip,
        [],
        60,
      );
      const from = alice.page.messages.length;
      const incoming = await alice.page.next(ofType('incoming'), from, 10_000);
      const callId = String(incoming['callId']);
      await alice.answer(callId);
      const connected = (await alice.page.next(ofType('connected', { callId }), from))['since'];

      // The page reloads: its socket and its peer connection go away, then it comes back.
      await alice.close();
      alice.page = await Page.open(h.url, alice.token);
      const hello = await alice.page.next(ofType('hello'));
      assert.equal((hello['state'] as { state: string }).state, 'busy');
      assert.deepEqual(
        [
          (hello['call'] as { callId: string }).callId,
          (hello['call'] as { connectedSince: number }).connectedSince,
        ],
        [callId, connected],
      );
      const again = await alice.answer(callId);
      assert.equal(again['since'], connected, 'the call timer goes on');
      const start = performance.now();
      await alice.speak(1000, 1200);
      assert.ok(
        share(
          caller.heard.filter((p) => p.at > start),
          1000,
        ) > 0.3,
        'the caller hears the agent again',
      );
      const ended = await alice.page.next(ofType('callEnded', { callId }), 0, 15_000);
      assert.equal(ended['by'], 'caller');
      assert.equal((await call).code, 0);
      const r = await record('13900000102');
      assert.equal(r.hangupBy, 'caller');
      assert.equal(r.agent?.loginName, 'alice');
    } finally {
      caller.close();
    }
  });

  it("rings the agent's SIP phone and workbench at once; the phone answers first and the page follows", {
    skip: existsSync('/usr/bin/baresip') ? false : 'baresip is not installed',
  }, async () => {
    await bob.page.ask({ type: 'setState', state: 'notReady' }, () => true);
    const carol = await Agent.signIn(h.url, 'carol');
    const dir = mkdtempSync(join(tmpdir(), 'hotline-phone-'));
    const voice = join(dir, 'voice.wav');
    writeFileSync(voice, toneWav({ rate: 8000, channels: 1, seconds: 30, frequency: 700 }));
    const phone = await startBaresip({
      registrar: sip,
      accounts: [{ user: 'carol', password: PASSWORD }],
      voiceWav: voice,
      rtpPorts: [39960, 39999],
      seconds: 60,
    });
    const caller = await CallerMedia.open();
    try {
      // The phone registers: the registrar keeps its binding.
      const bindings = () => h.hotline.store.db.selectFrom('sip_bindings').select('contact').execute();
      for (let i = 0; (await bindings()).length === 0; i++) {
        assert.ok(i < 100, `the phone did not register: ${phone.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const from = carol.page.messages.length;
      const call = runSipp(
        callAndTalk({
          caller: '13900000103',
          called: '4006000002',
          mediaPort: caller.port,
          talkMs: 4000,
        }),
        sip,
        [],
        60,
      );
      const incoming = await carol.page.next(ofType('incoming'), from, 10_000);
      const ended = await carol.page.next(ofType('offerEnded', { callId: incoming['callId'] }), from);
      assert.equal(ended['reason'], 'answeredElsewhere');
      await carol.page.next(ofType('state', { state: 'busy' }), from);
      await eventually(() => share(caller.heard, 700) > 0.3, "the caller hears the phone's 700 Hz");
      assert.equal((await call).code, 0);
      const acw = await carol.page.next(ofType('state', { state: 'afterCallWork' }), from);
      assert.ok(
        Number(acw['acwEndsAt']) > Number(acw['since']),
        "the group's after-call work, shown on the page",
      );
      const r = await record('13900000103');
      assert.equal(r.agent?.loginName, 'carol');
    } finally {
      caller.close();
      await phone.stop();
      await carol.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a blind transfer to an allowed number dials it through the outbound trunk', async () => {
    await alice.page.ask(
      { type: 'setState', state: 'ready' },
      (m) => m.type === 'state' || m.type === 'error',
    );
    // The carrier: sipp answering one call on the trunk's address, until our BYE.
    const trunk = new Promise<{ code: number; out: string }>((resolve) =>
      execFile(
        'timeout',
        ['-k', '3', '60', 'sipp', '-sn', 'uas', '-i', '127.0.0.1', '-p', String(trunkPort), '-m', '1'].concat(
          ['-nostdin', '-timeout', '50', '-timeout_error'],
        ),
        (err, stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: stdout + stderr }),
      ),
    );
    const caller = await CallerMedia.open();
    try {
      const from = alice.page.messages.length;
      const call = runSipp(
        callAndTalk({
          caller: '13900000104',
          called: '4006000001',
          mediaPort: caller.port,
          talkMs: 6000,
        }),
        sip,
        [],
        60,
      );
      const incoming = await alice.page.next(ofType('incoming'), from, 10_000);
      const callId = String(incoming['callId']);
      await alice.answer(callId);
      const at = alice.page.messages.length;
      alice.page.send({ type: 'transfer', target: { number: '95588' } });
      const ended = await alice.page.next(ofType('callEnded', { callId }), at);
      assert.equal(ended['transferred'], true);
      assert.equal((await call).code, 0);
      const carrier = await trunk;
      assert.equal(carrier.code, 0, `the trunk answered and got our BYE: ${carrier.out}`);
      const r = await record('13900000104');
      assert.equal(r.agent?.loginName, '95588', 'the record names the number the call ended with');
      assert.equal(r.hangupBy, 'caller');
    } finally {
      caller.close();
    }
  });
});
