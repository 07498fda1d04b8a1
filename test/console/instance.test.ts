import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedFlow } from '../helpers/seed-flow.js';
import { toneWav } from '../helpers/wav.js';
import {
  type ConsoleSession,
  createSeedFunction,
  downloadedText,
  skipReason,
  startConsole,
} from './harness.js';

const inst = '/v1/instances/seed';

describe('console: the instance pages, calls and the live view', { skip: skipReason }, () => {
  let s: ConsoleSession;
  const queued: { controller: AbortController; result: Promise<unknown> }[] = [];
  before(async () => {
    s = await startConsole();
    await createSeedFunction(s);
    await s.api('POST', '/v1/instances', { name: 'seed' });
    await s.api('PUT', `${inst}/function-access`);
    const entry = (await s.api('POST', `${inst}/integration/functions`, {
      region: 'cn-hangzhou',
      service: 'demo-service',
      function: 'get_number_region',
    })) as { id: string };
    for (const name of ['北京客服组', '上海客服组', '人工客服组'])
      await s.api('POST', `${inst}/skill-groups`, { name });
    await s.api('POST', `${inst}/agents`, {
      loginName: '1001',
      extension: '1001',
      skills: [{ skillGroup: '北京客服组', level: 8 }],
    });
    await s.api('POST', `${inst}/flows`, { name: 'seed', definition: seedFlow(entry.id) });
  });
  after(async () => {
    for (const q of queued) q.controller.abort();
    await Promise.allSettled(queued.map((q) => q.result));
    await s?.close();
  });

  it('creates a skill group and an agent with a skill level', async () => {
    const { page } = s;
    await s.open('/console/instances/seed/skill-groups');
    await page.getByRole('button', { name: 'Create skill group' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Skill group' }).fill('河北客服组');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: '河北客服组' }).waitFor();

    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Agents' })
      .click();
    await page.getByRole('button', { name: 'Create agent' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Login name' }).fill('1002');
    await dialog.getByRole('textbox', { name: 'Extension' }).fill('1002');
    await dialog.getByRole('button', { name: 'Add skill group' }).click();
    await dialog.getByRole('combobox', { name: 'Skill group' }).selectOption('河北客服组');
    await dialog.getByRole('spinbutton', { name: 'Level' }).fill('9');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByText('河北客服组 · 9').waitFor();
    await s.shot('agents');
  });

  it('adds a phone number bound to the published flow', async () => {
    await s.api('POST', `${inst}/flows/seed/publish`, {});
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Phone numbers' })
      .click();
    await page.getByRole('button', { name: 'Add number' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Phone number' }).fill('4008001234');
    await dialog.getByRole('combobox', { name: 'Flow' }).selectOption('seed');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('combobox', { name: 'Flow of 4008001234' }).waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'Flow of 4008001234' }).inputValue(), 'seed');
  });

  it('uploads a WAV prompt and plays it in the page', async () => {
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Prompts' })
      .click();
    await page.getByRole('button', { name: 'Upload WAV' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('WAV file').setInputFiles({
      name: 'welcome.wav',
      mimeType: 'audio/wav',
      buffer: toneWav({ rate: 16000, channels: 1, seconds: 1 }),
    });
    await dialog.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('cell', { name: 'welcome' }).waitFor();
    await page.getByRole('button', { name: 'Listen' }).click();
    const audio = page.locator('audio');
    await audio.waitFor();
    await page.waitForFunction(
      "(a => a !== null && a.readyState >= 1 && a.duration > 0.9)(document.querySelector('audio'))",
    );
    await s.shot('prompts');
  });

  it('simulates a call to the number from the calls page and shows its trace over the published flow', async () => {
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Calls' })
      .click();
    await page.getByRole('button', { name: 'Simulate a call' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Caller number (ANI)' }).fill('13800138000');
    await dialog.getByRole('button', { name: 'Simulate call' }).click();
    await page.getByRole('heading', { name: 'Call from 13800138000' }).waitFor();
    await page
      .getByTestId('call-outcome')
      .filter({ hasText: 'Transferred to skill group 北京客服组' })
      .first()
      .waitFor();
    await page.getByTestId('rf__node-lookup').locator('.step-badge').waitFor();
    await page.getByRole('list', { name: 'Steps' }).locator('[data-module="lookup"]').click();
    await page.getByTestId('trace-function-result').filter({ hasText: '北京北京' }).waitFor();
    await s.shot('call-trace');
  });

  it('lists calls and filters them by caller', async () => {
    const { page } = s;
    await s.api('POST', `${inst}/calls/simulate`, { number: '4008001234', ani: '02112345678' });
    await page.getByRole('link', { name: 'Calls' }).last().click();
    const rows = page.getByRole('table', { name: 'Calls' }).locator('tbody tr');
    await rows.nth(1).waitFor();
    await page.getByRole('searchbox', { name: 'Filter calls' }).fill('0211');
    await page.waitForFunction("document.querySelectorAll('table tbody tr').length === 1");
    await rows.filter({ hasText: '02112345678' }).waitFor();
    await s.shot('calls');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = await downloadedText(await download);
    assert.match(csv, /02112345678/);
    assert.match(csv, /13800138000/);
  });

  it('shows the live view over a WebSocket: queues, agents by state, calls and waits per minute; reconnects', async () => {
    const { page } = s;
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Live view' })
      .click();
    await page.getByRole('table', { name: 'Queues' }).getByRole('cell', { name: '北京客服组' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Live, updated' }).waitFor();
    await page.getByRole('combobox', { name: 'Set the state of 1001' }).selectOption('notReady');
    await page
      .getByRole('row')
      .filter({ hasText: '1001' })
      .getByRole('cell', { name: 'Not ready', exact: true })
      .waitFor();

    // Calls queue on the instance's real ACD (as SIP calls transferred to the group do); the page
    // hears of them over the socket, without polling.
    const { id } = (await s.api('GET', inst)) as { id: string };
    const acd = await s.h.hotline.acds.acdFor(id);
    for (let i = 0; i < 3; i++) {
      const controller = new AbortController();
      const result = acd.enqueue(
        { id: `live-${i}`, skillGroupId: '北京客服组', priority: 0, ani: `1380013800${i}` },
        { queueTimeoutMs: 600_000, noAgentsWhen: 'never' },
        controller.signal,
      );
      queued.push({ controller, result });
    }
    const row = page
      .getByRole('table', { name: 'Queues' })
      .getByRole('row')
      .filter({ hasText: '北京客服组' });
    await row.locator('td.num-hot', { hasText: '3' }).waitFor();
    await page.locator('.chart-bar[height]:not([height="0"])').first().waitFor();
    await new Promise((resolve) => setTimeout(resolve, 300));
    queued[0]!.controller.abort();
    await row.locator('td.num-hot', { hasText: '2' }).waitFor();
    await page.locator('circle.chart-wait').first().waitFor();
    await page.locator('circle.chart-abandoned').first().waitFor();
    await s.shot('live');

    // The server drops every socket: the page says so, reconnects, and follows changes again.
    for (const client of s.h.hotline.api.websocketServer.clients) client.terminate();
    await page.getByRole('status').filter({ hasText: 'reconnecting' }).waitFor();
    await s.shot('live-reconnecting');
    await page.getByRole('status').filter({ hasText: 'Live, updated' }).waitFor({ timeout: 15_000 });
    queued[1]!.controller.abort();
    await row.locator('td.num-hot', { hasText: '1' }).waitFor();
  });

  it('shows the live view in Chinese', async () => {
    const { page } = s;
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('img', { name: '平均等待时长（最近一小时）' }).waitFor();
    await page.getByRole('status').filter({ hasText: '实时，更新于' }).waitFor();
    await s.shot('live-zh');
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  });
});
