/** Password sign-in: session tokens through the real HTTP server. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHotline, type TestHotline } from '../helpers/hotline.js';

interface SessionAnswer {
  token: string;
  expiresAt: string;
  account: string;
  user: string;
}

async function signIn(h: TestHotline, body: Record<string, unknown>) {
  const res = await fetch(`${h.url}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  return { status: res.status, headers: res.headers, json };
}

/** An error body without its request id, for comparing two answers. */
function withoutRequestId(json: Record<string, unknown>): Record<string, unknown> {
  const { requestId: _ignored, ...rest } = json;
  return rest;
}

describe('password sign-in (sessions)', () => {
  let h: TestHotline;
  const lead = { account: 'root', user: 'lead', password: 'correct horse battery' };

  before(async () => {
    h = await startTestHotline({
      auth: { sessionHours: 2, signInMaxFailures: 4, signInLockoutMinutes: 1 },
      functions: { prestartedRunners: 0 },
    });
    const created = await h.request('POST', '/v1/users', {
      name: 'lead',
      password: lead.password,
      policies: ['CCCReadOnlyAccess'],
    });
    assert.equal(created.status, 201, created.text);
    assert.equal((await h.request('POST', '/v1/users', { name: 'nopass' })).status, 201);
  });
  after(async () => h?.close());

  it('answers a session token that expires after auth.sessionHours', async () => {
    const before = Date.now();
    const res = await signIn(h, lead);
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const session = res.json as unknown as SessionAnswer;
    assert.match(session.token, /^hs_ses_[a-z0-9]+\.[A-Za-z0-9_-]{40,}$/);
    assert.equal(session.user, 'lead');
    assert.equal(session.account, 'root');
    const ttl = Date.parse(session.expiresAt) - before;
    assert.ok(ttl > 2 * 3600_000 - 60_000 && ttl <= 2 * 3600_000 + 60_000, `expires in ${ttl} ms`);
    const who = await h.request('GET', '/v1/whoami', undefined, session.token);
    assert.equal(who.status, 200);
    assert.equal((who.json as { user: { name: string } }).user.name, 'lead');
  });

  it("gives the session exactly the user's policies, as an API key of the user would", async () => {
    const { token } = (await signIn(h, lead)).json as unknown as SessionAnswer;
    const key = (await h.request('POST', '/v1/api-keys', { userName: 'lead' })).json as { token: string };
    const probes: [string, string, unknown?][] = [
      ['GET', '/v1/instances'],
      ['POST', '/v1/instances', { name: 'not-allowed' }],
      ['GET', '/v1/regions/cn-hangzhou/services'],
      ['GET', '/v1/users'],
    ];
    for (const [method, path, body] of probes) {
      const bySession = await h.request(method, path, body, token);
      const byKey = await h.request(method, path, body, key.token);
      assert.equal(bySession.status, byKey.status, `${method} ${path}`);
      if (bySession.status >= 400)
        assert.deepEqual(
          withoutRequestId(bySession.json as Record<string, unknown>),
          withoutRequestId(byKey.json as Record<string, unknown>),
        );
    }
    assert.equal((await h.request('GET', '/v1/instances', undefined, token)).status, 200);
    assert.equal((await h.request('POST', '/v1/instances', { name: 'x' }, token)).status, 403);
    // Attaching a policy reaches open sessions at once: policies are read on every request.
    assert.equal((await h.request('PUT', '/v1/users/lead/policies/CCCFullAccess')).status, 204);
    assert.equal((await h.request('POST', '/v1/instances', { name: 'by-lead' }, token)).status, 201);
    assert.equal((await h.request('DELETE', '/v1/users/lead/policies/CCCFullAccess')).status, 204);
  });

  it('answers the same for an unknown account, an unknown user, no password and a wrong password', async () => {
    const answers = [
      await signIn(h, { ...lead, account: 'nobody-here' }),
      await signIn(h, { ...lead, user: 'ghost' }),
      await signIn(h, { ...lead, user: 'nopass' }),
    ];
    // A success in between clears the failures, so this test does not lock the next one out.
    assert.equal((await signIn(h, lead)).status, 201);
    answers.push(await signIn(h, { ...lead, password: 'wrong password' }));
    for (const a of answers) {
      assert.equal(a.status, 401);
      assert.deepEqual(withoutRequestId(a.json), {
        code: 'SignInFailed',
        message: 'the account, user name or password is wrong',
      });
    }
    assert.equal((await signIn(h, lead)).status, 201);
  });

  it('refuses a body that does not fit, naming the field', async () => {
    const res = await signIn(h, { account: 'root', user: 'lead' });
    assert.equal(res.status, 400);
    assert.equal(res.json['code'], 'ValidationFailed');
    assert.match(String(res.json['message']), /password/);
  });

  it('signs out: the token stops working, and an API key cannot be signed out', async () => {
    const { token } = (await signIn(h, lead)).json as unknown as SessionAnswer;
    assert.equal((await h.request('DELETE', '/v1/sessions/current', undefined, token)).status, 204);
    const after = await h.request('GET', '/v1/whoami', undefined, token);
    assert.equal(after.status, 401);
    assert.match(String((after.json as { message: string }).message), /sign in again/);
    const byKey = await h.request('DELETE', '/v1/sessions/current');
    assert.equal(byKey.status, 409);
  });

  it("ends the user's other sessions when its password changes", async () => {
    const first = ((await signIn(h, lead)).json as unknown as SessionAnswer).token;
    const second = ((await signIn(h, lead)).json as unknown as SessionAnswer).token;
    const changed = await h.request(
      'PUT',
      '/v1/users/lead/password',
      { password: 'a new passphrase' },
      second,
    );
    assert.equal(changed.status, 204);
    assert.equal((await h.request('GET', '/v1/whoami', undefined, first)).status, 401);
    assert.equal((await h.request('GET', '/v1/whoami', undefined, second)).status, 200);
    assert.equal((await signIn(h, lead)).status, 401, 'the old password no longer signs in');
    lead.password = 'a new passphrase';
    assert.equal((await signIn(h, lead)).status, 201);
  });

  it('keeps sessions across a restart; a signed-out one stays out', async () => {
    const kept = ((await signIn(h, lead)).json as unknown as SessionAnswer).token;
    const ended = ((await signIn(h, lead)).json as unknown as SessionAnswer).token;
    assert.equal((await h.request('DELETE', '/v1/sessions/current', undefined, ended)).status, 204);
    await h.restart();
    const who = await h.request('GET', '/v1/whoami', undefined, kept);
    assert.equal(who.status, 200, who.text);
    assert.equal((who.json as { user: { name: string } }).user.name, 'lead');
    assert.equal((await h.request('GET', '/v1/whoami', undefined, ended)).status, 401);
  });

  it('locks an address out after auth.signInMaxFailures failures, even for the right password', async () => {
    for (let i = 0; i < 4; i++)
      assert.equal((await signIn(h, { ...lead, password: `guess ${i}` })).status, 401);
    const locked = await signIn(h, lead);
    assert.equal(locked.status, 429);
    assert.equal(locked.json['code'], 'SignInLockedOut');
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After: ${retryAfter}`);
    assert.equal((locked.json['details'] as { retryAfterSeconds: number }).retryAfterSeconds, retryAfter);
    // Tokens already issued and API keys keep working.
    assert.equal((await h.request('GET', '/v1/whoami')).status, 200);
  });

  it('lists the endpoints in the OpenAPI document, sign-in without credentials', async () => {
    const doc = (await (await fetch(`${h.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    assert.deepEqual(doc.paths['/v1/sessions']?.['post']?.security, []);
    assert.ok(doc.paths['/v1/sessions/current']?.['delete']);
  });
});
