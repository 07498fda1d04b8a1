/** Importing flows from JSON or YAML text, and exporting them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportFlow, parseFlowText } from '../../src/ivr/index.js';
import { isHotlineError } from '../../src/shared/errors.js';
import { seedFlow } from './fixtures.js';

function failure(fn: () => unknown): {
  code: string;
  message: string;
  details: Record<string, unknown> | undefined;
} {
  try {
    fn();
  } catch (err) {
    if (isHotlineError(err)) return { code: err.code, message: err.message, details: err.details };
    throw err;
  }
  throw new Error('expected a failure');
}

describe('flow text', () => {
  it('round-trips through JSON and YAML', () => {
    const flow = seedFlow();
    assert.deepEqual(parseFlowText(exportFlow(flow, 'json')), flow);
    assert.deepEqual(parseFlowText(exportFlow(flow, 'yaml')), flow);
    assert.match(exportFlow(flow, 'yaml'), /skillGroupId: 北京客服组/);
  });

  it('accepts hand-written YAML and fills in defaults', () => {
    const flow = parseFlowText(
      [
        'name: 简单流程',
        'modules:',
        '  - id: start',
        '    type: start',
        '    exits: { next: bye }',
        '  - id: bye',
        '    type: hangup',
      ].join('\n'),
    );
    assert.deepEqual(flow.modules[1], { id: 'bye', type: 'hangup', config: {}, exits: {} });
    assert.deepEqual(flow.variables, []);
  });

  it('gives the line and column of a JSON syntax error', () => {
    const error = failure(() => parseFlowText('{\n  "name": "x",\n  "modules": [,]\n}'));
    assert.equal(error.code, 'IvrFlowSyntax');
    assert.deepEqual(error.details, { format: 'JSON', line: 3, column: 15 });
    assert.match(error.message, /^JSON syntax error at line 3, column 15: /);
  });

  it('gives the line and column of a YAML syntax error, and refuses duplicate keys', () => {
    const bad = failure(() => parseFlowText('name: x\nmodules:\n  - id: a\n   type: start'));
    assert.equal(bad.code, 'IvrFlowSyntax');
    assert.equal(bad.details?.['line'], 4);
    const dup = failure(() => parseFlowText('name: x\nname: y\nmodules: []'));
    assert.equal(dup.code, 'IvrFlowSyntax');
    assert.match(dup.message, /line 2, column 1: Map keys must be unique/);
  });

  it('lists every shape problem with its path', () => {
    const error = failure(() =>
      parseFlowText(
        JSON.stringify({ name: '', modules: [{ id: 'a b', type: 'start', exitz: {} }], extra: 1 }),
      ),
    );
    assert.equal(error.code, 'IvrFlowInvalid');
    const problems = error.details?.['problems'] as Array<{ code: string; path: unknown[] }>;
    assert.deepEqual(
      problems.map((p) => p.path.join('.')),
      ['name', 'modules.0.id', 'modules.0', ''],
    );
    assert.ok(problems.every((p) => p.code === 'FLOW_SCHEMA'));
  });
});
