/** The live view's WebSocket through the real HTTP server, with calls queued on the instance's real ACD. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { EnqueueResult } from '../../src/acd/types.js';
import type { LiveSnapshot } from '../../src/contact-center/live-acd.js';
import { startTestHotline, type TestHotline } from '../helpers/hotline.js';

const inst = '/v1/instances/live';
const GROUP = '北京客服组';

interface Message {
  type: string;
  snapshot?: LiveSnapshot;
  code?: string;
  message?: string;
  receivedAt: number;
}

/** A live socket that keeps every message, and waits for the one a test expects. */
class LiveClient {
  readonly messages: Message[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push({ ...(JSON.parse(data.toString()) as Message), receivedAt: Date.now() });
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static open(url: string, protocols: string[], headers: Record<string, string> = {}): Promise<LiveClient> {
    const ws = new WebSocket(url, protocols, { headers });
    const client = new LiveClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** The first snapshot (from index `from`) that satisfies the test. */
  async snapshot(test: (s: LiveSnapshot) => boolean, from = 0, timeoutMs = 5000): Promise<LiveSnapshot> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find((m) => m.snapshot && test(m.snapshot));
      if (found?.snapshot) return found.snapshot;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no such snapshot; last: ${JSON.stringify(this.messages.at(-1))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}

/** Opening a socket that the server refuses: the HTTP status of the refusal. */
async function refusal(url: string, protocols: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    // Ending a refused handshake reports an error of its own; the status is what matters here.
    ws.on('error', () => undefined);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => reject(new Error('the socket opened')));
  });
}

