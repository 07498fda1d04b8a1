import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import alawmulaw from 'alawmulaw';
import { digestResponse } from '../../../src/telephony/auth/digest.js';
import { headerValue } from '../../../src/telephony/sip/headers.js';
import { createSipStack } from '../../../src/telephony/sip/sip-stack.js';
import { startTestHotline, type TestHotline } from '../../helpers/hotline.js';
import { type LookupServer, startLookupServer } from '../../helpers/lookup-server.js';
import { sayAndHangUp } from '../../helpers/say-and-hang-up.js';
import { seedFlow, seedGroups } from '../../helpers/seed-flow.js';
import { seedNode } from '../../helpers/seed-functions.js';
import {
  callHoldUnhold,
  callLateOffer,
  callRefused,
  callUntilHotlineHangsUp,
  hangUpAtRandom,
} from './scenarios.js';
import { haveSipp, mediaSink, runSipp } from './sipp.js';

const inst = '/v1/instances/tel';

/** Root mean square of the μ-law audio in RTP packets (0 = silence). */
function energy(packets: Buffer[]): number {
  let sum = 0;
  let n = 0;
  for (const p of packets) {
    if ((p[1]! & 0x7f) !== 0) continue;
    const samples = alawmulaw.mulaw.decode(p.subarray(12));
    for (const s of samples) {
      sum += s * s;
      n++;
    }
  }
  return n === 0 ? 0 : Math.sqrt(sum / n);
}

