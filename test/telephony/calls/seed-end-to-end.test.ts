/**
 * The seed scenario end to end with real peers: sipp callers from Beijing, Hebei and Shanghai
 * numbers call the seed's number; baresip phones registered as agents of 北京客服组, 河北客服组,
 * 上海客服组 and 人工客服组 answer by themselves; each call must reach an agent of the right group,
 * with audio both ways — the caller (the test's UDP socket, talking a 1200 Hz tone) hears the
 * agent's 700 Hz voice, and baresip's recording of what it heard holds the caller's tone — and
 * the call records must say so. With the function failing, callers still reach a human.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import wavefile from 'wavefile';
import { type BaresipPhone, startBaresip, toneWav } from '../../helpers/baresip.js';
import { endedSipCall } from '../../helpers/call-record.js';
import { callerMedia } from '../../helpers/caller-media.js';
import { eventually } from '../../helpers/eventually.js';
import { toneShare } from '../../helpers/goertzel.js';
import { startTestHotline, type TestHotline } from '../../helpers/hotline.js';
import { type LookupServer, startLookupServer } from '../../helpers/lookup-server.js';
import { seedAgents, seedFlow, seedGroups } from '../../helpers/seed-flow.js';
import { runSipp } from '../../helpers/sipp.js';
import { callAndTalk } from './scenarios.js';

const { WaveFile } = wavefile;
const havePeers = existsSync('/usr/bin/sipp') && existsSync('/usr/bin/baresip') && existsSync('/usr/bin/sox');
const inst = '/v1/instances/seed';
const CALLER_TONE = 1200;
const AGENT_TONE = 700;

interface CallRecord {
  id: string;
  ani: string;
  channel: string;
  disposition: string;
  hangupBy: string;
  variables: Record<string, string>;
  trace: { steps: { moduleId: string; exit?: string }[] };
  agent: {
    skillGroup: string | null;
    loginName: string | null;
    talkMs: number | null;
    queueMs: number | null;
  } | null;
  recordings: { kind: string; file: string; channels?: number }[];
}

function samplesOf(file: string): Int16Array {
  const wav = new WaveFile(readFileSync(file));
  wav.toBitDepth('16');
  const raw = wav.getSamples(true, Int16Array) as unknown as Int16Array;
  const channels = (wav.fmt as { numChannels: number }).numChannels;
  if (channels === 1) return raw;
  const left = new Int16Array(raw.length / channels);
  for (let i = 0; i < left.length; i++) left[i] = raw[i * channels]!;
  return left;
}

/** The largest share of `hz` in any whole second of the audio (a conversation is not one tone throughout). */
function bestShare(samples: Int16Array, hz: number): number {
  let best = 0;
  for (let at = 0; at + 8000 <= samples.length; at += 4000)
    best = Math.max(best, toneShare(samples.subarray(at, at + 8000), hz, 8000));
  return best;
}

