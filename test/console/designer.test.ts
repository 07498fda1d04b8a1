import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  type ConsoleSession,
  createSeedFunction,
  downloadedText,
  repoRoot,
  skipReason,
  startConsole,
} from './harness.js';

const inst = '/v1/instances/seed';
const groups = ['北京客服组', '上海客服组', '人工客服组'];
const agents = [
  { loginName: '1001', extension: '1001', skills: [{ skillGroup: '北京客服组', level: 8 }] },
  { loginName: '1003', extension: '1003', skills: [{ skillGroup: '上海客服组', level: 8 }] },
  { loginName: '1000', extension: '1000', skills: [{ skillGroup: '人工客服组', level: 5 }] },
];

/**
 * Waits until the canvas stops moving: React Flow applies a fit or a centring on later animation
 * frames, so positions read right after the click can be stale on a loaded machine.
 */
async function canvasSettled(page: Page): Promise<void> {
  // A string: the test project has no DOM types.
  await page.waitForFunction(`new Promise((resolve) => {
    const viewport = document.querySelector('.react-flow__viewport');
    const before = viewport?.style.transform;
    let frames = 0;
    const next = () => (++frames < 4 ? requestAnimationFrame(next) : resolve(viewport?.style.transform === before));
    requestAnimationFrame(next);
  })`);
}

/** Presses the mouse on one element and releases it on another, moving in between (a real drag). */
async function mouseDrag(page: Page, from: Locator, to: Locator): Promise<void> {
  await canvasSettled(page);
  const a = await from.boundingBox();
  assert.ok(a, 'the start of the drag is on screen');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 20, a.y + a.height / 2 + 20, { steps: 4 });
  // The press landed on the handle: React Flow draws the connection line it drags.
  await page.locator('.react-flow__connectionline').waitFor();
  const b = await to.boundingBox();
  assert.ok(b, 'the end of the drag is on screen');
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** The canvas's own "fit view" control: every module in view. */
const fitView = async (page: Page) => {
  await page.locator('.react-flow__controls-fitview').click();
  await canvasSettled(page);
};
const node = (page: Page, id: string) => page.getByTestId(`rf__node-${id}`);
const field = (page: Page, path: string) =>
  page.getByTestId('property-panel').locator(`[data-field="${path}"]`);
const exit = (page: Page, name: string) =>
  page.getByTestId('property-panel').locator(`select[data-exit="${name}"]`);