describe('real SIP calls (sipp) into IVR flows', {
  skip: haveSipp ? false : 'sipp is not installed (npm run setup installs it)',
}, () => {
  let h: TestHotline;
  let lookup: LookupServer;
  let sip: string;

  before(async () => {
    lookup = await startLookupServer();
    h = await startTestHotline({
      sip: { listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }], maxConcurrentCalls: 50 },
      media: { rtpPortMin: 32000, rtpPortMax: 32999 },
    });
    const udp = h.hotline.sip.find((a) => a.protocol === 'udp')!;
    sip = `127.0.0.1:${udp.port}`;
    const ok = async (method: string, path: string, body?: unknown) => {
      const res = await h.request(method, path, body);
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
      return res.json;
    };
    await ok('POST', '/v1/regions/cn-hangzhou/services', { name: 'demo-service' });
    await ok('POST', '/v1/regions/cn-hangzhou/services/demo-service/functions', {
      name: 'get_number_region',
      runtime: 'nodejs20',
      environmentVariables: { LOOKUP_URL: lookup.url },
      code: { files: { 'index.js': seedNode } },
    });
    await ok('POST', '/v1/instances', { name: 'tel' });
    await ok('PUT', `${inst}/function-access`);
    const entry = (await ok('POST', `${inst}/integration/functions`, {
      region: 'cn-hangzhou',
      service: 'demo-service',
      function: 'get_number_region',
    })) as { id: string };
    for (const name of seedGroups) await ok('POST', `${inst}/skill-groups`, { name });
    const flows: Record<string, unknown> = {
      welcome: sayAndHangUp('welcome', 'Hello, and welcome to Hotline.'),
      menu: {
        name: 'menu',
        variables: [{ name: 'key' }, { name: 'choice' }],
        modules: [
          { id: 'start', type: 'start', exits: { next: 'menu' } },
          {
            id: 'menu',
            type: 'menu',
            config: {
              prompt: { kind: 'tts', text: 'Press four or seven.', language: 'en-US' },
              keys: [{ key: '4' }, { key: '7' }],
              variable: 'key',
              timeoutSec: 10,
              retries: 0,
            },
            exits: { '4': 'ask', '7': 'ask', timeout: 'bye', invalid: 'bye' },
          },
          {
            id: 'ask',
            type: 'collect',
            config: {
              prompt: { kind: 'tts', text: 'One more digit.', language: 'en-US' },
              variable: 'choice',
              maxDigits: 1,
              timeoutSec: 10,
              retries: 0,
            },
            exits: { success: 'bye', timeout: 'bye', invalid: 'bye' },
          },
          { id: 'bye', type: 'hangup' },
        ],
      },
      seed: seedFlow(entry.id),
    };
    const numbers: Record<string, string> = { welcome: '4001000001', menu: '4001000002', seed: '4008001234' };
    for (const [name, definition] of Object.entries(flows)) {
      await ok('POST', `${inst}/flows`, { name, definition });
      await ok('POST', `${inst}/flows/${name}/publish`, {});
      await ok('POST', `${inst}/numbers`, { number: numbers[name], flow: name });
    }
  });
  after(async () => {
    await h?.close();
    await lookup?.close();
  });

  async function lastCall(ani: string) {
    const list = (await h.request('GET', `${inst}/calls`)).json as {
      calls: { id: string; ani: string; channel: string }[];
    };
    const call = list.calls.find((c) => c.ani === ani && c.channel === 'sip');
    assert.ok(call, `a call record from ${ani}`);
    return (await h.request('GET', `${inst}/calls/${call.id}`)).json as {
      status: string;
      disposition: string;
      variables: Record<string, string>;
      outcome: { kind: string; by?: string };
      trace: { steps: { moduleId: string; exit?: string }[] };
    };
  }

  it('plays the welcome prompt as real audio and hangs up when the flow ends', async () => {
    const sink = await mediaSink();
    try {
      const res = await runSipp(
        callUntilHotlineHangsUp({ caller: '13900000001', called: '4001000001', mediaPort: sink.port }),
        sip,
      );
      assert.equal(res.code, 0, res.out);
      assert.ok(sink.packets.length >= 50, `heard ${sink.packets.length} RTP packets`);
      assert.ok(
        sink.packets.every((p) => p[0]! >> 6 === 2),
        'RTP version 2',
      );
      assert.ok(
        energy(sink.packets) > 300,
        `the prompt is audio, not silence (rms ${energy(sink.packets).toFixed(0)})`,
      );
    } finally {
      sink.close();
    }
    const call = await lastCall('13900000001');
    assert.equal(call.status, 'ended');
    assert.deepEqual(call.outcome, { kind: 'hangup', by: 'flow', moduleId: 'bye' });
  });

  it('takes menu keys and digits sent as SIP INFO', async () => {
    const sink = await mediaSink();
    try {
      const res = await runSipp(
        callUntilHotlineHangsUp({
          caller: '13900000002',
          called: '4001000002',
          mediaPort: sink.port,
          infoDigits: '42',
          afterMs: 1500,
        }),
        sip,
      );
      assert.equal(res.code, 0, res.out);
    } finally {
      sink.close();
    }
    const call = await lastCall('13900000002');
    assert.equal(call.variables['key'], '4');
    assert.equal(call.variables['choice'], '2');
    assert.equal(call.trace.steps.find((s) => s.moduleId === 'menu')?.exit, '4');
  });

  it('answers re-INVITEs that put the call on hold and take it off again', async () => {
    const sink = await mediaSink();
    try {
      const res = await runSipp(
        callHoldUnhold({ caller: '13900000011', called: '4001000001', mediaPort: sink.port }),
        sip,
      );
      assert.equal(res.code, 0, res.out);
    } finally {
      sink.close();
    }
    const call = await lastCall('13900000011');
    assert.equal(call.outcome.kind, 'hangup');
  });

  it('takes a late offer: no SDP in the INVITE, our offer in the 200, the answer in the ACK', async () => {
    const sink = await mediaSink();
    try {
      const res = await runSipp(
        callLateOffer({ caller: '13900000012', called: '4001000001', mediaPort: sink.port }),
        sip,
      );
      assert.equal(res.code, 0, res.out);
      assert.ok(sink.packets.length >= 50, `the prompt reached the caller: ${sink.packets.length} packets`);
      assert.ok(energy(sink.packets) > 300, 'and it is audio, not silence');
    } finally {
      sink.close();
    }
  });

  it('takes menu keys and digits sent as RFC 4733 telephone-events, each once', async () => {
    const sink = await mediaSink();
    try {
      const res = await runSipp(
        callUntilHotlineHangsUp({
          caller: '13900000003',
          called: '4001000002',
          mediaPort: sink.port,
          rtpDigits: '73',
          afterMs: 1500,
        }),
        sip,
      );
      assert.equal(res.code, 0, res.out);
    } finally {
      sink.close();
    }
    const call = await lastCall('13900000003');
    assert.equal(call.trace.steps.find((s) => s.moduleId === 'menu')?.exit, '7');
    assert.equal(
      call.variables['choice'],
      '3',
      'each telephone-event is one digit, however often its packets repeat',
    );
  });

  it("runs the seed's flow up to the transfer for a Beijing caller", async () => {
    const sink = await mediaSink();
    try {
      const res = await runSipp(
        callUntilHotlineHangsUp({ caller: '13800138000', called: '4008001234', mediaPort: sink.port }),
        sip,
      );
      assert.equal(res.code, 0, res.out);
    } finally {
      sink.close();
    }
    const call = await lastCall('13800138000');
    const path = call.trace.steps.map((s) => `${s.moduleId}:${s.exit ?? ''}`);
    assert.deepEqual(path.slice(0, 4), ['start:next', 'welcome:next', 'lookup:success', 'route:beijing']);
    assert.equal(call.trace.steps[4]?.moduleId, 'to-beijing', 'the call reached the transfer to 北京客服组');
    assert.equal(call.variables['region'], '北京北京');
  });

  it('answers 404 for a number that is not configured', async () => {
    const sink = await mediaSink();
    try {
      const res = await runSipp(
        callRefused({ caller: '13900000009', called: '4009999999', mediaPort: sink.port, status: 404 }),
        sip,
      );
      assert.equal(res.code, 0, res.out);
      assert.equal(sink.packets.length, 0);
    } finally {
      sink.close();
    }
  });
});

