import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestHotline, type TestHotline } from '../helpers/hotline.js';

const fnBody = (name: string) => ({
  name,
  runtime: 'nodejs20',
  handler: 'index.handler',
  code: { files: { 'index.js': 'exports.handler = async () => "ok";' } },
});

describe('accounts and authorization', () => {
  let h: TestHotline;
  before(async () => {
    h = await startTestHotline();
  });
  after(async () => {
    await h.close();
  });

  it('writes the root key to a 0600 file on first start', () => {
    const st = statSync(join(h.dataDir, 'root-api-key'));
    assert.equal(st.mode & 0o777, 0o600);
  });

  it('refuses requests without a valid key', async () => {
    const res = await fetch(`${h.url}/v1/regions`);
    assert.equal(res.status, 401);
    const body = (await res.json()) as { code: string };
    assert.equal(body.code, 'Unauthenticated');
    const wrong = await h.request(
      'GET',
      '/v1/regions',
      undefined,
      'hl_key_nope.AAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    );
    assert.equal(wrong.status, 401);
  });

  it('gives a read-only sub-user 403 naming the action it lacks', async () => {
    const created = await h.request('POST', '/v1/users', { name: 'viewer', policies: ['FCReadOnlyAccess'] });
    assert.equal(created.status, 201);
    const key = await h.request('POST', '/v1/api-keys', { userName: 'viewer' });
    const token = (key.json as { token: string }).token;

    const list = await h.request('GET', '/v1/regions/cn-hangzhou/services', undefined, token);
    assert.equal(list.status, 200);
    const create = await h.request('POST', '/v1/regions/cn-hangzhou/services', { name: 'svc-a' }, token);
    assert.equal(create.status, 403);
    const err = create.json as { code: string; message: string; details: { action: string } };
    assert.equal(err.code, 'AccessDenied');
    assert.equal(err.details.action, 'fc:CreateService');
    assert.match(err.message, /fc:CreateService/);

    const users = await h.request('GET', '/v1/users', undefined, token);
    assert.equal(users.status, 403, 'FC policies do not reach user management');
  });

  it('lets an explicit Deny win over FCFullAccess', async () => {
    const policy = await h.request('POST', '/v1/policies', {
      name: 'NoDelete',
      document: { Statement: [{ Effect: 'Deny', Action: 'fc:Delete*', Resource: '*' }] },
    });
    assert.equal(policy.status, 201);
    await h.request('POST', '/v1/users', { name: 'dev', policies: ['FCFullAccess', 'NoDelete'] });
    const token = ((await h.request('POST', '/v1/api-keys', { userName: 'dev' })).json as { token: string })
      .token;
    assert.equal(
      (await h.request('POST', '/v1/regions/cn-hangzhou/services', { name: 'dev-svc' }, token)).status,
      201,
    );
    const del = await h.request('DELETE', '/v1/regions/cn-hangzhou/services/dev-svc', undefined, token);
    assert.equal(del.status, 403);
    assert.match((del.json as { message: string }).message, /explicit Deny/);
  });

  it('refuses a policy document that is not valid', async () => {
    const res = await h.request('POST', '/v1/policies', {
      name: 'Bad',
      document: { Statement: [{ Effect: 'Maybe', Action: 'fc:*' }] },
    });
    assert.equal(res.status, 400);
    assert.equal((res.json as { code: string }).code, 'ValidationFailed');
    assert.match((res.json as { message: string }).message, /Effect/);
  });

  it("answers for another account's resources exactly as for missing ones", async () => {
    const acc = await h.request('POST', '/v1/accounts', { name: 'tenant-b' });
    assert.equal(acc.status, 201);
    const tokenB = (acc.json as { ownerKey: { token: string } }).ownerKey.token;
    assert.equal(
      (await h.request('POST', '/v1/regions/cn-hangzhou/services', { name: 'private-svc' }, tokenB)).status,
      201,
    );
    const fn = await h.request(
      'POST',
      '/v1/regions/cn-hangzhou/services/private-svc/functions',
      fnBody('secret'),
      tokenB,
    );
    assert.equal(fn.status, 201, fn.text);

    const theirs = await h.request('GET', '/v1/regions/cn-hangzhou/services/private-svc/functions/secret');
    const missing = await h.request('GET', '/v1/regions/cn-hangzhou/services/no-such-svc/functions/secret');
    assert.equal(theirs.status, 404);
    assert.equal((theirs.json as { message: string }).message, "service 'private-svc' does not exist");
    assert.equal((missing.json as { message: string }).message, "service 'no-such-svc' does not exist");
    const invoke = await h.request(
      'POST',
      '/v1/regions/cn-hangzhou/services/private-svc/functions/secret/test',
      {},
    );
    assert.equal(invoke.status, 404);

    const notAdmin = await h.request('GET', '/v1/accounts', undefined, tokenB);
    assert.equal(notAdmin.status, 403, "an account's owner is not the system administrator");
  });

  it('serves an OpenAPI document without credentials', async () => {
    const res = await fetch(`${h.url}/openapi.json`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    assert.match(doc.openapi, /^3\./);
    assert.ok(doc.paths['/v1/regions/{region}/services/{service}/functions/{fn}/invocations']);
    assert.ok(doc.paths['/v1/users']);
  });
});

describe('metrics', () => {
  it('counts invocations by runtime and result at /metrics', async () => {
    const h = await startTestHotline();
    try {
      await h.request('POST', '/v1/regions/cn-hangzhou/services', { name: 'm' });
      await h.request('POST', '/v1/regions/cn-hangzhou/services/m/functions', fnBody('f'));
      await h.request('POST', '/v1/regions/cn-hangzhou/services/m/functions/f/test', {});
      const text = await (await fetch(`${h.url}/metrics`)).text();
      assert.match(
        text,
        /hotline_function_invocations_total\{runtime="nodejs20",source="api",result="success"\} 1/,
      );
      assert.match(text, /hotline_process_/);
    } finally {
      await h.close();
    }
  });
});
