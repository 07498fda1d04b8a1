import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startServerProcess } from '../helpers/cli.js';

/**
 * Nothing acknowledged is lost: writes go on while the server is killed with SIGKILL; after a restart
 * every write the API answered 2xx for is there.
 */
describe('durability across kill -9', () => {
  it('keeps every acknowledged write', async () => {
    const data = mkdtempSync(join(tmpdir(), 'hotline-crash-'));
    try {
      let server = await startServerProcess(['--port', '0', '--data', data]);
      const key = readFileSync(join(data, 'root-api-key'), 'utf8').trim();
      const call = async (url: string, method: string, path: string, body?: unknown) =>
        fetch(url + path, {
          method,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
      const base = '/v1/regions/cn-hangzhou/services';
      const acknowledged: string[] = [];
      let killed = false;
      const writer = async (w: number) => {
        for (let i = 0; !killed; i++) {
          const name = `w${w}-${i}`;
          try {
            const res = await call(server.url, 'POST', base, { name, description: name });
            if (res.status === 201) acknowledged.push(name);
          } catch {
            return; // the connection died with the server
          }
        }
      };
      const writers = [0, 1, 2, 3].map(writer);
      while (acknowledged.length < 200) await new Promise((r) => setImmediate(r));
      killed = true;
      await server.stop('SIGKILL');
      await Promise.all(writers);

      server = await startServerProcess(['--port', '0', '--data', data]);
      const res = await call(server.url, 'GET', base);
      const names = new Set(
        ((await res.json()) as { services: { name: string }[] }).services.map((e) => e.name),
      );
      await server.stop();
      const lost = acknowledged.filter((n) => !names.has(n));
      assert.deepEqual(lost, [], `${lost.length} acknowledged writes were lost`);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