describe('calls from outside the trunks', { skip: haveSipp ? false : 'sipp is not installed' }, () => {
  let h: TestHotline;
  let sip: string;
  const agent = { username: '2101', password: 'desk-phone-2101' };

  before(async () => {
    h = await startTestHotline({
      sip: {
        listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }],
        trunks: [{ name: 'carrier', addresses: ['192.0.2.0/24'] }],
      },
      media: { rtpPortMin: 33000, rtpPortMax: 33099 },
    });
    sip = `127.0.0.1:${h.hotline.sip.find((a) => a.protocol === 'udp')!.port}`;
    const ok = async (method: string, path: string, body?: unknown) => {
      const res = await h.request(method, path, body);
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
    };
    for (const name of ['desk', 'other']) {
      await ok('POST', '/v1/instances', { name });
      await ok('POST', `/v1/instances/${name}/skill-groups`, { name: 'g' });
      await ok('POST', `/v1/instances/${name}/flows`, {
        name: 'hello',
        definition: sayAndHangUp('hello', 'Hello from the desk.'),
      });
      await ok('POST', `/v1/instances/${name}/flows/hello/publish`, {});
    }
    await ok('POST', '/v1/instances/desk/numbers', { number: '4002000001', flow: 'hello' });
    await ok('POST', '/v1/instances/other/numbers', { number: '4002000002', flow: 'hello' });
    await ok('POST', '/v1/instances/desk/agents', {
      loginName: '2101',
      extension: '8101',
      skills: [{ skillGroup: 'g', level: 5 }],
      password: agent.password,
    });
  });
  after(async () => h?.close());

  const callRecords = async (instance: string) =>
    ((await h.request('GET', `/v1/instances/${instance}/calls`)).json as { calls: { ani: string }[] }).calls;

  it('are challenged (401) without credentials and refused (403) with wrong ones; none reaches a flow', async () => {
    const sink = await mediaSink();
    try {
      const plain = await runSipp(
        callRefused({ caller: '13900000010', called: '4002000001', mediaPort: sink.port, status: 401 }),
        sip,
      );
      assert.equal(plain.code, 0, plain.out);
      const wrong = await runSipp(
        callRefused({
          caller: '13900000010',
          called: '4002000001',
          mediaPort: sink.port,
          status: 403,
          auth: { username: agent.username, password: 'not-the-password' },
        }),
        sip,
      );
      assert.equal(wrong.code, 0, wrong.out);
      assert.equal(sink.packets.length, 0);
      assert.deepEqual(await callRecords('desk'), []);
    } finally {
      sink.close();
    }
  });

  it("an agent's phone that authenticates calls its instance's number, from its extension", async () => {
    const sink = await mediaSink();
    try {
      const res = await runSipp(
        callUntilHotlineHangsUp({
          caller: '13900000099', // what the phone claims; the call is from the agent's extension
          called: '4002000001',
          mediaPort: sink.port,
          auth: agent,
        }),
        sip,
      );
      assert.equal(res.code, 0, res.out);
      assert.ok(sink.packets.length >= 25, `heard ${sink.packets.length} RTP packets of the prompt`);
    } finally {
      sink.close();
    }
    const [call] = await callRecords('desk');
    assert.equal(call?.ani, '8101');
  });

  it("an agent's phone may not call another instance's number", async () => {
    const sink = await mediaSink();
    try {
      const res = await runSipp(
        callRefused({ caller: '8101', called: '4002000002', mediaPort: sink.port, status: 403, auth: agent }),
        sip,
      );
      assert.equal(res.code, 0, res.out);
      assert.deepEqual(await callRecords('other'), []);
    } finally {
      sink.close();
    }
  });

  it('OPTIONS (and any other request) from outside the trunks is answered only to an agent that authenticates', async () => {
    const phone = createSipStack({ transports: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }] });
    await phone.start();
    try {
      const uri = `sip:${sip}`;
      const send = (authorization?: string) =>
        phone.request('OPTIONS', uri, {
          from: `<sip:${agent.username}@${sip}>`,
          to: `<${uri}>`,
          headers: authorization ? [{ name: 'Authorization', value: authorization }] : [],
        });
      const first = await send();
      assert.equal(first.status, 401);
      const challenge = headerValue(first.response!, 'WWW-Authenticate')!;
      const nonce = /nonce="([^"]+)"/.exec(challenge)![1]!;
      const realm = /realm="([^"]+)"/.exec(challenge)![1]!;
      const digest = (password: string) =>
        `Digest username="${agent.username}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${digestResponse(
          {
            algorithm: 'MD5',
            username: agent.username,
            realm,
            password,
            method: 'OPTIONS',
            uri,
            nonce,
            qop: 'auth',
            nc: '00000001',
            cnonce: 'c0ffee',
          },
        )}", algorithm=MD5, qop=auth, nc=00000001, cnonce="c0ffee"`;
      const answered = await send(digest(agent.password));
      assert.equal(answered.status, 200);
      assert.match(headerValue(answered.response!, 'Allow') ?? '', /INVITE/);
      // Any other request outside a dialog is challenged too before anything is said of it.
      const info = await phone.request('INFO', uri, { from: `<sip:stranger@${sip}>`, to: `<${uri}>` });
      assert.equal(info.status, 401);
    } finally {
      await phone.close();
    }
  });
});

