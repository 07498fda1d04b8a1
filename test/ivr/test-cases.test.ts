/** Saved test cases: run against a flow, pass or fail with the differences. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FunctionCaller, type IvrTestCaseInput, runTestCases } from '../../src/ivr/index.js';
import { REGIONS, regionLookup, seedFlow } from './fixtures.js';

const cases: IvrTestCaseInput[] = [
  {
    name: 'Beijing caller reaches 北京客服组',
    call: { ani: '13800138000' },
    routing: { skillGroups: { 北京客服组: { result: 'answered', agent: '1001', afterMs: 5000 } } },
    expect: {
      outcome: { kind: 'transferred', skillGroup: '北京客服组', agent: '1001' },
      variables: { region: '北京北京' },
      visits: ['welcome', 'region', 'bj'],
    },
  },
  {
    name: 'unknown number goes to a human (wrong expectation on purpose)',
    call: { ani: '000' },
    expect: { outcome: { kind: 'transferred', skillGroup: '北京客服组' }, visits: ['region', 'route'] },
  },
  {
    name: 'caller hangs up during the welcome',
    call: { ani: '13800138000', hangupAtMs: 200 },
    expect: { outcome: { kind: 'hangup', by: 'caller', moduleId: 'welcome' } },
  },
];

describe('runTestCases', () => {
  it('reports pass, or fail with each difference', async () => {
    const reports = await runTestCases(seedFlow(), cases, { functions: regionLookup().caller });
    assert.deepEqual(
      reports.map((r) => [r.name, r.passed]),
      cases.map((c, i) => [c.name, i !== 1]),
    );
    const failed = reports[1]!;
    assert.deepEqual(failed.differences, [
      { path: 'outcome.skillGroup', expected: '北京客服组', actual: '人工客服组' },
      { path: 'visits', expected: ['region', 'route'], actual: ['start', 'welcome', 'region', 'human'] },
    ]);
    assert.equal(failed.trace?.steps.length, 4);
  });

  it('reports a case that cannot run instead of throwing', async () => {
    const [report] = await runTestCases(seedFlow(), [{ name: 'bad', call: { ani: '' }, expect: {} }], {
      functions: regionLookup().caller,
    });
    assert.equal(report?.passed, false);
    assert.match(report?.error ?? '', /too_small|at least 1|>=1/i);
  });

  it('skips the time of prompts and queues while giving a real (asynchronous) function real time', async () => {
    let pending = 0;
    const functions: FunctionCaller = {
      call: (_entry, event) => {
        pending++;
        return new Promise((resolve) =>
          setImmediate(() => {
            pending--;
            resolve({
              ok: true,
              value: REGIONS[event['phone'] ?? ''] ?? null,
              requestId: 'io',
              durationMs: 1,
            });
          }),
        );
      },
    };
    const [report] = await runTestCases(
      seedFlow(),
      [
        {
          name: 'slow prompt, real function',
          call: { ani: '13916000000', ttsMsPerChar: 60_000 },
          routing: { otherwise: { result: 'answered', afterMs: 50_000 } },
          expect: { outcome: { kind: 'transferred', skillGroup: '上海客服组' } },
        },
      ],
      { functions },
    );
    assert.equal(report?.passed, true, JSON.stringify(report?.differences));
    assert.equal(pending, 0);
    const welcome = report?.trace?.steps.find((s) => s.moduleId === 'welcome');
    assert.equal(welcome?.durationMs, 11 * 60_000, 'eleven characters of TTS, in virtual time');
  });
});
