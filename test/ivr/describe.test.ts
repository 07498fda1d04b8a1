/** describeModules(): one definition per type serves the API and the designer as plain JSON. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinModules, describeModules, moduleExits } from '../../src/ivr/index.js';
import { exitsFromConfig } from '../../src/ivr/module.js';

describe('module descriptions', () => {
  const described = describeModules();

  it('describes every built-in module in English and Chinese, as JSON', () => {
    assert.deepEqual(
      described.map((d) => d.type),
      builtinModules.map((d) => d.type),
    );
    for (const d of described) {
      assert.ok(
        d.title.en && d.title.zh && d.help.en && d.help.zh,
        `${d.type} has titles and help in both languages`,
      );
    }
    assert.deepEqual(JSON.parse(JSON.stringify(described)), described);
  });

  it('gives the config as JSON Schema, with template and variable fields marked', () => {
    const fn = described.find((d) => d.type === 'function')!;
    const properties = fn.configSchema['properties'] as Record<string, Record<string, unknown>>;
    assert.equal(fn.configSchema['type'], 'object');
    assert.equal(properties['outputVariable']?.['x-variable'], true);
    assert.equal(properties['timeoutSec']?.['default'], 5);
    const parameters = properties['parameters'] as {
      items: { properties: Record<string, Record<string, unknown>> };
    };
    assert.equal(parameters.items.properties['value']?.['x-template'], true);
  });

  it('lists fixed exits, or computes them from a config', () => {
    const fn = described.find((d) => d.type === 'function')!;
    assert.deepEqual('fixed' in fn.exits && fn.exits.fixed.map((e) => e.name), [
      'success',
      'failure',
      'timeout',
    ]);
    const menu = described.find((d) => d.type === 'menu')!;
    assert.ok('fromConfig' in menu.exits);
    const exits = moduleExits('menu', {
      prompt: { kind: 'prompt', promptId: 'p' },
      keys: [{ key: '1' }, { key: '#' }],
    });
    assert.deepEqual(exits.ok && exits.exits.map((e) => e.name), ['1', '#', 'timeout', 'invalid']);
    assert.deepEqual(moduleExits('fax', {}), { ok: false, reason: 'module type "fax" is not installed' });
  });

  it('serves config exits as a rule over the config schema, which computes what the engine does', () => {
    type Schema = { properties?: Record<string, Schema>; items?: Schema; type?: string };
    const withRules = described.flatMap((d) => ('perItem' in d.exits ? [{ d, rule: d.exits }] : []));
    assert.deepEqual(
      withRules.map(({ d }) => d.type),
      ['menu', 'condition'],
    );
    for (const { d, rule } of withRules) {
      const list = (d.configSchema as Schema).properties?.[rule.perItem.list];
      assert.equal(list?.type, 'array', `${d.type}: ${rule.perItem.list} is a list of the config`);
      const itemFields = Object.keys(list?.items?.properties ?? {});
      assert.ok(itemFields.includes(rule.perItem.name), `${d.type}: its items have ${rule.perItem.name}`);
      if (rule.perItem.label) assert.ok(itemFields.includes(rule.perItem.label));
    }
    const menuConfig = {
      prompt: { kind: 'prompt', promptId: 'p' },
      keys: [{ key: '1', label: 'Sales' }, { key: '2' }],
    };
    const menu = withRules.find(({ d }) => d.type === 'menu')!.rule;
    const engine = moduleExits('menu', menuConfig);
    assert.ok(engine.ok);
    assert.deepEqual(exitsFromConfig(JSON.parse(JSON.stringify(menu)), menuConfig), engine.exits);
    assert.deepEqual(engine.exits[0], { name: '1', required: true, help: { en: 'Sales', zh: 'Sales' } });
    // A config being edited (an item without its name yet, a repeated name) still has exits.
    assert.deepEqual(
      exitsFromConfig(menu, { keys: [{ key: '1' }, {}, { key: '1' }, { key: '' }] }).map((e) => e.name),
      ['1', 'timeout', 'invalid'],
    );
  });
});