describe('the seed scenario end to end: sipp callers, baresip agents', {
  skip: havePeers ? false : 'sipp, baresip or sox is missing (npm run setup installs them)',
}, () => {
  let h: TestHotline;
  let lookup: LookupServer;
  /** One baresip per agent, so each agent's recordings of what it heard are its own. */
  const phones = new Map<string, BaresipPhone>();
  let sip: string;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hotline-seed-e2e-'));
    // The agents' voice: a 700 Hz tone long enough to outlast every call (baresip hangs up at its end).
    const voice = join(dir, 'agent-voice.wav');
    toneWav(voice, AGENT_TONE, 300);
    lookup = await startLookupServer();
    h = await startTestHotline({
      sip: { listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }] },
      media: { rtpPortMin: 33200, rtpPortMax: 33599 },
    });
    sip = `127.0.0.1:${h.hotline.sip.find((a) => a.protocol === 'udp')!.port}`;
    const ok = h.ok;
    // Steps 1–2: the demo's own function (answers from its table; no lookup API configured).
    await ok('POST', '/v1/regions/cn-hangzhou/services', { name: 'demo-service' });
    await ok('POST', '/v1/regions/cn-hangzhou/services/demo-service/functions', {
      name: 'get_number_region',
      runtime: 'python3',
      code: { files: { 'index.py': readFileSync('demo/functions/get_number_region/index.py', 'utf8') } },
    });
    // Its first run starts the sandbox (as a user's first test run in the console does), so that the
    // calls below do not race a cold start against the flow's limit on a loaded machine.
    await ok('POST', '/v1/regions/cn-hangzhou/services/demo-service/functions/get_number_region/test', {
      payload: '{"phone": "01062345678"}',
    });
    // Steps 3–4: instance, integration, groups, agents with phones, the flow on the number.
    await ok('POST', '/v1/instances', { name: 'seed', recordCalls: true });
    await ok('PUT', `${inst}/function-access`);
    const entry = (await ok('POST', `${inst}/integration/functions`, {
      region: 'cn-hangzhou',
      service: 'demo-service',
      function: 'get_number_region',
    })) as { id: string };
    for (const name of seedGroups)
      await ok('POST', `${inst}/skill-groups`, { name, afterCallWorkSeconds: 2 });
    for (const a of seedAgents)
      await ok('POST', `${inst}/agents`, { ...a, password: `secret-${a.loginName}` });
    await ok('POST', `${inst}/flows`, { name: 'seed', definition: seedFlow(entry.id) });
    await ok('POST', `${inst}/flows/seed/publish`, {});
    await ok('POST', `${inst}/numbers`, { number: '4008001234', flow: 'seed' });

    for (const [i, a] of seedAgents.entries())
      phones.set(
        a.loginName,
        await startBaresip({
          registrar: sip,
          accounts: [{ user: a.loginName, password: `secret-${a.loginName}` }],
          voiceWav: voice,
          rtpPorts: [37000 + i * 50, 37049 + i * 50],
          seconds: 300,
        }),
      );
    // Registering logs each agent in as ready.
    await eventually(
      async () =>
        (
          await Promise.all(
            seedAgents.map(
              async (a) =>
                ((await h.request('GET', `${inst}/agents/${a.loginName}/state`)).json as { state: string })
                  .state,
            ),
          )
        ).every((s) => s === 'ready'),
      () => `the agents' phones did not register:\n${[...phones.values()].map((p) => p.output()).join('\n')}`,
    );
  });

  after(async () => {
    for (const p of phones.values()) await p.stop();
    await h?.close();
    await lookup?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const recordOf = (ani: string) => endedSipCall<CallRecord>(h, 'seed', ani);

  async function call(ani: string, talkMs: number) {
    const media = await callerMedia({ talkToneHz: CALLER_TONE });
    try {
      const res = await runSipp(
        callAndTalk({ caller: ani, called: '4008001234', mediaPort: media.port, talkMs }),
        sip,
        [],
        40,
      );
      const end = Date.now();
      return { res, media, end };
    } finally {
      media.close();
    }
  }

  it('routes Beijing, Hebei and Shanghai callers to their groups, with audio both ways and call records', async () => {
    const callers = [
      { ani: '01062345678', group: '北京客服组', agent: '1001', region: '北京北京' },
      { ani: '03111234567', group: '河北客服组', agent: '1002', region: '河北石家庄' },
      { ani: '02112345678', group: '上海客服组', agent: '1003', region: '上海上海' },
    ];
    // A little apart, as callers come.
    const results = await Promise.all(
      callers.map(async (c, i) => {
        await new Promise((r) => setTimeout(r, i * 1200));
        return call(c.ani, 9000);
      }),
    );
    for (const [i, c] of callers.entries()) {
      const { res, media, end } = results[i]!;
      assert.equal(res.code, 0, `the call from ${c.ani} failed:\n${res.out.slice(-1500)}`);
      const record = await recordOf(c.ani);
      assert.equal(record.variables.region, c.region);
      assert.equal(record.disposition, 'transferred');
      assert.equal(record.agent?.skillGroup, c.group);
      assert.equal(
        record.agent?.loginName,
        c.agent,
        `the call from ${c.ani} reached ${record.agent?.loginName}`,
      );
      assert.ok((record.agent?.talkMs ?? 0) > 1000, `talk time ${record.agent?.talkMs}`);
      assert.equal(record.hangupBy, 'caller');
      // The caller heard the agent: the last second before hanging up is the agent's 700 Hz voice.
      const heard = media.heard(end - 1500, end - 300);
      assert.ok(heard.length >= 4000, `the caller received ${heard.length} samples in its last second`);
      const share = toneShare(heard, AGENT_TONE, 8000);
      assert.ok(share > 0.5, `the caller heard the agent's tone at ${share.toFixed(2)} of its audio`);
      // The call was recorded in stereo: the caller's tone on the left.
      const rec = record.recordings.find((r) => r.kind === 'call');
      assert.ok(rec, 'a recording of the conversation');
      const left = samplesOf(rec.file);
      const onRecording = bestShare(left, CALLER_TONE);
      assert.ok(
        onRecording > 0.5,
        `the caller on the recording: best 1 s tone share ${onRecording.toFixed(2)}`,
      );
    }
    // baresip's own recording of what each agent heard holds the caller's tone.
    for (const c of callers) {
      const files = phones.get(c.agent)!.recordings();
      const heardFile = files.find((f) => f.endsWith('-dec.wav'));
      assert.ok(heardFile, `agent ${c.agent}'s phone wrote ${files.join(', ')}`);
      const s = samplesOf(heardFile);
      const share = bestShare(s, CALLER_TONE);
      assert.ok(share > 0.5, `agent ${c.agent} heard the caller's tone at ${share.toFixed(2)}`);
    }
    // Each agent is in after-call work, then ready again after the group's 2 s.
    const state = (await h.request('GET', `${inst}/agents/1001/state`)).json as { state: string };
    assert.ok(['afterCallWork', 'ready'].includes(state.state), state.state);
  });

  it('still reaches a human through the failure exit when the function fails', async () => {
    // A real user's switch: the function calls the lookup API once LOOKUP_URL is set; the API fails.
    lookup.mode = 'fail';
    const res = await h.request(
      'PATCH',
      '/v1/regions/cn-hangzhou/services/demo-service/functions/get_number_region',
      {
        environmentVariables: { LOOKUP_URL: lookup.url },
      },
    );
    assert.equal(res.status, 200, res.text);
    await eventually(
      async () =>
        ((await h.request('GET', `${inst}/agents/1000/state`)).json as { state: string }).state === 'ready',
      'agent 1000 is ready again',
    );
    const { res: sipp, media, end } = await call('01087654321', 12000);
    assert.equal(sipp.code, 0, sipp.out.slice(-1500));
    const record = await recordOf('01087654321');
    const lookupStep = record.trace.steps.find((s) => s.moduleId === 'lookup');
    assert.equal(lookupStep?.exit, 'failure');
    assert.equal(record.agent?.skillGroup, '人工客服组', JSON.stringify(record.trace.steps));
    assert.equal(record.agent?.loginName, '1000');
    const share = toneShare(media.heard(end - 1500, end - 300), AGENT_TONE, 8000);
    assert.ok(share > 0.5, `the caller heard the agent at ${share.toFixed(2)}`);
  });
});
