import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/database.js';

/**
 * Group commit loses nothing it acknowledged: a process writing through store.writes (the SQLite
 * writer thread) is killed with SIGKILL mid-stream; every write it had seen acknowledged is there
 * after a reopen.
 */
describe('group-committed writes across kill -9', () => {
  it('keeps every acknowledged write', async () => {
    const data = mkdtempSync(join(tmpdir(), 'hotline-group-commit-'));
    try {
      // Built (npm test) the writer is a .js file; run from source, a .ts file run by tsx.
      const fromSource = import.meta.url.endsWith('.ts');
      const writer = fileURLToPath(
        new URL(`./group-commit-writer.${fromSource ? 'ts' : 'js'}`, import.meta.url),
      );
      const child = spawn(process.execPath, [...(fromSource ? ['--import', 'tsx'] : []), writer, data], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const acknowledged: string[] = [];
      let partial = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        acknowledged.push(...lines);
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      while (acknowledged.length < 2000) await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGKILL');
      await exited;

      const store = await openStore({ dataDir: data });
      try {
        const rows = await store.db.selectFrom('settings').select('key').where('key', 'like', 'k%').execute();
        const kept = new Set(rows.map((r) => r.key));
        const lost = acknowledged.filter((k) => !kept.has(k));
        assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged writes were lost`);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
