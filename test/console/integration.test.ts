import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ConsoleSession, createSeedFunction, skipReason, startConsole } from './harness.js';

describe('console: register the function with the contact center (step 3)', { skip: skipReason }, () => {
  let s: ConsoleSession;
  before(async () => {
    s = await startConsole();
    await createSeedFunction(s);
  });
  after(async () => s?.close());

  it('creates an instance and grants it access to functions', async () => {
    const { page } = s;
    await s.open('/console/instances');
    await page.getByRole('button', { name: 'Create instance' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Instance' }).fill('seed');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByRole('link', { name: 'IVR integration' }).first().click();
    await page.getByText('Authorization needed').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add function' }).isDisabled(), true);
    await s.shot('integration-authorize');
    await page.getByRole('button', { name: 'Grant access to functions' }).click();
    await page.getByText('This instance may call your functions').waitFor();
  });

  it('adds the entry with the misspelt service and its test answers the exact error', async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'Add function' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Region' }).selectOption('cn-hangzhou');
    await dialog.getByRole('combobox', { name: 'Service' }).fill('demo_service');
    await dialog.getByRole('combobox', { name: 'Function' }).fill('get_number_region');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: 'demo_service' });
    await row.getByRole('button', { name: 'Test' }).click();
    const test = page.getByRole('dialog');
    await test.getByRole('textbox', { name: 'Value' }).fill('13800138000');
    await test.getByRole('button', { name: 'Run test' }).click();
    await test.getByTestId('entry-test-error').getByText("service 'demo_service' does not exist").waitFor();
    await s.shot('integration-test-error');
    await test.getByRole('button', { name: 'Close' }).first().click();
  });

  it('edits the entry to demo-service and the test returns 北京北京', async () => {
    const { page } = s;
    const row = page.getByRole('row').filter({ hasText: 'demo_service' });
    await row.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Service' }).fill('demo-service');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page
      .getByRole('row')
      .filter({ hasText: 'demo-service' })
      .getByRole('button', { name: 'Test' })
      .click();
    const test = page.getByRole('dialog');
    await test.getByRole('textbox', { name: 'Value' }).fill('13800138000');
    await test.getByRole('button', { name: 'Run test' }).click();
    await test.getByTestId('run-result').filter({ hasText: '北京北京' }).waitFor();
    await s.shot('integration-test-ok');
    const entries = (await s.api('GET', '/v1/instances/seed/integration/functions')) as {
      functions: { service: string }[];
    };
    assert.deepEqual(
      entries.functions.map((e) => e.service),
      ['demo-service'],
    );
  });
});
