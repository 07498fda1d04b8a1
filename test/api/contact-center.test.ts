import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import wavefile from 'wavefile';
import { startTestHotline, type TestHotline } from '../helpers/hotline.js';
import { type LookupServer, startLookupServer } from '../helpers/lookup-server.js';
import { seedPython } from '../helpers/seed-functions.js';
import { toneWav } from '../helpers/wav.js';

interface ErrorBody {
  code: string;
  message: string;
}

describe('the contact-center model through the HTTP API', () => {
  let h: TestHotline;
  let lookup: LookupServer;
  const inst = '/v1/instances/hotline-demo';
  before(async () => {
    h = await startTestHotline();
    lookup = await startLookupServer();
    assert.equal(
      (await h.request('POST', '/v1/regions/cn-hangzhou/services', { name: 'demo-service' })).status,
      201,
    );
    const fn = await h.request('POST', '/v1/regions/cn-hangzhou/services/demo-service/functions', {
      name: 'get_number_region',
      runtime: 'python3',
      environmentVariables: { LOOKUP_URL: lookup.url },
      code: { files: { 'index.py': seedPython } },
    });
    assert.equal(fn.status, 201, fn.text);
    assert.equal(
      (await h.request('POST', '/v1/instances', { name: 'hotline-demo', description: '演示' })).status,
      201,
    );
  });
  after(async () => {
    await h.close();
    await lookup.close();
  });

  it("follows the seed's step 3: authorize, add an entry, test it, fix the typo, test again", async () => {
    const early = await h.request('POST', `${inst}/integration/functions`, {
      region: 'cn-hangzhou',
      service: 'demo-service',
      function: 'get_number_region',
    });
    assert.equal(early.status, 409);
    assert.equal((early.json as ErrorBody).code, 'FunctionAccessNotGranted');

    const viewer = await h.request('POST', '/v1/users', {
      name: 'cc-viewer',
      policies: ['CCCReadOnlyAccess'],
    });
    assert.equal(viewer.status, 201);
    const viewerKey = (
      (await h.request('POST', '/v1/api-keys', { userName: 'cc-viewer' })).json as { token: string }
    ).token;
    const denied = await h.request('PUT', `${inst}/function-access`, undefined, viewerKey);
    assert.equal(denied.status, 403);
    assert.match((denied.json as ErrorBody).message, /ccc:GrantFunctionAccess/);

    const granted = await h.request('PUT', `${inst}/function-access`);
    assert.equal(granted.status, 200);
    assert.equal((granted.json as { functionAccess: { granted: boolean } }).functionAccess.granted, true);

    // The guide's user typed demo_service for demo-service.
    const added = await h.request('POST', `${inst}/integration/functions`, {
      region: 'cn-hangzhou',
      service: 'demo_service',
      function: 'get_number_region',
    });
    assert.equal(added.status, 201, added.text);
    const entryId = (added.json as { id: string }).id;
    const failed = await h.request('POST', `${inst}/integration/functions/${entryId}/test`, {
      parameters: { phone: '13800138000' },
    });
    assert.equal(failed.status, 200);
    assert.deepEqual(failed.json, {
      ok: false,
      error: { code: 'ServiceNotFound', message: "service 'demo_service' does not exist" },
    });

    const edited = await h.request('PATCH', `${inst}/integration/functions/${entryId}`, {
      service: 'demo-service',
    });
    assert.equal(edited.status, 200);
    const passed = await h.request('POST', `${inst}/integration/functions/${entryId}/test`, {
      parameters: { phone: '13800138000' },
    });
    const body = passed.json as { ok: boolean; invocation: { result: string; status: string } };
    assert.equal(body.ok, true, passed.text);
    assert.equal(body.invocation.result, '北京北京');

    const wrongFn = await h.request('PATCH', `${inst}/integration/functions/${entryId}`, {
      function: 'get_region',
    });
    assert.equal(wrongFn.status, 200);
    const missing = await h.request('POST', `${inst}/integration/functions/${entryId}/test`, {
      parameters: {},
    });
    assert.deepEqual((missing.json as { error: ErrorBody }).error, {
      code: 'FunctionNotFound',
      message: "function 'get_region' does not exist in service 'demo-service'",
    });
  });

  it('keeps skill groups and agents with skill levels, and refuses unknown groups by name', async () => {
    for (const name of ['北京客服组', '河北客服组', '上海客服组']) {
      const g = await h.request('POST', `${inst}/skill-groups`, { name, afterCallWorkSeconds: 5 });
      assert.equal(g.status, 201, g.text);
    }
    const agent = await h.request('POST', `${inst}/agents`, {
      loginName: 'agent1001',
      displayName: '张三',
      extension: '1001',
      skills: [
        { skillGroup: '北京客服组', level: 9 },
        { skillGroup: '河北客服组', level: 3 },
      ],
    });
    assert.equal(agent.status, 201, agent.text);
    const bad = await h.request('POST', `${inst}/agents`, {
      loginName: 'agent1002',
      extension: '1002',
      skills: [{ skillGroup: '天津客服组', level: 5 }],
    });
    assert.equal(bad.status, 404);
    assert.equal((bad.json as ErrorBody).message, "skill group '天津客服组' does not exist");
    const dupExt = await h.request('POST', `${inst}/agents`, { loginName: 'agent1003', extension: '1001' });
    assert.equal(dupExt.status, 409);
    const level = await h.request('POST', `${inst}/agents`, {
      loginName: 'x',
      extension: '1009',
      skills: [{ skillGroup: '北京客服组', level: 11 }],
    });
    assert.equal(level.status, 400);
    const got = await h.request('GET', `${inst}/agents/agent1001`);
    assert.deepEqual((got.json as { skills: unknown[] }).skills, [
      { skillGroup: '北京客服组', level: 9 },
      { skillGroup: '河北客服组', level: 3 },
    ]);
    const group = await h.request('GET', `${inst}/skill-groups/${encodeURIComponent('北京客服组')}`);
    assert.equal((group.json as { afterCallWorkSeconds: number }).afterCallWorkSeconds, 5);
  });

  it('normalises uploaded WAV prompts for telephony and keeps TTS prompts', async () => {
    const upload = await fetch(`${h.url}${inst}/prompts/welcome/audio`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${h.rootKey}`, 'content-type': 'audio/wav' },
      body: toneWav({ rate: 44100, channels: 2, seconds: 1.5 }),
    });
    assert.equal(upload.status, 201, await upload.clone().text());
    const prompt = (await upload.json()) as { durationMs: number; sourceFormat: string; kind: string };
    assert.equal(prompt.kind, 'audio');
    assert.equal(prompt.durationMs, 1500);
    assert.match(prompt.sourceFormat, /44100 Hz, 2 channel/);

    const audio = await fetch(`${h.url}${inst}/prompts/welcome/audio`, {
      headers: { authorization: `Bearer ${h.rootKey}` },
    });
    const wav = new wavefile.WaveFile(new Uint8Array(await audio.arrayBuffer()));
    const fmt = wav.fmt as { sampleRate: number; numChannels: number; bitsPerSample: number };
    assert.deepEqual([fmt.sampleRate, fmt.numChannels, fmt.bitsPerSample], [8000, 1, 16]);

    const junk = await fetch(`${h.url}${inst}/prompts/junk/audio`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${h.rootKey}`, 'content-type': 'audio/wav' },
      body: Buffer.from('RIFF....WAVEnot really'),
    });
    assert.equal(junk.status, 400);
    assert.equal(((await junk.json()) as ErrorBody).code, 'InvalidAudio');

    const tts = await h.request('POST', `${inst}/prompts`, {
      name: 'goodbye',
      text: '感谢您的来电，再见',
      language: 'zh-CN',
    });
    assert.equal(tts.status, 201);
    const list = (await h.request('GET', `${inst}/prompts`)).json as {
      prompts: { name: string; kind: string }[];
    };
    assert.deepEqual(
      list.prompts.map((p) => [p.name, p.kind]),
      [
        ['goodbye', 'tts'],
        ['welcome', 'audio'],
      ],
    );
  });

  it('binds numbers only to published flows and keeps numbers unique', async () => {
    const flow = await h.request('POST', `${inst}/flows`, { name: 'main' });
    assert.equal(flow.status, 201, flow.text);
    const early = await h.request('POST', `${inst}/numbers`, { number: '4008001234', flow: 'main' });
    assert.equal(early.status, 409);
    assert.match((early.json as ErrorBody).message, /not been published/);
    assert.equal((await h.request('POST', `${inst}/flows/main/publish`, {})).status, 201);
    const bound = await h.request('POST', `${inst}/numbers`, { number: '4008001234', flow: 'main' });
    assert.equal(bound.status, 201, bound.text);
    assert.equal((bound.json as { flow: string }).flow, 'main');
    const again = await h.request('POST', `${inst}/numbers`, { number: '4008001234' });
    assert.equal(again.status, 409);
    const badNumber = await h.request('POST', `${inst}/numbers`, { number: '40-08' });
    assert.equal(badNumber.status, 400);
  });
});
