import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ConsoleSession, skipReason, startConsole } from './harness.js';

describe('console: sign-in and language', { skip: skipReason }, () => {
  let s: ConsoleSession;
  before(async () => {
    s = await startConsole({ signedIn: false });
  });
  after(async () => s?.close());

  it('offers password and API-key sign-in; explains where the key is, refuses a wrong key verbatim, and signs in with the root key', async () => {
    const { page } = s;
    await s.open('/');
    await page.waitForURL('**/console/signin');
    await page.getByLabel('Password').waitFor();
    await s.shot('signin');
    await page.getByRole('tab', { name: 'API key' }).click();
    await page.getByText('data/root-api-key').waitFor();
    await s.shot('signin-api-key');
    await page.getByLabel('API key').fill('hl_key_nobody.wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('the API key is not valid').waitFor();
    await page.getByLabel('API key').fill(s.h.rootKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Services' }).waitFor();
    assert.equal(await s.evaluate<string | null>("localStorage.getItem('hotline.apiKey')"), s.h.rootKey);
  });

  it('switches to Chinese and back, and remembers the choice', async () => {
    const { page } = s;
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('heading', { name: '服务列表' }).waitFor();
    await page.getByRole('link', { name: '实例列表' }).click();
    await page.getByRole('button', { name: '创建实例' }).waitFor();
    await s.shot('instances-zh');
    await page.reload();
    await page.getByRole('button', { name: '创建实例' }).waitFor();
    assert.equal(await s.evaluate<string>('document.documentElement.lang'), 'zh-CN');
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page.getByRole('button', { name: 'Create instance' }).waitFor();
  });

  it('signs out: the key is forgotten and the sign-in page is back', async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    assert.equal(await s.evaluate<string | null>("localStorage.getItem('hotline.apiKey')"), null);
  });

  it('signs in with account, user and password (in Chinese), and signing out ends the session', async () => {
    const { page } = s;
    await s.api('PUT', '/v1/users/owner/password', { password: 'owner passphrase' });
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('tab', { name: '用户名和密码' }).click();
    await page.getByLabel('账号').fill('root');
    await page.getByLabel('用户名').fill('owner');
    await page.getByLabel('密码').fill('not the passphrase');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').getByText('the account, user name or password is wrong').waitFor();
    await s.shot('signin-password-zh');
    await page.getByLabel('密码').fill('owner passphrase');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '服务列表' }).waitFor();
    await page.getByText('owner @ root').waitFor();
    const token = await s.evaluate<string>("localStorage.getItem('hotline.apiKey')");
    assert.match(token, /^hs_/);
    assert.equal((await s.h.request('GET', '/v1/whoami', undefined, token)).status, 200);
    await page.getByRole('button', { name: '退出' }).click();
    await page.getByRole('heading', { name: '登录控制台' }).waitFor();
    // The sign-out request is sent as the page leaves; the token stops working as soon as it lands.
    let status = 200;
    for (let i = 0; i < 50 && status !== 401; i++) {
      status = (await s.h.request('GET', '/v1/whoami', undefined, token)).status;
      if (status !== 401) await page.waitForTimeout(100);
    }
    assert.equal(status, 401, 'the session token no longer works');
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  });

  it('brings the user back to sign-in, with a note, when the session ends elsewhere', async () => {
    const { page } = s;
    await page.getByLabel('Account').fill('root');
    await page.getByLabel('User name').fill('owner');
    await page.getByLabel('Password').fill('owner passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Services' }).waitFor();
    // A new password ends the user's sessions; the next request answers 401.
    await s.api('PUT', '/v1/users/owner/password', { password: 'another passphrase' });
    await page.getByRole('link', { name: 'Instances' }).click();
    await page.getByRole('status').getByText('Your session has ended. Sign in again.').waitFor();
    await s.shot('signin-session-ended');
  });
});
