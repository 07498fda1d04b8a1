/**
 * The seed scenario end to end through the real engine, with a fake region lookup: callers land
 * in their region's group; a failing, empty or slow function sends them to a human.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateFlow } from '../../src/ivr/index.js';
import { fakeFunctions, regionLookup, SEED_ENTRY, seedFlow } from './fixtures.js';
import { runCall, visited } from './run-call.js';

describe('seed flow: route by the region of the caller number', () => {
  it('is valid against the instance (only warnings: transfers whose failure exits fall back)', () => {
    const report = validateFlow(seedFlow(), {
      functionEntries: [SEED_ENTRY],
      skillGroups: ['北京客服组', '河北客服组', '上海客服组', '人工客服组'],
    });
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.ok(report.problems.every((p) => p.severity === 'warning' && p.code === 'EXIT_NOT_CONNECTED'));
  });

  for (const [ani, group] of [
    ['13800138000', '北京客服组'],
    ['13903110000', '河北客服组'],
    ['13916000000', '上海客服组'],
  ] as const) {
    it(`a caller from ${ani} reaches ${group}`, async () => {
      const lookup = regionLookup();
      const result = await runCall(
        seedFlow(),
        { ani },
        {
          functions: lookup.caller,
          routing: { skillGroups: { [group]: { result: 'answered', agent: '1001', afterMs: 8000 } } },
        },
      );
      assert.deepEqual(result.outcome, {
        kind: 'transferred',
        target: 'skillGroup',
        skillGroup: group,
        agent: '1001',
      });
      assert.deepEqual(
        lookup.calls.map((c) => c.event),
        [{ phone: ani }],
      );
      assert.deepEqual(visited(result).slice(0, 4), ['start', 'welcome', 'region', 'route']);
      assert.equal(result.variables['region']?.slice(0, 2), group.slice(0, 2));
      const welcome = result.events.find((e) => e.kind === 'play');
      assert.equal(
        welcome?.kind === 'play' && welcome.prompt.kind === 'tts' && welcome.prompt.text,
        '欢迎致电,正在为您转接',
      );
    });
  }

  it('records the function call in the trace: event, request id, duration, result, log tail', async () => {
    const result = await runCall(seedFlow(), { ani: '13800138000' }, { functions: regionLookup().caller });
    const step = result.trace.steps.find((s) => s.moduleId === 'region')!;
    assert.equal(step.exit, 'success');
    assert.deepEqual(step.detail?.function, {
      entry: 'cn-hangzhou/demo-service/get_number_region',
      event: { phone: '13800138000' },
      requestId: 'req-1',
      durationMs: 12,
      result: '北京北京',
      error: undefined,
      logTail: 'START\nEND',
    });
    assert.deepEqual(step.changes, [{ name: 'region', before: '', after: '北京北京' }]);
  });

  it('a region with no group of its own goes to the human group by the default branch', async () => {
    const result = await runCall(seedFlow(), { ani: '13512340000' }, { functions: regionLookup().caller });
    assert.deepEqual(result.outcome, {
      kind: 'transferred',
      target: 'skillGroup',
      skillGroup: '人工客服组',
      agent: '人工客服组-agent',
    });
    assert.equal(result.trace.steps.find((s) => s.moduleId === 'route')?.exit, 'default');
  });

  const failures = [
    [
      'the function fails',
      fakeFunctions(() => ({ error: 'service demo_service does not exist', type: 'ServiceNotFound' })),
    ],
    ['the function returns nothing (the third-party API broke)', fakeFunctions(() => null)],
    ['the function cannot be called at all', fakeFunctions(() => 'throw')],
    ['the function is too slow', fakeFunctions(() => 'hang')],
  ] as const;
  for (const [what, functions] of failures) {
    it(`a caller still reaches a human when ${what}`, async () => {
      const result = await runCall(seedFlow(), { ani: '13800138000' }, { functions: functions.caller });
      assert.equal(result.outcome.kind, 'transferred');
      assert.equal(
        result.outcome.kind === 'transferred' &&
          result.outcome.target === 'skillGroup' &&
          result.outcome.skillGroup,
        '人工客服组',
      );
      const step = result.trace.steps.find((s) => s.moduleId === 'region')!;
      assert.equal(step.next, 'human');
      assert.ok(step.detail?.function?.error, 'the trace says why the function failed');
    });
  }

  it('a slow function takes the timeout path after timeoutSec of (virtual) time', async () => {
    const result = await runCall(
      seedFlow(),
      { ani: '13800138000' },
      { functions: fakeFunctions(() => 'hang').caller },
    );
    const step = result.trace.steps.find((s) => s.moduleId === 'region')!;
    assert.equal(step.exit, 'timeout');
    assert.equal(step.durationMs, 3000);
    assert.equal(step.detail?.function?.error?.type, 'Timeout');
  });
});
