import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { describeModules } from '../../src/ivr/describe.js';
import { renderModuleDocs } from '../../src/ivr/module-docs.js';
import { packageRoot } from '../../src/shared/paths.js';

describe('docs/ivr-modules.md', () => {
  it('is what the module definitions say (run `npm run docs` after changing a module)', () => {
    const doc = readFileSync(join(packageRoot, 'docs/ivr-modules.md'), 'utf8');
    assert.equal(doc, renderModuleDocs());
    for (const m of describeModules()) assert.ok(doc.includes(`## \`${m.type}\``), `${m.type} is documented`);
  });
});