describe('overload', { skip: haveSipp ? false : 'sipp is not installed' }, () => {
  it('answers 503 with Retry-After beyond the configured number of calls', async () => {
    const h = await startTestHotline({
      sip: { listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }], maxConcurrentCalls: 1 },
      media: { rtpPortMin: 33100, rtpPortMax: 33199 },
    });
    const first = await mediaSink();
    const second = await mediaSink();
    try {
      await h.request('POST', '/v1/instances', { name: 'busy' });
      const wait = {
        name: 'wait',
        variables: [{ name: 'x' }],
        modules: [
          { id: 'start', type: 'start', exits: { next: 'ask' } },
          {
            id: 'ask',
            type: 'collect',
            config: {
              prompt: { kind: 'tts', text: 'Wait.', language: 'en-US' },
              variable: 'x',
              maxDigits: 1,
              timeoutSec: 3,
              retries: 0,
            },
            exits: { success: 'bye', timeout: 'bye', invalid: 'bye' },
          },
          { id: 'bye', type: 'hangup' },
        ],
      };
      await h.request('POST', '/v1/instances/busy/flows', { name: 'wait', definition: wait });
      await h.request('POST', '/v1/instances/busy/flows/wait/publish', {});
      await h.request('POST', '/v1/instances/busy/numbers', { number: '4002000001', flow: 'wait' });
      const target = `127.0.0.1:${h.hotline.sip.find((a) => a.protocol === 'udp')!.port}`;
      const long = runSipp(
        callUntilHotlineHangsUp({ caller: '13900000020', called: '4002000001', mediaPort: first.port }),
        target,
      );
      // The first call holds the only slot once Hotline has answered it (its prompt reaches the sink).
      while (first.packets.length === 0) await new Promise((r) => setTimeout(r, 20));
      const refused = await runSipp(
        callRefused({ caller: '13900000021', called: '4002000001', mediaPort: second.port, status: 503 }),
        target,
      );
      assert.equal(refused.code, 0, refused.out);
      assert.equal((await long).code, 0);
    } finally {
      first.close();
      second.close();
      await h.close();
    }
  });
});

