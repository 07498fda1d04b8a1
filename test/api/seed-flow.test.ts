import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHotline, type TestHotline } from '../helpers/hotline.js';
import { type LookupServer, startLookupServer } from '../helpers/lookup-server.js';
import { seedAgents, seedFlow, seedGroups } from '../helpers/seed-flow.js';
import { seedPython } from '../helpers/seed-functions.js';

interface Simulated {
  callId: string;
  outcome: { kind: string; target?: string; skillGroup?: string; agent?: string };
  variables: Record<string, string>;
  trace: { steps: { moduleId: string; exit?: string; detail?: Record<string, unknown> }[] };
  flow: { name: string; version: number | null };
}

/** The flow's limit on the lookup, below the function's own: a hanging API takes the timeout exit. */
const fasterThanTheFunction = { lookupTimeoutSec: 1.5 };
const inst = '/v1/instances/seed';

describe('the seed scenario (steps 3 and 4) with simulated calls', () => {
  let h: TestHotline;
  let lookup: LookupServer;
  let entryId: string;

  before(async () => {
    h = await startTestHotline();
    lookup = await startLookupServer();
    const ok = async (method: string, path: string, body?: unknown) => {
      const res = await h.request(method, path, body);
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
      return res.json;
    };
    await ok('POST', '/v1/regions/cn-hangzhou/services', { name: 'demo-service' });
    await ok('POST', '/v1/regions/cn-hangzhou/services/demo-service/functions', {
      name: 'get_number_region',
      runtime: 'python3',
      environmentVariables: { LOOKUP_URL: lookup.url },
      code: { files: { 'index.py': seedPython } },
    });
    await ok('POST', '/v1/instances', { name: 'seed' });
    await ok('PUT', `${inst}/function-access`);
    entryId = (
      (await ok('POST', `${inst}/integration/functions`, {
        region: 'cn-hangzhou',
        service: 'demo-service',
        function: 'get_number_region',
      })) as { id: string }
    ).id;
    for (const name of seedGroups) await ok('POST', `${inst}/skill-groups`, { name });
    for (const a of seedAgents) await ok('POST', `${inst}/agents`, a);
    await ok('POST', `${inst}/flows`, { name: 'seed', definition: seedFlow(entryId, fasterThanTheFunction) });
    const published = (await ok('POST', `${inst}/flows/seed/publish`, { note: 'first' })) as {
      version: number;
    };
    assert.equal(published.version, 1);
    await ok('POST', `${inst}/numbers`, { number: '4008001234', flow: 'seed' });
  });
  after(async () => {
    await h.close();
    await lookup.close();
  });

  const call = async (ani: string, extra: Record<string, unknown> = {}) => {
    const res = await h.request('POST', `${inst}/calls/simulate`, { number: '4008001234', ani, ...extra });
    assert.equal(res.status, 200, res.text);
    return res.json as Simulated;
  };

  for (const [ani, group, agent] of [
    ['13800138000', '北京客服组', '1001'],
    ['031187654321', '河北客服组', '1002'],
    ['02112345678', '上海客服组', '1003'],
  ] as const) {
    it(`routes a caller from ${ani} to ${group}`, async () => {
      const sim = await call(ani);
      assert.deepEqual(sim.outcome, { kind: 'transferred', target: 'skillGroup', skillGroup: group, agent });
      assert.deepEqual(
        sim.trace.steps.map((s) => s.moduleId),
        [
          'start',
          'welcome',
          'lookup',
          'route',
          `to-${group === '北京客服组' ? 'beijing' : group === '河北客服组' ? 'hebei' : 'shanghai'}`,
        ],
      );
      const fnStep = sim.trace.steps.find((s) => s.moduleId === 'lookup')!;
      assert.equal(fnStep.exit, 'success');
      assert.ok(
        JSON.stringify(fnStep.detail).includes('requestId'),
        'the function step names its request id',
      );
      assert.equal(sim.flow.version, 1);
    });
  }

  it('keeps the trace of a call readable afterwards', async () => {
    const sim = await call('13800138000');
    const rec = await h.request('GET', `${inst}/calls/${sim.callId}`);
    const view = rec.json as {
      status: string;
      outcome: { skillGroup: string };
      trace: { steps: unknown[] };
      variables: Record<string, string>;
    };
    assert.equal(view.status, 'ended');
    assert.equal(view.outcome.skillGroup, '北京客服组');
    assert.equal(view.trace.steps.length, 5);
    assert.equal(view.variables['region'], '北京北京');
    const list = (await h.request('GET', `${inst}/calls`)).json as { calls: { id: string }[] };
    assert.ok(list.calls.some((c) => c.id === sim.callId));
  });

  it('exports call records as CSV', async () => {
    await call('13800138000');
    const res = await fetch(`${h.url}${inst}/calls.csv`, {
      headers: { authorization: `Bearer ${h.rootKey}` },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    assert.equal(
      lines[0],
      'id,channel,ani,dnis,flow,flow_version,started_at,answered_at,ended_at,duration_s,disposition,hangup_by,hangup_cause,outcome,trunk,sip_call_id,skill_group,agent,queue_s,ring_attempts,talk_s,parties',
    );
    const row = lines.find((l) => l.includes(',13800138000,'));
    assert.ok(row?.includes('"{""kind"":""transferred""'), 'the outcome is a quoted JSON field');
    assert.ok(row?.includes(',simulated,') && row.includes(',seed,1,'));
  });

  it('sends the caller to a human when the lookup API fails, answers nothing usable, or is slow', async () => {
    lookup.mode = 'fail';
    try {
      const failed = await call('13800138000');
      assert.equal(failed.outcome.skillGroup, '人工客服组');
      assert.equal(failed.trace.steps.find((s) => s.moduleId === 'lookup')?.exit, 'failure');
    } finally {
      lookup.mode = 'ok';
    }
    const unknown = await call('09999999999'); // the API knows no region: the function returns nothing
    assert.equal(unknown.outcome.skillGroup, '人工客服组');
    lookup.mode = 'hang';
    try {
      const slow = await call('13800138000');
      assert.equal(slow.outcome.skillGroup, '人工客服组');
      assert.equal(slow.trace.steps.find((s) => s.moduleId === 'lookup')?.exit, 'timeout');
    } finally {
      lookup.mode = 'ok';
    }
  });

  it('offers the call to the next agent when the first does not answer, and overflows when nobody is there', async () => {
    await h.request('POST', `${inst}/agents`, {
      loginName: '1011',
      extension: '1011',
      skills: [{ skillGroup: '北京客服组', level: 10 }],
    });
    const next = await call('13800138000', { agents: { '1011': { answers: false } } });
    assert.equal(next.outcome.agent, '1001', 'the best agent (1011) did not answer, so 1001 took it');
    const best = await call('13800138000');
    assert.equal(best.outcome.agent, '1011', 'the best skilled agent is offered the call first');
    const nobody = await call('13800138000', {
      agents: { '1001': { state: 'offline' }, '1011': { state: 'offline' } },
    });
    assert.equal(
      nobody.outcome.skillGroup,
      '人工客服组',
      'with nobody in 北京客服组 the call overflows to a human',
    );
  });

  it('runs drafts before they are published, and numbers keep the published version', async () => {
    const draft = seedFlow(entryId, fasterThanTheFunction);
    draft.modules.find((m) => m.id === 'to-beijing')!.config = {
      skillGroupId: '人工客服组',
      queueTimeoutSec: 60,
    };
    assert.equal((await h.request('PUT', `${inst}/flows/seed/draft`, draft)).status, 200);
    const viaNumber = await call('13800138000');
    assert.equal(viaNumber.outcome.skillGroup, '北京客服组', 'the number runs the published version');
    const res = await h.request('POST', `${inst}/calls/simulate`, {
      flow: 'seed',
      draft: true,
      ani: '13800138000',
    });
    assert.equal((res.json as Simulated).outcome.skillGroup, '人工客服组');
    assert.equal((res.json as Simulated).flow.version, null);
    await h.request('POST', `${inst}/flows/seed/publish`, {});
    assert.equal((await call('13800138000')).outcome.skillGroup, '人工客服组');
    const back = await h.request('POST', `${inst}/flows/seed/rollback`, { version: 1 });
    assert.equal((back.json as { version: number }).version, 3);
    const rolledBack = await call('13800138000');
    assert.equal(rolledBack.outcome.skillGroup, '北京客服组', JSON.stringify(rolledBack.trace.steps));
  });

  it('refuses to publish an invalid flow and lists every problem with its module', async () => {
    const bad = seedFlow(entryId, fasterThanTheFunction);
    bad.modules.push({ id: 'lost', type: 'hangup' } as never);
    bad.modules.push({ id: 'odd', type: 'teleport', exits: { next: 'bye' } } as never);
    const lookupModule = bad.modules.find((m) => m.id === 'lookup')!;
    lookupModule.config = {
      ...(lookupModule.config as object),
      function: { entryId: 'ivrfn_missing' },
      multiParameter: true,
      mappings: [
        { variable: 'region', key: 'a' },
        { variable: 'city', key: 'b' },
        { variable: 'city', key: 'c' },
      ],
    } as never;
    lookupModule.exits = { success: 'route', failure: 'nowhere' };
    await h.request('POST', `${inst}/flows`, { name: 'broken', definition: bad });
    const res = await h.request('POST', `${inst}/flows/broken/publish`, {});
    assert.equal(res.status, 400);
    const problems = (res.json as { details: { problems: { code: string; moduleId?: string }[] } }).details
      .problems;
    const codes = new Set(problems.map((p) => p.code));
    for (const code of [
      'UNKNOWN_MODULE_TYPE',
      'EXIT_TARGET_MISSING',
      'UNREACHABLE_MODULE',
      'FUNCTION_ENTRY_NOT_FOUND',
      'MULTI_PARAMETER_DUPLICATE',
      'MULTI_PARAMETER_IS_OUTPUT',
    ]) {
      assert.ok(codes.has(code), `expected ${code} among ${[...codes].join(', ')}`);
    }
    assert.ok(problems.some((p) => p.code === 'UNKNOWN_MODULE_TYPE' && p.moduleId === 'odd'));
  });

  it('runs saved test cases against the draft', async () => {
    await h.request('PUT', `${inst}/flows/seed/draft`, seedFlow(entryId, fasterThanTheFunction));
    const save = async (name: string, ani: string, group: string) =>
      h.request('POST', `${inst}/flows/seed/test-cases`, {
        name,
        call: { ani },
        expect: { outcome: { kind: 'transferred', skillGroup: group } },
      });
    assert.equal((await save('beijing', '13800138000', '北京客服组')).status, 201);
    assert.equal((await save('shanghai', '02112345678', '上海客服组')).status, 201);
    assert.equal((await save('wrong on purpose', '02112345678', '北京客服组')).status, 201);
    const run = await h.request('POST', `${inst}/flows/seed/test-cases/run`, {});
    const report = run.json as {
      passed: number;
      failed: number;
      reports: { name: string; passed: boolean }[];
    };
    assert.equal(report.passed, 2);
    assert.equal(report.failed, 1);
    assert.equal(report.reports.find((r) => !r.passed)?.name, 'wrong on purpose');
  });
});
