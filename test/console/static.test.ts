import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Fastify from 'fastify';
import { consoleStatic } from '../../src/api/console-static.js';

describe('serving the built console', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-console-dist-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const appWith = async (dist: string) => {
    const app = Fastify();
    await app.register(consoleStatic, { dist });
    return app;
  };

  it('says how to build it when console/dist is missing', async () => {
    const app = await appWith(join(dir, 'missing'));
    for (const url of ['/', '/console/functions']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 503);
      assert.match(String(res.headers['content-type']), /^text\/plain/);
      assert.match(res.body, /npm run build/);
    }
    await app.close();
  });

  it('answers the page at / and at every client route, and the hashed assets for good', async () => {
    const dist = join(dir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    const app = await appWith(dist);
    for (const url of ['/', '/console', '/console/instances/demo/flows/seed']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(res.body, /id="root"/);
    }
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers['cache-control']), /immutable/);
    assert.equal((await app.inject({ url: '/assets/nope.js' })).statusCode, 404);
    await app.close();
  });
});
