/**
 * The workbench's sign-in and WebSocket through the real HTTP server (docs/workbench-protocol.md),
 * without a browser: sessions, close codes, states through the live ACD, and offers the ACD rings
 * the workbench with (reject, a bad WebRTC offer, the caller hanging up). The browser's audio is
 * tested in test/console/workbench.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EnqueueResult } from '../../src/acd/types.js';
import { eventually } from '../helpers/eventually.js';
import { startTestHotline, type TestHotline } from '../helpers/hotline.js';
import { ofType, WorkbenchPage as Page } from '../helpers/workbench-page.js';

const inst = '/v1/instances/wb';
const PASSWORD = 'correct horse battery';

describe('the workbench protocol', () => {
  let h: TestHotline;
  const signIn = (body: Record<string, unknown>) => h.request('POST', '/v1/workbench/sessions', body, '');

  before(async () => {
    h = await startTestHotline({
      sip: { listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }] },
      media: { rtpPortMin: 39000, rtpPortMax: 39099 },
      webrtc: { portMin: 39100, portMax: 39199 },
      auth: { signInMaxFailures: 4 },
      workbench: { reconnectGraceSeconds: 1 },
    });
    const ok = async (method: string, path: string, body?: unknown) => {
      const res = await h.request(method, path, body);
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
    };
    await ok('POST', '/v1/instances', { name: 'wb' });
    await ok('POST', `${inst}/skill-groups`, {
      name: 'sales',
      ringTimeoutSeconds: 5,
      afterCallWorkSeconds: 20,
    });
    await ok('POST', `${inst}/agents`, {
      loginName: 'alice',
      displayName: 'Alice Wang',
      extension: '1001',
      password: PASSWORD,
      skills: [{ skillGroup: 'sales', level: 5 }],
    });
  });
  after(async () => {
    await h?.close();
  });

  it('signs an agent in with one answer for every wrong name or password, then locks the address out', async () => {
    const good = await signIn({ instance: 'wb', loginName: 'alice', password: PASSWORD });
    assert.equal(good.status, 201, good.text);
    const body = good.json as { token: string; expiresAt: number; agent: Record<string, string> };
    assert.match(body.token, /^[A-Za-z0-9_-]{1,256}$/);
    assert.ok(body.expiresAt > Date.now());
    assert.deepEqual(body.agent, { loginName: 'alice', displayName: 'Alice Wang', instance: 'wb' });
    const withAccount = await signIn({
      account: 'root',
      instance: 'wb',
      loginName: 'alice',
      password: PASSWORD,
    });
    assert.equal(withAccount.status, 201, withAccount.text);

    const wrong = [
      { instance: 'wb', loginName: 'alice', password: 'wrong password' },
      { instance: 'wb', loginName: 'nobody', password: PASSWORD },
      { instance: 'nowhere', loginName: 'alice', password: PASSWORD },
    ];
    const answers = [];
    for (const w of wrong) answers.push(await signIn(w));
    assert.deepEqual(
      answers.map((a) => [a.status, (a.json as { code: string }).code]),
      wrong.map(() => [401, 'SignInFailed']),
    );
    assert.equal(new Set(answers.map((a) => (a.json as { message: string }).message)).size, 1);
    assert.equal((await signIn({ instance: 'wb', loginName: 'alice' })).status, 400);
    const locked = await signIn({ instance: 'wb', loginName: 'alice', password: 'wrong again' });
    assert.equal(locked.status, 401);
    const refused = await signIn({ instance: 'wb', loginName: 'alice', password: PASSWORD });
    assert.equal(refused.status, 429, 'even the right password is refused while the address is locked out');
    assert.equal((refused.json as { code: string }).code, 'SignInLockedOut');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
  });
});

describe('the workbench socket', () => {
  let h: TestHotline;
  let token: string;

  before(async () => {
    h = await startTestHotline({
      sip: { listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }] },
      media: { rtpPortMin: 39200, rtpPortMax: 39299 },
      webrtc: { portMin: 39300, portMax: 39399 },
      workbench: { reconnectGraceSeconds: 1 },
    });
    await h.request('POST', '/v1/instances', { name: 'wb' });
    await h.request('POST', `${inst}/skill-groups`, {
      name: 'sales',
      ringTimeoutSeconds: 5,
      afterCallWorkSeconds: 20,
    });
    await h.request('POST', `${inst}/agents`, {
      loginName: 'alice',
      displayName: 'Alice Wang',
      extension: '1001',
      password: PASSWORD,
      skills: [{ skillGroup: 'sales', level: 5 }],
    });
    token = await newToken();
  });
  after(async () => {
    await h?.close();
  });

  async function newToken(): Promise<string> {
    const res = await h.request(
      'POST',
      '/v1/workbench/sessions',
      { instance: 'wb', loginName: 'alice', password: PASSWORD },
      '',
    );
    return (res.json as { token: string }).token;
  }

  const acdState = async () =>
    (await h.request('GET', `${inst}/agents/alice/state`)).json as { state: string; reason?: string };

  it('closes with 4001 for an unknown token, after selecting the protocol', async () => {
    const page = await Page.open(
      h.url,
      'hw_wbs_0000000000000000-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    );
    assert.equal((await page.closed).code, 4001);
  });

  it('says hello, and changes states through the live ACD', async () => {
    const page = await Page.open(h.url, token);
    const hello = await page.next(ofType('hello'));
    assert.deepEqual(hello['agent'], { loginName: 'alice', displayName: 'Alice Wang', instance: 'wb' });
    assert.equal((hello['state'] as { state: string }).state, 'offline');
    await page.ask({ type: 'setState', state: 'ready' }, ofType('state', { state: 'ready' }));
    assert.equal((await acdState()).state, 'ready');
    const notReady = await page.ask(
      { type: 'setState', state: 'notReady', reason: 'lunch' },
      ofType('state', { state: 'notReady' }),
    );
    assert.equal(notReady['reason'], 'lunch');
    // A change made elsewhere (the API) reaches the page.
    await h.request('PUT', `${inst}/agents/alice/state`, { state: 'ready' });
    await page.next(ofType('state', { state: 'ready' }), page.messages.length - 1);

    const bad = await page.ask({ type: 'dance', id: 'r1' }, ofType('error'));
    assert.equal(bad['code'], 'WorkbenchMessageInvalid');
    assert.equal(bad['replyTo'], 'r1');
    const conflict = await page.ask({ type: 'hangup', id: 'r2' }, ofType('error', { replyTo: 'r2' }));
    assert.equal(conflict['code'], 'WorkbenchStateConflict');
    const acw = await page.ask({ type: 'finishAfterCallWork' }, ofType('error'));
    assert.equal(acw['code'], 'AcdInvalidTransition');

    page.ws.send('not json');
    assert.equal((await page.closed).code, 4003);
  });

  it('rings the workbench with the caller, the region and the variables; reject sends the call on', async () => {
    const page = await Page.open(h.url, token);
    await page.next(ofType('hello'));
    await page.ask({ type: 'setState', state: 'ready' }, ofType('state', { state: 'ready' }));
    const acd = await h.hotline.acds.acdFor(await instanceId());
    const caller = new AbortController();
    const queued = acd.enqueue(
      {
        id: 'call-1',
        skillGroupId: 'sales',
        priority: 5,
        ani: '13800138000',
        variables: { region: '北京北京', orderId: 'A-1001' },
      },
      { queueTimeoutMs: 2000 },
      caller.signal,
    );
    await page.next(ofType('state', { state: 'ringing' }));
    const incoming = await page.next(ofType('incoming'));
    assert.equal(incoming['callId'], 'call-1');
    assert.equal(incoming['ani'], '13800138000');
    assert.equal(incoming['region'], '北京北京');
    assert.equal(incoming['skillGroup'], 'sales');
    assert.deepEqual(incoming['variables'], { region: '北京北京', orderId: 'A-1001' });
    assert.ok(Number(incoming['ringsUntil']) > Date.now());

    const from = page.messages.length;
    page.send({ type: 'reject', callId: 'call-1' });
    await page.next(ofType('offerEnded', { callId: 'call-1', reason: 'rejected' }), from);
    const state = await page.next(ofType('state', { state: 'notReady' }), from);
    assert.equal(state['reason'], 'rejected');
    assert.equal(((await queued) as EnqueueResult).outcome, 'timeout');
    page.ws.close();
  });

  it('a bad WebRTC offer declines the call; the caller hanging up ends the offer', async () => {
    const page = await Page.open(h.url, token);
    await page.next(ofType('hello'));
    await page.ask({ type: 'setState', state: 'ready' }, ofType('state', { state: 'ready' }));
    const acd = await h.hotline.acds.acdFor(await instanceId());
    const first = acd.enqueue(
      { id: 'call-2', skillGroupId: 'sales', priority: 5, ani: '02112345678' },
      { queueTimeoutMs: 2000 },
    );
    await page.next(ofType('incoming', { callId: 'call-2' }));
    const from = page.messages.length;
    page.send({ type: 'answer', callId: 'call-2', sdp: 'v=0\r\n', id: 'a1' });
    const error = await page.next(ofType('error', { replyTo: 'a1' }), from);
    assert.equal(error['code'], 'WebRtcOfferInvalid');
    await page.next(ofType('offerEnded', { callId: 'call-2', reason: 'rejected' }), from);
    await page.next(ofType('state', { state: 'notReady' }), from);
    assert.equal(((await first) as EnqueueResult).outcome, 'timeout');

    await page.ask({ type: 'setState', state: 'ready' }, ofType('state', { state: 'ready' }));
    const caller = new AbortController();
    const second = acd.enqueue(
      { id: 'call-3', skillGroupId: 'sales', priority: 5, ani: '02112345678' },
      { queueTimeoutMs: 5000 },
      caller.signal,
    );
    await page.next(ofType('incoming', { callId: 'call-3' }));
    const at = page.messages.length;
    caller.abort();
    await page.next(ofType('offerEnded', { callId: 'call-3', reason: 'callerHungUp' }), at);
    await page.next(ofType('state', { state: 'ready' }), at);
    assert.equal(((await second) as EnqueueResult).outcome, 'cancelled');
    page.ws.close();
  });

  it('a second page takes over (4002 for the first); signing in again ends the older session', async () => {
    const first = await Page.open(h.url, token);
    await first.next(ofType('hello'));
    const second = await Page.open(h.url, token);
    await second.next(ofType('hello'));
    assert.equal((await first.closed).code, 4002);
    const fresh = await newToken();
    assert.equal((await second.closed).code, 4002);
    const stale = await Page.open(h.url, token);
    assert.equal((await stale.closed).code, 4001, 'the replaced token no longer opens the workbench');
    const third = await Page.open(h.url, fresh);
    await third.next(ofType('hello'));
    await third.ask({ type: 'signOut' }, () => false).catch(() => undefined);
    assert.equal((await third.closed).code, 1000);
    assert.equal((await acdState()).state, 'offline');
    const after = await Page.open(h.url, fresh);
    assert.equal((await after.closed).code, 4001, 'signed out: the token is gone');
  });

  it('keeps agents signed in across a restart; a session replaced before it stays ended', async () => {
    const replaced = await newToken();
    const current = await newToken();
    await h.restart();
    const page = await Page.open(h.url, current);
    const hello = await page.next(ofType('hello'));
    assert.deepEqual(hello['agent'], { loginName: 'alice', displayName: 'Alice Wang', instance: 'wb' });
    page.ws.close();
    const old = await Page.open(h.url, replaced);
    assert.equal((await old.closed).code, 4001);
  });

  it('logs a ready agent out when the page does not come back within the grace period', async () => {
    token = await newToken();
    const page = await Page.open(h.url, token);
    await page.next(ofType('hello'));
    await page.ask({ type: 'setState', state: 'ready' }, ofType('state', { state: 'ready' }));
    page.ws.close();
    await page.closed;
    assert.equal((await acdState()).state, 'ready', 'a reload does not lose the place at once');
    await eventually(async () => (await acdState()).state === 'offline', 'logged out after the grace period');
  });

  async function instanceId(): Promise<string> {
    return ((await h.request('GET', inst)).json as { id: string }).id;
  }
});
