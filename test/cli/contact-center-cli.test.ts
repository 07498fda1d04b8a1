import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import YAML from 'yaml';
import { runCli, type ServerProcess, startServerProcess } from '../helpers/cli.js';
import { type LookupServer, startLookupServer } from '../helpers/lookup-server.js';
import { seedFlow } from '../helpers/seed-flow.js';
import { seedNode } from '../helpers/seed-functions.js';

describe("the seed's steps 3 and 4 with the CLI", () => {
  let data: string;
  let server: ServerProcess;
  let lookup: LookupServer;
  let env: Record<string, string>;
  const cli = async (...args: string[]) => {
    const res = await runCli(args, env);
    assert.equal(res.code, 0, `hotline ${args.join(' ')}: ${res.stderr}`);
    return res.stdout;
  };

  before(async () => {
    data = mkdtempSync(join(tmpdir(), 'hotline-cc-cli-'));
    lookup = await startLookupServer();
    server = await startServerProcess(['--port', '0', '--data', data]);
    env = { HOTLINE_URL: server.url, HOTLINE_DATA_DIR: data, HOTLINE_INSTANCE: 'demo' };
    const fnDir = join(data, 'src', 'get_number_region');
    mkdirSync(fnDir, { recursive: true });
    writeFileSync(join(fnDir, 'index.js'), seedNode);
    await cli(
      'fn',
      'deploy',
      fnDir,
      '--service',
      'demo-service',
      '--create-service',
      '--runtime',
      'nodejs20',
      '--env',
      `LOOKUP_URL=${lookup.url}`,
    );
  });
  after(async () => {
    await server.stop();
    await lookup.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('registers the function, tests the misspelt entry, fixes it, builds the flow and simulates calls', async () => {
    await cli('instance', 'create', 'demo');
    const early = await runCli(
      ['ivr-function', 'add', 'cn-hangzhou', 'demo_service', 'get_number_region'],
      env,
    );
    assert.equal(early.code, 1);
    assert.match(early.stderr, /grant it access first/);
    await cli('instance', 'grant-functions', 'demo');
    const added = await cli('ivr-function', 'add', 'cn-hangzhou', 'demo_service', 'get_number_region');
    const entryId = /added entry (\S+)/.exec(added)![1]!;

    const wrong = await runCli(['ivr-function', 'test', entryId, 'phone=13800138000'], env);
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stderr.trim(), "error: service 'demo_service' does not exist [ServiceNotFound]");
    await cli('ivr-function', 'edit', entryId, '--service', 'demo-service');
    assert.equal((await cli('ivr-function', 'test', entryId, 'phone=13800138000')).trim(), '北京北京');

    for (const g of ['北京客服组', '河北客服组', '上海客服组', '人工客服组']) await cli('group', 'create', g);
    await cli('agent', 'create', '1001', '--extension', '1001', '--skill', '北京客服组=8');
    await cli('agent', 'create', '1000', '--extension', '1000', '--skill', '人工客服组=5');

    const file = join(data, 'seed.yaml');
    writeFileSync(file, YAML.stringify(seedFlow(entryId)));
    const imported = await cli('flow', 'import', 'seed', file);
    assert.match(imported, /saved the draft of seed/);
    assert.match(await cli('flow', 'validate', 'seed'), /valid/);
    assert.match(await cli('flow', 'publish', 'seed', '--note', 'first'), /published seed version 1/);
    await cli('number', 'add', '4008001234', '--flow', 'seed');

    const out = await cli('call', 'simulate', '--number', '4008001234', '--ani', '13800138000');
    assert.match(out, /lookup\s+function\s+→ success/);
    assert.match(out, /region=北京北京/);
    assert.match(
      out,
      /outcome: \{"kind":"transferred","target":"skillGroup","skillGroup":"北京客服组","agent":"1001"\}/,
    );

    const unanswered = await cli(
      'call',
      'simulate',
      '--number',
      '4008001234',
      '--ani',
      '13800138000',
      '--unanswered',
      '1001',
      '--json',
    );
    const outcome = (JSON.parse(unanswered) as { outcome: { skillGroup: string } }).outcome;
    assert.equal(
      outcome.skillGroup,
      '人工客服组',
      'nobody in 北京客服组 answers: the queue times out to a human',
    );

    assert.match(await cli('agent', 'state', '1001', 'ready'), /agent 1001: ready/);
    assert.match(
      await cli('agent', 'state', '1001', 'notReady', '--reason', 'lunch'),
      /agent 1001: notReady \(lunch\)/,
    );
    const bad = await runCli(['agent', 'state', '1001', 'busy'], env);
    assert.equal(bad.code, 1);
  });
});
