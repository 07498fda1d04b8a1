import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ConsoleSession, skipReason, startConsole } from './harness.js';

describe('console: sign-in and language', { skip: skipReason }, () => {
  let s: ConsoleSession;
  before(async () => {
    s = await startConsole({ signedIn: false });
  });
  after(async () => s?.close());

  it('explains where the key is, refuses a wrong key verbatim, and signs in with the root key', async () => {
    const { page } = s;
    await s.open('/');
    await page.waitForURL('**/console/signin');
    await page.getByText('data/root-api-key').waitFor();
    await s.shot('signin');
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
});
