import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configSchema, describeEnvironment, loadConfig } from '../../src/config/config.js';
import { packageRoot } from '../../src/shared/paths.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({ env: {} });
    assert.equal(c.http.port, 8080);
    assert.ok(c.dataDir.endsWith('/data'));
    assert.equal(c.functions.sandbox, 'bwrap');
    assert.ok(c.regions.some((r) => r.id === 'cn-hangzhou'));
  });

  it('reads a file, then the environment, then flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-config-'));
    const file = join(dir, 'hotline.yaml');
    writeFileSync(file, 'http:\n  port: 9000\n  host: 0.0.0.0\nfunctions:\n  defaultMemoryMb: 256\n');
    const fromFile = loadConfig({ file, env: {} });
    assert.equal(fromFile.http.port, 9000);
    assert.equal(fromFile.functions.defaultMemoryMb, 256);
    const fromEnv = loadConfig({ file, env: { HOTLINE_PORT: '9100' } });
    assert.equal(fromEnv.http.port, 9100);
    assert.equal(fromEnv.http.host, '0.0.0.0', 'keys not set by the environment keep the file value');
    const fromFlags = loadConfig({
      file,
      env: { HOTLINE_PORT: '9100' },
      overrides: { http: { port: 9200 } },
    });
    assert.equal(fromFlags.http.port, 9200);
  });

  it('rejects bad values with the key that is wrong', () => {
    assert.throws(() => loadConfig({ env: { HOTLINE_PORT: 'eighty' } }), /http\.port/);
    const dir = mkdtempSync(join(tmpdir(), 'hotline-config-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'htp:\n  port: 1\n');
    assert.throws(() => loadConfig({ file, env: {} }), /htp/);
    writeFileSync(file, 'http: [unclosed\n');
    assert.throws(() => loadConfig({ file, env: {} }), /not valid YAML/);
  });

  it('documents every key and environment variable in docs/configuration.md', () => {
    const doc = readFileSync(join(packageRoot, 'docs/configuration.md'), 'utf8');
    const keys: string[] = [];
    const walk = (shape: Record<string, unknown>, prefix: string) => {
      for (const [k, v] of Object.entries(shape)) {
        const inner = unwrap(v);
        const sub = (inner as { shape?: Record<string, unknown> }).shape;
        if (sub && (inner as { type?: string }).type === 'object') walk(sub, `${prefix}${k}.`);
        else keys.push(`${prefix}${k}`);
      }
    };
    walk(configSchema.shape as unknown as Record<string, unknown>, '');
    for (const key of keys)
      assert.ok(doc.includes(`\`${key}\``), `docs/configuration.md does not document ${key}`);
    for (const name of describeEnvironment())
      assert.ok(doc.includes(`\`${name}\``), `docs/configuration.md does not document ${name}`);
  });
});

function unwrap(v: unknown): unknown {
  let cur = v as { def?: { innerType?: unknown }; type?: string };
  for (let i = 0; i < 5 && cur?.def?.innerType; i++) cur = cur.def.innerType as typeof cur;
  return cur;
}
