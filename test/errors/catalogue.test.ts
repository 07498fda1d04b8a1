import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { errorCatalogue } from '../../src/shared/errors.js';
import { packageRoot } from '../../src/shared/paths.js';

/** Every module that declares error codes, found by what it contains (so a new one cannot be missed). */
async function loadAllErrorModules(): Promise<void> {
  const srcRoot = join(packageRoot, 'dist/src');
  const sourceRoot = join(packageRoot, 'src');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  for (const file of walk(sourceRoot)) {
    if (!readFileSync(file, 'utf8').includes('defineErrors(')) continue;
    const compiled = file.replace(sourceRoot, srcRoot).replace(/\.ts$/, '.js');
    const runningFromSource = import.meta.url.endsWith('.ts');
    await import(pathToFileURL(runningFromSource ? file : compiled).href);
  }
}

describe('the error catalogue', () => {
  it('documents every error code with its HTTP status in docs/errors.md', async () => {
    await loadAllErrorModules();
    const doc = readFileSync(join(packageRoot, 'docs/errors.md'), 'utf8');
    const missing: string[] = [];
    for (const [code, def] of errorCatalogue()) {
      const row = new RegExp(`^\\| \`${code}\` \\| ${def.status} \\|`, 'm');
      if (!row.test(doc)) missing.push(`${code} (${def.status})`);
    }
    assert.deepEqual(missing, [], `docs/errors.md lacks rows for: ${missing.join(', ')}`);
    assert.ok(errorCatalogue().size > 30);
  });
});