describe('live view over a WebSocket', () => {
  let h: TestHotline;
  let wsUrl: string;
  let instanceId: string;
  const queued: { controller: AbortController; result: Promise<EnqueueResult> }[] = [];

  const bearer = (token: string) => ['hotline.v1', `bearer.${token}`];
  const group = (s: LiveSnapshot) => s.skillGroups.find((g) => g.groupId === GROUP);
  const agent = (s: LiveSnapshot, id: string) => s.agents.find((a) => a.agentId === id);

  async function enqueue(n: number): Promise<void> {
    const acd = await h.hotline.acds.acdFor(instanceId);
    for (let i = 0; i < n; i++) {
      const controller = new AbortController();
      const id = `call-${queued.length}`;
      const result = acd.enqueue(
        { id, skillGroupId: GROUP, priority: 0, ani: `1380013800${queued.length}` },
        { queueTimeoutMs: 600_000, noAgentsWhen: 'never' },
        controller.signal,
      );
      queued.push({ controller, result });
    }
  }

  before(async () => {
    h = await startTestHotline({ functions: { prestartedRunners: 0 } });
    wsUrl = `${h.url.replace(/^http/, 'ws')}${inst}/live`;
    instanceId = ((await h.request('POST', '/v1/instances', { name: 'live' })).json as { id: string }).id;
    assert.equal((await h.request('POST', `${inst}/skill-groups`, { name: GROUP })).status, 201);
    const agentCreated = await h.request('POST', `${inst}/agents`, {
      loginName: '1001',
      extension: '1001',
      skills: [{ skillGroup: GROUP, level: 8 }],
    });
    assert.equal(agentCreated.status, 201, agentCreated.text);
  });
  after(async () => {
    for (const q of queued) q.controller.abort();
    await Promise.allSettled(queued.map((q) => q.result));
    await h?.close();
  });

  it('answers one snapshot over HTTP, with the last 60 minutes', async () => {
    const res = await h.request('GET', `${inst}/live`);
    assert.equal(res.status, 200, res.text);
    const snap = res.json as LiveSnapshot;
    assert.equal(snap.perMinute.length, 60);
    assert.ok(Date.parse(snap.perMinute.at(-1)!.minute) <= Date.parse(snap.at));
    assert.deepEqual(group(snap), {
      groupId: GROUP,
      waiting: 0,
      ringing: 0,
      talking: 0,
      longestWaitMs: 0,
      agents: { offline: 0, ready: 0, ringing: 0, busy: 0, afterCallWork: 0, notReady: 0 },
    });
    assert.equal(agent(snap, '1001')?.state, 'offline');
  });

  it('takes the token as a subprotocol, answers with hotline.v1, and pushes a snapshot at once', async () => {
    const live = await LiveClient.open(wsUrl, bearer(h.rootKey));
    try {
      assert.equal(live.ws.protocol, 'hotline.v1', 'the token is never echoed');
      const first = await live.snapshot(() => true);
      assert.equal(first.perMinute.length, 60);
      assert.equal(group(first)?.waiting, 0);
    } finally {
      live.close();
    }
  });

  it("pushes agents' state changes and queued calls, a burst as few snapshots at least 250 ms apart", async () => {
    const live = await LiveClient.open(wsUrl, bearer(h.rootKey));
    try {
      await live.snapshot(() => true);
      const put = await h.request('PUT', `${inst}/agents/1001/state`, { state: 'notReady', reason: 'lunch' });
      assert.equal(put.status, 200, put.text);
      await live.snapshot((s) => agent(s, '1001')?.state === 'notReady');
      const from = live.messages.length;
      await enqueue(10);
      const full = await live.snapshot((s) => group(s)?.waiting === 10, from);
      assert.ok(group(full)!.longestWaitMs >= 0);
      const pushed = live.messages.slice(from).filter((m) => m.snapshot);
      assert.ok(pushed.length <= 3, `10 calls queued in a burst gave ${pushed.length} snapshots`);
      const times = live.messages.filter((m) => m.snapshot).map((m) => Date.parse(m.snapshot!.at));
      for (let i = 1; i < times.length; i++)
        assert.ok(times[i]! - times[i - 1]! >= 240, `snapshots ${times[i]! - times[i - 1]!} ms apart`);
      // While calls wait, a snapshot follows every second without a change (the longest wait grows).
      const idleFrom = live.messages.length;
      const later = await live.snapshot(() => true, idleFrom, 2500);
      assert.ok(group(later)!.longestWaitMs >= group(full)!.longestWaitMs);
    } finally {
      live.close();
    }
  });

  it('counts per minute: calls queued, abandoned, and their average wait', async () => {
    const live = await LiveClient.open(wsUrl, bearer(h.rootKey));
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      queued[0]!.controller.abort();
      queued[1]!.controller.abort();
      const snap = await live.snapshot((s) => group(s)?.waiting === 8);
      const minutes = snap.perMinute.filter((m) => m.queued + m.abandoned > 0);
      assert.equal(
        minutes.reduce((n, m) => n + m.queued, 0),
        10,
      );
      assert.equal(
        minutes.reduce((n, m) => n + m.abandoned, 0),
        2,
      );
      const withWait = snap.perMinute.filter((m) => m.averageWaitMs !== null);
      assert.ok(withWait.length >= 1 && withWait.every((m) => m.averageWaitMs! >= 50));
    } finally {
      live.close();
    }
  });

  it('refuses the upgrade like the GET: no token 401, wrong token 401, no permission 403, no instance 404', async () => {
    assert.equal(await refusal(wsUrl, ['hotline.v1']), 401);
    assert.equal(await refusal(wsUrl, bearer('hl_key_nobody.AAAAAAAAAAAAAAAAAAAAAAAA')), 401);
    await h.request('POST', '/v1/users', { name: 'fc-only', policies: ['FCReadOnlyAccess'] });
    const key = (await h.request('POST', '/v1/api-keys', { userName: 'fc-only' })).json as { token: string };
    assert.equal(await refusal(wsUrl, bearer(key.token)), 403);
    assert.equal(await refusal(wsUrl.replace('/live/live', '/nope/live'), bearer(h.rootKey)), 404);
  });

  it('accepts an Authorization header from clients that can set one', async () => {
    const live = await LiveClient.open(wsUrl, [], { authorization: `Bearer ${h.rootKey}` });
    try {
      assert.equal(live.ws.protocol, '');
      await live.snapshot(() => true);
    } finally {
      live.close();
    }
  });

  it('streams to a session token, and ends the stream with 4401 once the session is signed out', async () => {
    await h.request('POST', '/v1/users', {
      name: 'supervisor',
      password: 'supervisor pass',
      policies: ['CCCReadOnlyAccess'],
    });
    const signIn = await fetch(`${h.url}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'root', user: 'supervisor', password: 'supervisor pass' }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const live = await LiveClient.open(wsUrl, bearer(token));
    await live.snapshot(() => true);
    assert.equal((await h.request('DELETE', '/v1/sessions/current', undefined, token)).status, 204);
    await enqueue(1); // a change: the next snapshot checks the token again
    const closed = await live.closed;
    assert.equal(closed.code, 4401);
    const error = live.messages.find((m) => m.type === 'error');
    assert.equal(error?.code, 'Unauthenticated');
  });
});