describe('console: build, publish and test the seed flow in the designer (step 4)', {
  skip: skipReason,
}, () => {
  let s: ConsoleSession;
  before(async () => {
    s = await startConsole();
    await createSeedFunction(s);
    await s.api('POST', '/v1/instances', { name: 'seed' });
    await s.api('PUT', `${inst}/function-access`);
    await s.api('POST', `${inst}/integration/functions`, {
      region: 'cn-hangzhou',
      service: 'demo-service',
      function: 'get_number_region',
    });
    for (const name of groups) await s.api('POST', `${inst}/skill-groups`, { name });
    for (const a of agents) await s.api('POST', `${inst}/agents`, a);
  });
  after(async () => s?.close());

  it('creates a flow and opens it in the designer with the palette from the module definitions', async () => {
    const { page } = s;
    await s.open('/console/instances/seed/flows');
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Flow' }).fill('main');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Flow main' }).waitFor();
    const palette = page.getByRole('complementary', { name: 'Modules' });
    for (const title of ['Play', 'Function', 'Condition', 'Transfer to skill group'])
      await palette.getByRole('button', { name: title, exact: true }).waitFor();
    await node(page, 'start').waitFor();
  });

  it('drags Play from the palette and connects start to it by dragging the exit', async () => {
    const { page } = s;
    const palette = page.getByRole('complementary', { name: 'Modules' });
    await palette
      .getByRole('button', { name: 'Play', exact: true })
      .dragTo(page.getByTestId('flow-canvas'), { targetPosition: { x: 160, y: 120 } });
    await node(page, 'play_1').waitFor();
    await field(page, 'prompt.kind').selectOption('tts');
    await field(page, 'prompt.text').fill('欢迎致电，正在为您转接');
    await mouseDrag(
      page,
      node(page, 'start').locator('.react-flow__handle[data-handleid="next"]'),
      node(page, 'play_1').locator('.react-flow__handle[data-handleid="in"]'),
    );
    await page.getByTestId('rf__edge-start:next').waitFor();
  });

  it('adds the function module and fills its panel: entry, phone=${ANI}, output region', async () => {
    const { page } = s;
    const palette = page.getByRole('complementary', { name: 'Modules' });
    await palette.getByRole('button', { name: 'Function', exact: true }).click();
    await node(page, 'function_1').waitFor();
    await field(page, '__name').fill('号码归属地');
    const entry = field(page, 'function');
    await entry.selectOption({ label: 'cn-hangzhou / demo-service / get_number_region (latest)' });
    await page.getByTestId('property-panel').locator('[data-add="parameters"]').click();
    await field(page, 'parameters.0.name').fill('phone');
    await field(page, 'parameters.0.value').fill('${ANI}');
    await field(page, 'outputVariable').fill('region');
    // Connect play → function with a second real drag (both in view first).
    await fitView(page);
    await mouseDrag(
      page,
      node(page, 'play_1').locator('.react-flow__handle[data-handleid="next"]'),
      node(page, 'function_1').locator('.react-flow__handle[data-handleid="in"]'),
    );
    await page.getByTestId('rf__edge-play_1:next').waitFor();
  });

  it('adds the condition with a rule per region, and the transfers', async () => {
    const { page } = s;
    const palette = page.getByRole('complementary', { name: 'Modules' });
    await palette.getByRole('button', { name: 'Condition', exact: true }).click();
    await node(page, 'condition_1').waitFor();
    const rules = [
      ['beijing', '北京'],
      ['shanghai', '上海'],
    ] as const;
    for (const [i, [name, value]] of rules.entries()) {
      if (i > 0) await page.getByTestId('property-panel').locator('[data-add="rules"]').click();
      await field(page, `rules.${i}.name`).fill(name);
      await field(page, `rules.${i}.conditions.0.variable`).fill('region');
      await field(page, `rules.${i}.conditions.0.operator`).selectOption('contains');
      await field(page, `rules.${i}.conditions.0.value`).fill(value);
    }
    await node(page, 'condition_1').locator('.react-flow__handle[data-handleid="shanghai"]').waitFor();

    for (const [i, group] of groups.entries()) {
      await palette.getByRole('button', { name: 'Transfer to skill group', exact: true }).click();
      const id = `transfer_to_skill_group_${i + 1}`;
      await node(page, id).waitFor();
      await field(page, 'skillGroupId').fill(group);
    }
  });

  it('connects the remaining exits with the panels, saves and publishes', async () => {
    const { page } = s;
    await fitView(page);
    const connect = async (module: string, name: string, target: string) => {
      await node(page, module).click();
      await exit(page, name).selectOption(target);
      await page.getByTestId(`rf__edge-${module}:${name}`).waitFor();
    };
    await connect('function_1', 'success', 'condition_1');
    await connect('function_1', 'failure', 'transfer_to_skill_group_3');
    await connect('condition_1', 'beijing', 'transfer_to_skill_group_1');
    await connect('condition_1', 'shanghai', 'transfer_to_skill_group_2');
    await connect('condition_1', 'default', 'transfer_to_skill_group_3');
    await s.shot('designer-built');

    await page.getByRole('button', { name: 'Publish' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish' });
    await dialog.getByRole('textbox', { name: 'Note' }).fill('from the console');
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published version 1.').waitFor();
    const flow = (await s.api('GET', `${inst}/flows/main`)) as {
      publishedVersion: number;
      problems: { severity: string }[];
    };
    assert.equal(flow.publishedVersion, 1);
    assert.deepEqual(
      flow.problems.filter((p) => p.severity === 'error'),
      [],
    );
  });

  for (const [ani, group] of [
    ['13800138000', '北京客服组'],
    ['02112345678', '上海客服组'],
  ] as const) {
    it(`simulates a call from ${ani}: the trace ends in ${group}`, async () => {
      const { page } = s;
      await page.getByRole('tab', { name: 'Test' }).click();
      await page.getByLabel('Caller number (ANI)').fill(ani);
      await page.getByRole('button', { name: 'Simulate call' }).click();
      await page
        .getByTestId('call-outcome')
        .filter({ hasText: `Transferred to skill group ${group}` })
        .waitFor();
      const steps = page.getByRole('list', { name: 'Steps' }).locator('.trace-step-head');
      assert.deepEqual(await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-module'))), [
        'start',
        'play_1',
        'function_1',
        'condition_1',
        group === '北京客服组' ? 'transfer_to_skill_group_1' : 'transfer_to_skill_group_2',
      ]);
      await steps.nth(2).click();
      await page
        .getByTestId('trace-function-result')
        .filter({ hasText: group.slice(0, 2) })
        .waitFor();
      assert.match((await page.getByTestId('trace-request-id').textContent()) ?? '', /^[0-9a-f-]{36}$/);
      await node(page, 'function_1').locator('.step-badge').waitFor();
      await s.shot(group === '北京客服组' ? 'designer-trace-beijing' : 'designer-trace-shanghai');
    });
  }

  it('saves the last call as a test case and runs the test cases: passed', async () => {
    const { page } = s;
    const cases = page.getByRole('region', { name: 'Test cases' });
    await cases.getByRole('textbox', { name: 'Save this call as a test case' }).fill('shanghai caller');
    await cases.getByRole('button', { name: 'Save' }).click();
    await cases.getByText('shanghai caller').waitFor();
    await cases.getByRole('button', { name: 'Run all' }).click();
    await page.getByTestId('test-case-summary').filter({ hasText: '1 passed, 0 failed' }).waitFor();
  });

  it('exports the flow as YAML', async () => {
    const { page } = s;
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export YAML' }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), 'main.yaml');
    const text = await downloadedText(file);
    assert.match(text, /type: function/);
    assert.match(text, /skillGroupId: 上海客服组/);
  });

  it('imports a YAML flow, lists its problems before publishing, publishes it, and rolls back', async () => {
    const { page } = s;
    await page.getByTestId('import-file').setInputFiles({
      name: 'seed.yaml',
      mimeType: 'text/yaml',
      buffer: readFileSync(join(repoRoot, 'demo', 'flows', 'seed.yaml')),
    });
    await page.getByText('Imported seed.yaml as the draft.').waitFor();
    await node(page, 'route').waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Fix 1 error before publishing').waitFor();
    const problems = page.getByRole('region', { name: 'Problems' });
    await problems.getByText('skill group 河北客服组 does not exist').waitFor();
    await s.api('POST', `${inst}/skill-groups`, { name: '河北客服组' });
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('dialog', { name: 'Publish' }).getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published version 2.').waitFor();

    await page.getByRole('button', { name: 'Versions' }).click();
    const versions = page.getByRole('dialog', { name: 'Versions' });
    await versions
      .getByRole('row')
      .filter({ hasText: 'from the console' })
      .getByRole('button', { name: 'Roll back' })
      .click();
    await page.getByRole('dialog', { name: 'Roll back' }).getByRole('button', { name: 'Roll back' }).click();
    await page.getByText('Rolled back: version 3 is live and is the draft.').waitFor();
    await node(page, 'function_1').waitFor();
    const flow = (await s.api('GET', `${inst}/flows/main`)) as { publishedVersion: number };
    assert.equal(flow.publishedVersion, 3);
  });

  it('shows the designer in Chinese', async () => {
    const { page } = s;
    await page.getByRole('tab', { name: 'Properties' }).click();
    await node(page, 'function_1').click();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page
      .getByRole('complementary', { name: '模块' })
      .getByRole('button', { name: '转技能组' })
      .waitFor();
    await page.getByTestId('property-panel').getByText('输出参数', { exact: true }).waitFor();
    await s.shot('designer-zh');
  });
});
