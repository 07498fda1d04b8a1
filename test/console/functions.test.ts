import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedPython } from '../helpers/seed-functions.js';
import { type ConsoleSession, skipReason, startConsole } from './harness.js';

const fnPath = '/v1/regions/cn-hangzhou/services/demo-service/functions/get_number_region';

describe('console: write and run the seed function (steps 1 and 2)', { skip: skipReason }, () => {
  let s: ConsoleSession;
  before(async () => {
    s = await startConsole();
  });
  after(async () => s?.close());

  it('creates the service and the Python function with its environment variable', async () => {
    const { page } = s;
    await s.open('/console/functions/cn-hangzhou');
    await page.getByRole('button', { name: 'Create service' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Service' }).fill('demo-service');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Functions of demo-service' }).waitFor();

    await page.getByRole('button', { name: 'Create function' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Function', exact: true }).fill('get_number_region');
    await dialog.getByRole('combobox', { name: 'Runtime' }).selectOption('python3');
    await dialog.getByRole('button', { name: 'Add variable' }).click();
    await dialog.getByRole('textbox', { name: 'Name' }).fill('LOOKUP_URL');
    await dialog.getByRole('textbox', { name: 'Value' }).fill(s.lookup.url);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'get_number_region' }).waitFor();
    const fn = (await s.api('GET', fnPath)) as {
      runtime: string;
      environmentVariables: Record<string, string>;
    };
    assert.equal(fn.runtime, 'python3');
    assert.deepEqual(fn.environmentVariables, { LOOKUP_URL: s.lookup.url });
  });

  it('writes the code in the editor and deploys it as a new version', async () => {
    const { page } = s;
    const editor = page.getByRole('textbox', { name: 'Code of index.py' });
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(seedPython);
    await page.getByText('Changes not deployed yet').waitFor();
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByText('Deployed as version 2.').waitFor();
    const code = (await s.api('GET', `${fnPath}/code`)) as { files: Record<string, string> };
    assert.equal(code.files['index.py'], seedPython, 'the editor deployed exactly what was typed');
  });

  it('runs it with no event: the handler returns nothing, shown as null, with its log', async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page
      .getByTestId('run-result')
      .filter({ hasText: /^null$/ })
      .waitFor();
    await page.getByTestId('run-log').getByText('lookup failed').waitFor();
    assert.equal(await page.getByTestId('run-status').textContent(), 'Succeeded');
  });

  it('saves the trigger event {"phone":"13800138000"} and runs it: 北京北京', async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'Trigger events' }).click();
    const dialog = page.getByRole('dialog', { name: 'Trigger events' });
    await dialog.getByRole('textbox', { name: 'Event name' }).fill('beijing-mobile');
    await dialog.getByLabel('Event (the handler receives this text)').fill('{"phone":"13800138000"}');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('combobox', { name: 'Event' }).inputValue(), 'beijing-mobile');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByTestId('run-result').filter({ hasText: '北京北京' }).waitFor();
    await s.shot('function-run');
    const events = (await s.api('GET', `${fnPath}/test-events`)) as {
      events: { name: string; payload: string }[];
    };
    assert.deepEqual(
      events.events.map((e) => [e.name, e.payload]),
      [['beijing-mobile', '{"phone":"13800138000"}']],
    );
  });

  it('lists the recent invocations and opens one with its log', async () => {
    const { page } = s;
    await page.getByRole('tab', { name: 'Invocations' }).click();
    const rows = page.locator('tbody tr.clickable');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    await rows.nth(1).click();
    await page.getByTestId('invocation-log').getByText('lookup failed').waitFor();
    await s.shot('function-invocations');
  });

  it('adds a second file, changes the settings, and lists every version', async () => {
    const { page } = s;
    await page.getByRole('tab', { name: 'Code' }).click();
    await page.getByRole('button', { name: '+ New file' }).click();
    await page.getByRole('textbox', { name: 'New file name' }).fill('util.py');
    await page.getByRole('textbox', { name: 'New file name' }).press('Enter');
    await page.getByRole('textbox', { name: 'Code of util.py' }).click();
    await page.keyboard.insertText('REGION = "cn-hangzhou"\n');
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByText('Deployed as version 3.').waitFor();
    const code = (await s.api('GET', `${fnPath}/code`)) as { files: Record<string, string> };
    assert.deepEqual(Object.keys(code.files).sort(), ['index.py', 'util.py']);

    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('spinbutton', { name: 'Memory (MB)' }).fill('256');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved as version 4.').waitFor();
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByRole('cell', { name: '256 MB' }).waitFor();
    assert.equal(await page.locator('tbody tr').count(), 4);
  });
});