describe('callers who hang up at any moment', { skip: haveSipp ? false : 'sipp is not installed' }, () => {
  it('leave no call, dialog, media session or RTP port behind', async () => {
    const h = await startTestHotline({
      sip: { listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }], maxConcurrentCalls: 500 },
      media: { rtpPortMin: 34000, rtpPortMax: 34999 },
    });
    const sink = await mediaSink();
    try {
      await h.request('POST', '/v1/instances', { name: 'hang' });
      const flow = {
        name: 'long',
        variables: [{ name: 'x' }],
        modules: [
          { id: 'start', type: 'start', exits: { next: 'hello' } },
          {
            id: 'hello',
            type: 'play',
            config: { prompt: { kind: 'tts', text: 'Welcome to the hang up test.', language: 'en-US' } },
            exits: { next: 'ask' },
          },
          {
            id: 'ask',
            type: 'collect',
            config: {
              prompt: { kind: 'tts', text: 'Press a key.', language: 'en-US' },
              variable: 'x',
              maxDigits: 1,
              timeoutSec: 2,
              retries: 0,
            },
            exits: { success: 'bye', timeout: 'bye', invalid: 'bye' },
          },
          { id: 'bye', type: 'hangup' },
        ],
      };
      await h.request('POST', '/v1/instances/hang/flows', { name: 'long', definition: flow });
      await h.request('POST', '/v1/instances/hang/flows/long/publish', {});
      await h.request('POST', '/v1/instances/hang/numbers', { number: '4003000001', flow: 'long' });
      const target = `127.0.0.1:${h.hotline.sip.find((a) => a.protocol === 'udp')!.port}`;
      const res = await runSipp(
        hangUpAtRandom({ caller: '13900000030', called: '4003000001', mediaPort: sink.port, maxMs: 3000 }),
        target,
        ['-m', '400', '-r', '80', '-l', '200'],
      );
      assert.equal(res.code, 0, res.out);
      // Calls end when the caller's BYE or Hotline's arrives; wait for the counts to settle.
      let status: {
        telephony: {
          activeCalls: number;
          sip: { dialogs: number };
          media: { sessions: number; ports: { inUse: number } };
        };
      };
      for (let i = 0; ; i++) {
        status = (await h.request('GET', '/v1/status')).json as typeof status;
        if (status.telephony.activeCalls === 0 && status.telephony.media.sessions === 0) break;
        if (i > 500) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(status.telephony.activeCalls, 0);
      assert.equal(status.telephony.media.sessions, 0);
      assert.equal(status.telephony.media.ports.inUse, 0);
      assert.equal(status.telephony.sip.dialogs, 0);
      const calls = (await h.request('GET', '/v1/instances/hang/calls?limit=500')).json as {
        calls: { status: string }[];
      };
      assert.equal(calls.calls.length, 400, 'every call has its record');
      assert.ok(calls.calls.every((c) => c.status === 'ended'));
    } finally {
      sink.close();
      await h.close();
    }
  });
});

