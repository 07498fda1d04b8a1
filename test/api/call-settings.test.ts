/**
 * What the console's agent, instance and call pages read and write through the HTTP API: agents'
 * phone credentials, an instance's recording and outbound settings, and call recordings as WAV.
 */
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { recordingsFolder } from '../../src/contact-center/call-records.js';
import { insertAnsweredCall } from '../helpers/call-record.js';
import { startTestHotline, type TestHotline } from '../helpers/hotline.js';
import { toneWav } from '../helpers/wav.js';

interface AgentAnswer {
  loginName: string;
  sipUsername: string | null;
  hasPassword: boolean;
}

interface InstanceAnswer {
  recordCalls: boolean;
  outbound: { allow: string[]; maxConcurrentCalls: number };
}

const inst = '/v1/instances/phones';

describe('agents, instance settings and call recordings through the HTTP API', () => {
  let h: TestHotline;
  before(async () => {
    h = await startTestHotline({ functions: { prestartedRunners: 0 } });
    assert.equal((await h.request('POST', '/v1/instances', { name: 'phones' })).status, 201);
  });
  after(async () => h?.close());

  it('sets an agent password (write-only) and SIP user name, which must be unique', async () => {
    const plain = await h.request('POST', `${inst}/agents`, { loginName: '1001', extension: '1001' });
    assert.equal(plain.status, 201, plain.text);
    assert.deepEqual(pick(plain.json as AgentAnswer), { sipUsername: null, hasPassword: false });

    const short = await h.request('PATCH', `${inst}/agents/1001`, { password: 'short' });
    assert.equal(short.status, 400);
    assert.match(short.text, /at least 8 characters/);

    const set = await h.request('PATCH', `${inst}/agents/1001`, { password: 'phone pass 1' });
    assert.equal(set.status, 200, set.text);
    assert.deepEqual(pick(set.json as AgentAnswer), { sipUsername: '1001', hasPassword: true });
    assert.ok(!set.text.includes('phone pass 1') && !/password"\s*:/.test(set.text), 'never answered');

    const named = await h.request('POST', `${inst}/agents`, {
      loginName: '1002',
      extension: '1002',
      password: 'phone pass 2',
      sipUsername: 'desk-2',
    });
    assert.equal(named.status, 201, named.text);
    assert.deepEqual(pick(named.json as AgentAnswer), { sipUsername: 'desk-2', hasPassword: true });
    const listed = (await h.request('GET', `${inst}/agents`)).json as { agents: AgentAnswer[] };
    assert.deepEqual(
      listed.agents.map((a) => [a.loginName, a.sipUsername, a.hasPassword]),
      [
        ['1001', '1001', true],
        ['1002', 'desk-2', true],
      ],
    );

    const taken = await h.request('PATCH', `${inst}/agents/1001`, {
      sipUsername: 'desk-2',
      password: 'phone pass 1',
    });
    assert.equal(taken.status, 409, taken.text);
    const renameWithoutPassword = await h.request('PATCH', `${inst}/agents/1002`, { sipUsername: 'desk-9' });
    assert.equal(renameWithoutPassword.status, 400);
    assert.match(renameWithoutPassword.text, /needs the password again/);
  });

  it("keeps an instance's recording and outbound settings, refusing bad patterns", async () => {
    const fresh = (await h.request('GET', inst)).json as InstanceAnswer;
    assert.deepEqual([fresh.recordCalls, fresh.outbound], [false, { allow: [], maxConcurrentCalls: 10 }]);
    const patched = await h.request('PATCH', inst, {
      recordCalls: true,
      outbound: { allow: ['010*', '+86138XXXXXXXX', '95588'], maxConcurrentCalls: 3 },
    });
    assert.equal(patched.status, 200, patched.text);
    const body = patched.json as InstanceAnswer;
    assert.equal(body.recordCalls, true);
    assert.deepEqual(body.outbound, { allow: ['010*', '+86138XXXXXXXX', '95588'], maxConcurrentCalls: 3 });
    const bad = await h.request('PATCH', inst, { outbound: { allow: ['010-1234'] } });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /a pattern is digits/);
    const onlyCap = (await h.request('PATCH', inst, { outbound: { maxConcurrentCalls: 0 } }))
      .json as InstanceAnswer;
    assert.deepEqual(onlyCap.outbound, { allow: ['010*', '+86138XXXXXXXX', '95588'], maxConcurrentCalls: 0 });
    const created = await h.request('POST', '/v1/instances', {
      name: 'recorded',
      recordCalls: true,
      outbound: { allow: ['*'] },
    });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(pick2(created.json as InstanceAnswer), [true, ['*'], 10]);
  });

  it("serves a call's recordings as WAV to those who may read the call, and nothing outside the folder", async () => {
    const folder = recordingsFolder(h.dataDir);
    mkdirSync(folder, { recursive: true });
    const wav = toneWav({ rate: 8000, channels: 2, seconds: 0.5 });
    writeFileSync(join(folder, 'call-1-rec_talk.wav'), wav);
    writeFileSync(join(h.dataDir, 'outside.wav'), wav);
    symlinkSync(join(h.dataDir, 'outside.wav'), join(folder, 'link.wav'));
    const recordings = [
      {
        id: 'rec_talk',
        kind: 'call',
        file: join(folder, 'call-1-rec_talk.wav'),
        durationMs: 500,
        channels: 2,
      },
      { id: 'rec_out', kind: 'voicemail', file: join(h.dataDir, 'outside.wav'), durationMs: 500 },
      { id: 'rec_up', kind: 'voicemail', file: `${folder}/../outside.wav`, durationMs: 500 },
      { id: 'rec_link', kind: 'voicemail', file: join(folder, 'link.wav'), durationMs: 500 },
      { id: 'rec_gone', kind: 'voicemail', file: join(folder, 'gone.wav'), durationMs: 500 },
    ];
    await insertAnsweredCall(h, { instance: 'phones', id: 'call-1', recordings });

    const call = (await h.request('GET', `${inst}/calls/call-1`)).json as {
      agent: { loginName: string; talkMs: number } | null;
      recordings: { id: string; kind: string }[];
    };
    assert.deepEqual([call.agent?.loginName, call.agent?.talkMs], ['1001', 42_000]);
    assert.equal(call.recordings[0]?.kind, 'call');

    const res = await fetch(`${h.url}${inst}/calls/call-1/recordings/rec_talk`, {
      headers: { authorization: `Bearer ${h.rootKey}` },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'audio/wav');
    assert.equal(res.headers.get('content-length'), String(wav.length));
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), wav);

    for (const id of ['rec_out', 'rec_up', 'rec_link', 'rec_gone', 'rec_none']) {
      const refused = await h.request('GET', `${inst}/calls/call-1/recordings/${id}`);
      assert.equal(refused.status, 404, `${id}: ${refused.text}`);
      assert.equal((refused.json as { code: string }).code, 'RecordingNotFound', id);
      assert.ok(!refused.text.includes(h.dataDir), 'the answer names no server path');
    }
    const otherInstance = await h.request('GET', '/v1/instances/recorded/calls/call-1/recordings/rec_talk');
    assert.equal((otherInstance.json as { code: string }).code, 'CallNotFound');

    // Authorized like reading the call: a reader of the contact center may, a functions user not.
    await h.request('POST', '/v1/users', { name: 'reader', policies: ['CCCReadOnlyAccess'] });
    await h.request('POST', '/v1/users', { name: 'dev', policies: ['FCReadOnlyAccess'] });
    const keyOf = async (userName: string) =>
      ((await h.request('POST', '/v1/api-keys', { userName })).json as { token: string }).token;
    const path = `${inst}/calls/call-1/recordings/rec_talk`;
    assert.equal((await h.request('GET', path, undefined, await keyOf('reader'))).status, 200);
    const denied = await h.request('GET', path, undefined, await keyOf('dev'));
    assert.equal(denied.status, 403);
    assert.match(denied.text, /ccc:GetCall/);
  });
});

function pick(a: AgentAnswer) {
  return { sipUsername: a.sipUsername, hasPassword: a.hasPassword };
}

function pick2(i: InstanceAnswer) {
  return [i.recordCalls, i.outbound.allow, i.outbound.maxConcurrentCalls];
}
