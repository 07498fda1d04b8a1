/** `hotline user password`: a user without a password gets one, then signs in with it. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { startTestHotline, type TestHotline } from '../helpers/hotline.js';

describe('hotline user password', () => {
  let h: TestHotline;
  let env: Record<string, string>;
  before(async () => {
    h = await startTestHotline({ functions: { prestartedRunners: 0 } });
    env = { HOTLINE_URL: h.url, HOTLINE_API_KEY: h.rootKey };
  });
  after(async () => h?.close());

  const signIn = (password: string) =>
    fetch(`${h.url}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'root', user: 'owner', password }),
    });

  it("sets the root owner's password from standard input; it then signs in", async () => {
    assert.equal((await signIn('from a pipe 123')).status, 401, 'the owner starts without a password');
    const set = await runCli(['user', 'password', 'owner'], env, 'from a pipe 123\n');
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /set the password of owner/);
    assert.equal((await signIn('from a pipe 123')).status, 201);
  });

  it('refuses a short password and an unknown user without changing anything', async () => {
    const short = await runCli(['user', 'password', 'owner'], env, 'short\n');
    assert.equal(short.code, 1);
    assert.match(short.stderr, /at least 8 characters; nothing was changed/);
    const unknown = await runCli(['user', 'password', 'ghost'], env, 'long enough 1\n');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /user 'ghost' does not exist \[NotFound\]/);
    assert.equal((await signIn('from a pipe 123')).status, 201);
  });
});