describe('voicemail over SIP', {
  skip: haveSipp && existsSync('/usr/bin/espeak-ng') ? false : 'sipp or espeak-ng is not installed',
}, () => {
  it("records the caller's message as a WAV file kept with the call record", async () => {
    const h = await startTestHotline({
      sip: { listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }] },
      media: { rtpPortMin: 35000, rtpPortMax: 35099 },
    });
    const sink = await mediaSink();
    const dir = mkdtempSync(join(tmpdir(), 'hotline-voice-'));
    try {
      // The caller's voice: espeak-ng, then μ-law 8 kHz as sipp streams it.
      await new Promise<void>((resolve, reject) =>
        execFile(
          'espeak-ng',
          ['-v', 'en', '-w', join(dir, 'raw.wav'), 'Hello, please call me back about my order. Thank you.'],
          (e) => (e ? reject(e) : resolve()),
        ),
      );
      await new Promise<void>((resolve, reject) =>
        execFile(
          'sox',
          [join(dir, 'raw.wav'), '-r', '8000', '-c', '1', '-e', 'u-law', join(dir, 'voice.wav')],
          (e) => (e ? reject(e) : resolve()),
        ),
      );
      await h.request('POST', '/v1/instances', { name: 'vm' });
      await h.request('POST', '/v1/instances/vm/skill-groups', { name: '人工客服组' });
      const flow = {
        name: 'vm',
        modules: [
          { id: 'start', type: 'start', exits: { next: 'vm' } },
          {
            id: 'vm',
            type: 'voicemail',
            config: { mailbox: '人工客服组', maxDurationSec: 4, beep: true },
            exits: { noMessage: 'bye', failure: 'bye' },
          },
          { id: 'bye', type: 'hangup' },
        ],
      };
      assert.equal(
        (await h.request('POST', '/v1/instances/vm/flows', { name: 'vm', definition: flow })).status,
        201,
      );
      assert.equal((await h.request('POST', '/v1/instances/vm/flows/vm/publish', {})).status, 201);
      await h.request('POST', '/v1/instances/vm/numbers', { number: '4004000001', flow: 'vm' });
      const scenario = callUntilHotlineHangsUp({
        caller: '13900000040',
        called: '4004000001',
        mediaPort: sink.port,
      }).replace(
        '<recv request="BYE"/>',
        `<nop><action><exec rtp_stream="${join(dir, 'voice.wav')},1,0"/></action></nop>\n  <recv request="BYE"/>`,
      );
      const target = `127.0.0.1:${h.hotline.sip.find((a) => a.protocol === 'udp')!.port}`;
      const res = await runSipp(scenario, target);
      assert.equal(res.code, 0, res.out);
      const list = (await h.request('GET', '/v1/instances/vm/calls')).json as { calls: { id: string }[] };
      const call = (await h.request('GET', `/v1/instances/vm/calls/${list.calls[0]!.id}`)).json as {
        outcome: { kind: string; mailbox?: string; durationMs?: number };
        recordings: { file: string; durationMs: number; voicedMs: number; mailbox: string }[];
      };
      assert.equal(call.outcome.kind, 'voicemail', JSON.stringify(call));
      assert.equal(call.recordings.length, 1);
      const rec = call.recordings[0]!;
      assert.equal(rec.mailbox, '人工客服组');
      assert.ok(rec.voicedMs > 500, `the recording holds the caller's speech (${rec.voicedMs} ms voiced)`);
      assert.ok(existsSync(rec.file));
    } finally {
      sink.close();
      rmSync(dir, { recursive: true, force: true });
      await h.close();
    }
  });
});
