import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, type ServerProcess, startServerProcess } from '../helpers/cli.js';
import { type LookupServer, startLookupServer } from '../helpers/lookup-server.js';
import { seedNode, seedPython } from '../helpers/seed-functions.js';

describe('the hotline CLI against a running server', () => {
  let data: string;
  let server: ServerProcess;
  let lookup: LookupServer;
  let env: Record<string, string>;

  before(async () => {
    data = mkdtempSync(join(tmpdir(), 'hotline-cli-'));
    lookup = await startLookupServer();
    server = await startServerProcess(['--port', '0', '--data', data]);
    env = { HOTLINE_URL: server.url, HOTLINE_DATA_DIR: data, HOTLINE_API_KEY: '' };
  });
  after(async () => {
    await server.stop();
    await lookup.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('prints the root key once on first start and keeps it in a 0600 file', async () => {
    const key = readFileSync(join(data, 'root-api-key'), 'utf8').trim();
    assert.ok(server.banner.includes(key), 'the banner shows the key');
    assert.equal(statSync(join(data, 'root-api-key')).mode & 0o777, 0o600);
    const who = await runCli(['whoami', '--data', data], { HOTLINE_URL: server.url });
    assert.equal(who.code, 0, who.stderr);
    assert.match(who.stdout, /account root, user owner \(system administrator\)/);
  });

  for (const [runtime, code, file] of [
    ['python3', seedPython, 'index.py'],
    ['nodejs20', seedNode, 'index.js'],
  ] as const) {
    it(`deploys a folder and runs saved events (${runtime})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hotline-fn-'));
      const fnDir = join(dir, 'get_number_region');
      mkdirSync(fnDir);
      writeFileSync(join(fnDir, file), code);
      const service = `svc-${runtime.replace(/\d+/, '')}`;
      const created = await runCli(['service', 'create', service], env);
      assert.equal(created.code, 0, created.stderr);

      const deploy = await runCli(
        [
          'fn',
          'deploy',
          fnDir,
          '--service',
          service,
          '--runtime',
          runtime,
          '--env',
          `LOOKUP_URL=${lookup.url}`,
        ],
        env,
      );
      assert.equal(deploy.code, 0, deploy.stderr);
      assert.match(deploy.stdout, /created .*get_number_region: version 1/);

      const fn = `${service}/get_number_region`;
      const empty = await runCli(['fn', 'invoke', fn], env);
      assert.equal(empty.code, 0, empty.stderr);
      assert.equal(empty.stdout.trim(), 'null');

      assert.equal(
        (await runCli(['fn', 'event', 'save', fn, 'phone', '--payload', '{"phone":"13800138000"}'], env))
          .code,
        0,
      );
      const run = await runCli(['fn', 'event', 'run', fn, 'phone'], env);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout.trim(), '北京北京');

      const json = await runCli(['fn', 'invoke', fn, '--event', 'phone', '--json'], env);
      const summary = JSON.parse(json.stdout) as { result: string; requestId: string };
      assert.equal(summary.result, '北京北京');

      const logs = await runCli(['fn', 'logs', fn, '--json'], env);
      const ids = (JSON.parse(logs.stdout) as { invocations: { requestId: string }[] }).invocations.map(
        (i) => i.requestId,
      );
      assert.ok(ids.includes(summary.requestId));

      writeFileSync(
        join(fnDir, file),
        code
          .replace('province + data["city"]', 'province')
          .replace('data.province + data.city', 'data.province'),
      );
      const redeploy = await runCli(['fn', 'deploy', fnDir, '--service', service], env);
      assert.match(redeploy.stdout, /updated .*version 2/);
      rmSync(dir, { recursive: true, force: true });
    });
  }

  it('shows API errors as one line with their code and exits 1', async () => {
    const res = await runCli(['fn', 'invoke', 'demo_service/get_number_region'], env);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /error: service 'demo_service' does not exist \[ServiceNotFound\]/);
    const badAddress = await runCli(['fn', 'invoke', 'no-slash'], env);
    assert.notEqual(badAddress.code, 0);
    assert.match(badAddress.stderr, /expected <service>\/<function>/);
  });

  it('manages sub-users and their keys', async () => {
    const created = await runCli(
      ['user', 'create', 'ops', '--policy', 'FCReadOnlyAccess', '--with-key', '--json'],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    const token = (JSON.parse(created.stdout) as { apiKey: { token: string } }).apiKey.token;
    const denied = await runCli(['service', 'create', 'nope', '--key', token], { HOTLINE_URL: server.url });
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /fc:CreateService/);
  });
});

describe('hotline serve', () => {
  it('refuses a bad flag value with a clear message', async () => {
    const data = mkdtempSync(join(tmpdir(), 'hotline-cli-'));
    const res = await runCli(['serve', '--port', 'eighty', '--data', data]);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /invalid port 'eighty'/);
    rmSync(data, { recursive: true, force: true });
  });
});
