/**
 * The console's pages for agents' phones, an instance's call settings and answered calls: agents'
 * passwords and SIP user names with the registration hint, recording and outbound settings, and
 * call records with their agent and a stereo recording played in the page.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { recordingsFolder } from '../../src/contact-center/call-records.js';
import { insertAnsweredCall } from '../helpers/call-record.js';
import { toneWav } from '../helpers/wav.js';
import { type ConsoleSession, skipReason, startConsole } from './harness.js';

const inst = '/v1/instances/phones';

interface AgentAnswer {
  loginName: string;
  sipUsername: string | null;
  hasPassword: boolean;
}

describe('console: agents’ phones, call settings and answered calls', { skip: skipReason }, () => {
  let s: ConsoleSession;
  let sipPort: number;
  before(async () => {
    s = await startConsole({
      config: { sip: { listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }] } },
    });
    sipPort = s.h.hotline.sip.find((a) => a.protocol === 'udp')!.port;
    await s.api('POST', '/v1/instances', { name: 'phones' });
    await s.api('POST', `${inst}/skill-groups`, { name: '北京客服组' });
    await s.api('POST', `${inst}/agents`, {
      loginName: '1001',
      extension: '1001',
      skills: [{ skillGroup: '北京客服组', level: 8 }],
    });
  });
  after(async () => s?.close());

  const agent = async (login: string) => (await s.api('GET', `${inst}/agents/${login}`)) as AgentAnswer;

  it('gives an agent a password and a SIP user name, and says how to register a phone', async () => {
    const { page } = s;
    await s.open('/console/instances/phones/agents');
    const hint = page.getByRole('note', { name: 'Registering a SIP phone' });
    await hint.getByText(`127.0.0.1:${sipPort} (UDP)`).waitFor();
    const row1001 = page.getByRole('row').filter({ hasText: '1001' });
    await row1001.getByText('Not set').waitFor();

    await page.getByRole('button', { name: 'Create agent' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Login name' }).fill('1002');
    await dialog.getByRole('textbox', { name: 'Extension' }).fill('1002');
    await dialog.getByRole('textbox', { name: 'SIP user name' }).fill('desk-2');
    await dialog.getByText('Type the password (again) to set or change the SIP user name.').waitFor();
    await dialog.getByLabel('Password').fill('short');
    await dialog.getByText('At least 8 characters.', { exact: true }).waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Create' }).isDisabled(), true);
    await dialog.getByLabel('Password').fill('desk two secret');
    await s.shot('agent-dialog');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const row1002 = page.getByRole('row').filter({ hasText: 'desk-2' });
    await row1002.getByText('Set', { exact: true }).waitFor();
    const created = await agent('1002');
    assert.deepEqual([created.sipUsername, created.hasPassword], ['desk-2', true]);

    // Editing: an empty password keeps the one set; typing one sets it (the SIP user name defaults
    // to the login name).
    await row1001.getByRole('button', { name: 'Edit' }).click();
    await dialog.getByText('It is never shown again.').waitFor();
    await dialog.getByLabel('Password').fill('one thousand one');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await row1001.getByText('Set', { exact: true }).waitFor();
    assert.equal((await agent('1001')).sipUsername, '1001');
    await row1001.getByRole('button', { name: 'Edit' }).click();
    await dialog.getByText('A password is set. Leave empty to keep it').waitFor();
    await dialog.getByRole('textbox', { name: 'Display name' }).fill('王小明');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await row1001.getByRole('cell', { name: '王小明' }).waitFor();
    assert.equal((await agent('1001')).hasPassword, true, 'the password was kept');
    await s.shot('agents-phones');
  });

  it('edits the instance’s recording and outbound settings on its overview', async () => {
    const { page } = s;
    await s.open('/console/instances/phones');
    const settings = page.getByRole('region', { name: 'Call settings' });
    await settings.getByTestId('record-calls').getByText('Off').waitFor();
    await settings.getByText('None: transfers to external numbers are refused.').waitFor();
    await settings.getByRole('button', { name: 'Edit settings' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('checkbox', { name: 'Record calls' }).check();
    await dialog
      .getByRole('textbox', { name: 'Allowed outbound numbers' })
      .fill('010*\n+86138XXXXXXXX\n010-123');
    await dialog.getByText('Not a number pattern: 010-123').waitFor();
    await s.shot('instance-call-settings-dialog');
    assert.equal(await dialog.getByRole('button', { name: 'Save' }).isDisabled(), true);
    await dialog
      .getByRole('textbox', { name: 'Allowed outbound numbers' })
      .fill('010*\n+86138XXXXXXXX\n95588');
    await dialog.getByRole('spinbutton', { name: 'Concurrent outbound calls' }).fill('3');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await settings.getByTestId('record-calls').getByText('On: conversations are recorded').waitFor();
    await settings.getByText('+86138XXXXXXXX').waitFor();
    assert.equal(await settings.getByTestId('max-outbound').textContent(), '3');
    const saved = (await s.api('GET', inst)) as {
      recordCalls: boolean;
      outbound: { allow: string[]; maxConcurrentCalls: number };
    };
    assert.deepEqual(
      [saved.recordCalls, saved.outbound],
      [true, { allow: ['010*', '+86138XXXXXXXX', '95588'], maxConcurrentCalls: 3 }],
    );
    await s.shot('instance-call-settings');
  });

  it('lists answered calls with their agent and times, and plays the stereo recording in the call page', async () => {
    const folder = recordingsFolder(s.h.dataDir);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'answered-1-rec_talk.wav');
    writeFileSync(file, toneWav({ rate: 8000, channels: 2, seconds: 1.5 }));
    await insertAnsweredCall(s.h, {
      instance: 'phones',
      id: 'answered-1',
      startedAt: new Date(Date.now() - 120_000).toISOString(),
      recordings: [{ id: 'rec_talk', kind: 'call', file, durationMs: 1500, channels: 2 }],
    });
    const { page } = s;
    await s.open('/console/instances/phones/calls');
    const row = page
      .getByRole('table', { name: 'Calls' })
      .getByRole('row')
      .filter({ hasText: '13800138000' });
    await row.getByRole('cell', { name: '1001 北京客服组' }).waitFor();
    await row.getByRole('cell', { name: '13 s', exact: true }).waitFor();
    await row.getByRole('cell', { name: /^42 s/ }).getByText('Recorded').waitFor();
    await s.shot('calls-agents');

    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'Call from 13800138000' }).waitFor();
    for (const [label, value] of [
      ['Agent', '1001'],
      ['Queue time', '13 s'],
      ['Ring attempts', '2'],
      ['Talk time', '42 s'],
      ['Hung up by', 'caller · BYE'],
    ] as const)
      await page.locator(`dt:text-is("${label}") + dd`).filter({ hasText: value }).waitFor();
    const recordings = page.getByRole('region', { name: 'Recordings' });
    const recording = recordings
      .getByRole('row')
      .filter({ hasText: 'Conversation (stereo: caller left, agent right)' });
    await recording.getByRole('cell', { name: '1.5 s', exact: true }).waitFor();
    await recordings.getByRole('button', { name: 'Listen' }).click();
    await recordings.getByRole('link', { name: 'Download' }).waitFor();
    await page.waitForFunction(
      "(a => a !== null && a.readyState >= 1 && a.duration > 1.4 && a.duration < 1.6)(document.querySelector('.recordings audio'))",
    );
    await s.shot('call-recording');
  });

  it('shows the same pages in Chinese', async () => {
    const { page } = s;
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page
      .getByRole('region', { name: '录音' })
      .getByText('通话录音（立体声：左声道主叫，右声道坐席）')
      .waitFor();
    await page.locator('dt:text-is("坐席") + dd').filter({ hasText: '1001' }).waitFor();
    await s.shot('call-recording-zh');
    // In-page navigation: opening a URL would load the page with the test's English again.
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '坐席' }).click();
    await page.getByRole('note', { name: '注册 SIP 话机' }).waitFor();
    await page.getByRole('columnheader', { name: 'SIP 用户名' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'desk-2' }).getByText('已设置').waitFor();
    await s.shot('agents-phones-zh');
    await nav.getByRole('link', { name: '概览' }).click();
    await page.getByRole('region', { name: '通话设置' }).getByText('开启：录制通话').waitFor();
    await s.shot('instance-call-settings-zh');
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  });
});
