/** Session expiry and the sign-in lockout in virtual time, on a real SQLite store. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAccounts } from '../../src/accounts/accounts.js';
import type { Principal } from '../../src/accounts/principal.js';
import { createSessions } from '../../src/accounts/sessions.js';
import { createSignInThrottle } from '../../src/accounts/sign-in-throttle.js';
import { isHotlineError } from '../../src/shared/errors.js';
import { VirtualClock } from '../../src/shared/virtual-clock.js';
import { openStore, type Store } from '../../src/store/database.js';

let store: Store;
let dataDir: string;
let principal: Principal;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hotline-sessions-'));
  store = await openStore({ dataDir });
  const accounts = createAccounts({ db: store.db, clock: new VirtualClock() });
  const { account } = await accounts.createAccount('sessions-unit');
  await accounts.createUser(account.id, { name: 'lead' });
  const user = await accounts.getUser(account.id, 'lead');
  principal = (await accounts.loadPrincipal(user.id))!;
});
after(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function setup(options: { maxPerUser?: number } = {}) {
  const clock = new VirtualClock();
  const throttle = createSignInThrottle({ clock, maxFailures: 3, windowMs: 60_000 });
  const sessions = createSessions({
    db: store.db,
    clock,
    throttle,
    ttlMs: 3600_000,
    ...options,
    accounts: {
      // The password check is the accounts module's (tested elsewhere); here it is instant.
      authenticatePassword: async (_a, _u, password) => (password === 'right' ? principal : undefined),
      loadPrincipal: async () => principal,
    },
  });
  const attempt = (password: string, source = '10.0.0.1') =>
    sessions.signIn({ account: 'sessions-unit', user: 'lead', password }, source);
  return { clock, sessions, attempt };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (err) {
    return isHotlineError(err) ? err.code : String(err);
  }
}

describe('sessions', () => {
  it('resolve to the principal until they expire', async () => {
    const { clock, sessions, attempt } = setup();
    await sessions.endForUser(principal.userId);
    const { token } = await attempt('right');
    assert.equal((await sessions.authenticate(token))?.principal.userName, 'lead');
    assert.equal(await sessions.authenticate(`${token.slice(0, -2)}xx`), undefined, 'a wrong secret');
    await clock.advance(3600_000 - 1);
    assert.ok(await sessions.authenticate(token));
    await clock.advance(1);
    assert.equal(await sessions.authenticate(token), undefined);
    assert.equal(await sessions.count(), 0);
  });

  it("keep at most maxPerUser of a user's sessions, ending the oldest", async () => {
    const { clock, sessions, attempt } = setup({ maxPerUser: 2 });
    await sessions.endForUser(principal.userId);
    const first = await attempt('right');
    await clock.advance(1);
    const second = await attempt('right');
    await clock.advance(1);
    const third = await attempt('right');
    assert.equal(await sessions.count(), 2);
    assert.equal(await sessions.authenticate(first.token), undefined);
    assert.ok(await sessions.authenticate(second.token));
    assert.ok(await sessions.authenticate(third.token));
  });
});

describe('sign-in lockout', () => {
  it('locks a source out after maxFailures for the window, and only that source', async () => {
    const { clock, attempt } = setup();
    for (let i = 0; i < 3; i++) assert.equal(await codeOf(attempt('wrong')), 'SignInFailed');
    assert.equal(await codeOf(attempt('right')), 'SignInLockedOut');
    assert.equal(await codeOf(attempt('right', '10.0.0.2')), 'ok', 'another address is not locked');
    await clock.advance(59_999);
    assert.equal(await codeOf(attempt('right')), 'SignInLockedOut');
    await clock.advance(1);
    assert.equal(await codeOf(attempt('right')), 'ok');
  });

  it('forgets failures after a success, and failures older than the window', async () => {
    const { clock, attempt } = setup();
    await codeOf(attempt('wrong'));
    await codeOf(attempt('wrong'));
    assert.equal(await codeOf(attempt('right')), 'ok');
    await codeOf(attempt('wrong'));
    await codeOf(attempt('wrong'));
    await clock.advance(60_000);
    await codeOf(attempt('wrong'));
    await codeOf(attempt('wrong'));
    assert.equal(await codeOf(attempt('right')), 'ok');
  });

  it('counts parallel guesses as they start, so they cannot pass the limit', async () => {
    const { attempt } = setup();
    const codes = await Promise.all([1, 2, 3, 4, 5].map(() => codeOf(attempt('wrong'))));
    assert.deepEqual(codes, [
      'SignInFailed',
      'SignInFailed',
      'SignInFailed',
      'SignInLockedOut',
      'SignInLockedOut',
    ]);
  });
});
