import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, type ServerProcess, startServerProcess } from '../helpers/cli.js';

describe('the demo of `npm start`', () => {
  let data: string;
  let server: ServerProcess;
  let env: Record<string, string>;
  before(async () => {
    data = mkdtempSync(join(tmpdir(), 'hotline-demo-'));
    server = await startServerProcess(['--port', '0', '--data', data, '--demo']);
    env = { HOTLINE_URL: server.url, HOTLINE_DATA_DIR: data };
  });
  after(async () => {
    await server.stop();
    rmSync(data, { recursive: true, force: true });
  });

  it("answers the seed function's saved events from its own table", async () => {
    for (const [event, region] of [
      ['beijing-mobile', '北京北京'],
      ['shanghai-fixed', '上海上海'],
      ['hebei-fixed', '河北石家庄'],
      ['empty', 'null'],
    ]) {
      const res = await runCli(
        ['fn', 'event', 'run', 'demo-service/get_number_region', event!, '--quiet'],
        env,
      );
      assert.equal(res.code, 0, res.stderr);
      assert.equal(res.stdout.trim(), region);
    }
  });

  it('routes simulated callers of the demo number to the group of their region', async () => {
    for (const [ani, group] of [
      ['13800138000', '北京客服组'],
      ['031187654321', '河北客服组'],
      ['02112345678', '上海客服组'],
      ['07551234567', '人工客服组'],
    ]) {
      const res = await runCli(
        ['call', 'simulate', '--instance', 'demo', '--number', '4008001234', '--ani', ani!, '--json'],
        env,
      );
      assert.equal(res.code, 0, res.stderr);
      assert.equal((JSON.parse(res.stdout) as { outcome: { skillGroup: string } }).outcome.skillGroup, group);
    }
  });

  it('keeps the demo as the user changed it across a restart', async () => {
    await runCli(
      [
        'fn',
        'event',
        'save',
        'demo-service/get_number_region',
        'mine',
        '--payload',
        '{"phone":"01012345678"}',
      ],
      env,
    );
    await server.stop();
    server = await startServerProcess(['--port', '0', '--data', data, '--demo']);
    env = { HOTLINE_URL: server.url, HOTLINE_DATA_DIR: data };
    const res = await runCli(
      ['fn', 'event', 'run', 'demo-service/get_number_region', 'mine', '--quiet'],
      env,
    );
    assert.equal(res.stdout.trim(), '北京北京');
  });
});
