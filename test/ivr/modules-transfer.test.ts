/** Transfers, voicemail, hangup and subflow modules inside tiny flows run by the real engine. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FlowDocument, FlowLoader } from '../../src/ivr/index.js';
import { exitTaken, flow, tinyFlow } from './fixtures.js';
import { runCall, visited } from './run-call.js';

describe('transferToSkillGroup module', () => {
  const toGroup = (config: Record<string, unknown> = {}, exits = ['timeout', 'overflow', 'failure']) =>
    tinyFlow(
      {
        type: 'transferToSkillGroup',
        config: { skillGroupId: '北京客服组', queueTimeoutSec: 30, ...config },
      },
      exits,
      {
        variables: [{ name: 'group', initial: '河北客服组' }],
      },
    );

  it('ends the flow when an agent answers', async () => {
    const result = await runCall(
      toGroup({ priority: 8 }),
      { ani: '1' },
      {
        routing: { skillGroups: { 北京客服组: { result: 'answered', agent: '1001', afterMs: 12_000 } } },
      },
    );
    assert.deepEqual(result.outcome, {
      kind: 'transferred',
      target: 'skillGroup',
      skillGroup: '北京客服组',
      agent: '1001',
    });
    assert.equal(result.trace.steps[1]?.durationMs, 12_000);
    assert.equal(
      result.events.some((e) => e.kind === 'hangup'),
      false,
      'a bridged call is not hung up',
    );
  });

  it('takes the group from a variable', async () => {
    const result = await runCall(toGroup({ skillGroupId: '${group}' }), { ani: '1' });
    assert.equal(
      result.outcome.kind === 'transferred' &&
        result.outcome.target === 'skillGroup' &&
        result.outcome.skillGroup,
      '河北客服组',
    );
  });

  it('leaves by timeout when nobody answers within the queue timeout', async () => {
    const never = await runCall(toGroup(), { ani: '1' }, { routing: { otherwise: { result: 'timeout' } } });
    assert.equal(exitTaken(never.outcome), 'timeout');
    assert.equal(never.trace.steps[1]?.durationMs, 30_000);
    const late = await runCall(
      toGroup(),
      { ani: '1' },
      { routing: { otherwise: { result: 'answered', afterMs: 31_000 } } },
    );
    assert.equal(exitTaken(late.outcome), 'timeout');
    const cancelled = late.events.find((e) => e.kind === 'transfer');
    assert.deepEqual(cancelled?.kind === 'transfer' && cancelled.outcome, { kind: 'cancelled' });
  });

  it('leaves by overflow, or by failure when overflow is not connected', async () => {
    const routing = { otherwise: { result: 'overflow' as const, reason: 'nobody logged in', afterMs: 0 } };
    assert.equal(exitTaken((await runCall(toGroup(), { ani: '1' }, { routing })).outcome), 'overflow');
    assert.equal(
      exitTaken((await runCall(toGroup({}, ['failure']), { ani: '1' }, { routing })).outcome),
      'failure',
    );
  });
});

describe('transferToAgent module', () => {
  const toAgent = (exits = ['noAnswer', 'busy', 'failure']) =>
    tinyFlow({ type: 'transferToAgent', config: { agentId: '${lastAgent}', ringTimeoutSec: 15 } }, exits, {
      variables: [{ name: 'lastAgent', initial: '1002' }],
    });

  it('rings the agent named by a variable', async () => {
    const result = await runCall(toAgent(), { ani: '1' });
    assert.deepEqual(result.outcome, { kind: 'transferred', target: 'agent', agent: '1002' });
  });

  it('leaves by noAnswer after the ring timeout, by busy, or by failure', async () => {
    const never = await runCall(
      toAgent(),
      { ani: '1' },
      { routing: { agents: { '1002': { result: 'timeout' } } } },
    );
    assert.equal(exitTaken(never.outcome), 'noAnswer');
    assert.equal(never.trace.steps[1]?.durationMs, 15_000);
    const busy = await runCall(
      toAgent(['failure']),
      { ani: '1' },
      { routing: { agents: { '1002': { result: 'busy', afterMs: 0 } } } },
    );
    assert.equal(exitTaken(busy.outcome), 'failure', 'busy falls back to failure when not connected');
  });
});

describe('transferToNumber module', () => {
  const toNumber = (number: string) =>
    tinyFlow({ type: 'transferToNumber', config: { number } }, ['noAnswer', 'busy', 'failure'], {
      variables: [{ name: 'ext', initial: '8001' }],
    });

  it('dials the number built from a template', async () => {
    const result = await runCall(toNumber('010-6000${ext}'), { ani: '1' });
    assert.deepEqual(result.outcome, { kind: 'transferred', target: 'number', number: '0106000' + '8001' });
  });

  it('leaves by failure when the number is not diallable', async () => {
    const result = await runCall(toNumber('call ${ext}'), { ani: '1' });
    assert.equal(exitTaken(result.outcome), 'failure');
  });
});

describe('voicemail module', () => {
  const voicemail = tinyFlow(
    {
      type: 'voicemail',
      config: { prompt: { kind: 'tts', text: '请在提示音后留言' }, mailbox: 'sales', maxDurationSec: 60 },
    },
    ['noMessage', 'failure'],
  );

  it('records a message and ends the call', async () => {
    const result = await runCall(voicemail, { ani: '1', callId: 'c1', voicemail: { durationMs: 20_000 } });
    assert.deepEqual(result.outcome, {
      kind: 'voicemail',
      mailbox: 'sales',
      recordingId: 'c1-vm1',
      durationMs: 20_000,
    });
    assert.equal(result.events.at(-1)?.kind, 'hangup');
  });

  it('leaves by noMessage when the caller says nothing', async () => {
    const result = await runCall(voicemail, { ani: '1', voicemail: { silent: true } });
    assert.equal(exitTaken(result.outcome), 'noMessage');
  });
});

describe('hangup module', () => {
  it('ends the call and hangs up', async () => {
    const f = flow({
      name: 'bye',
      modules: [
        { id: 'start', type: 'start', exits: { next: 'bye' } },
        { id: 'bye', type: 'hangup', config: { reason: 'closed' } },
      ],
    });
    const result = await runCall(f, { ani: '1' });
    assert.deepEqual(result.outcome, { kind: 'hangup', by: 'flow', moduleId: 'bye' });
    assert.deepEqual(result.events.at(-1), { kind: 'hangup', atMs: 0, by: 'flow', reason: 'hangup' });
  });
});

describe('subflow and return modules', () => {
  const sub = flow({
    name: 'ask-id',
    variables: [{ name: 'tries', initial: '0' }],
    modules: [
      { id: 's', type: 'start', exits: { next: 'set' } },
      {
        id: 'set',
        type: 'setVariable',
        config: { assignments: [{ variable: 'customer', value: 'C-${ANI}' }] },
        exits: { next: 'back' },
      },
      { id: 'back', type: 'return' },
    ],
  });
  const loader = (flows: Record<string, FlowDocument>): FlowLoader => ({ load: async (id) => flows[id] });
  const main = (exits: Record<string, string>) =>
    flow({
      name: 'main',
      modules: [
        { id: 'start', type: 'start', exits: { next: 'call' } },
        { id: 'call', type: 'subflow', config: { flowId: 'ask-id' }, exits },
        {
          id: 'after',
          type: 'play',
          config: { prompt: { kind: 'tts', text: '客户${customer}' } },
          exits: { next: 'end' },
        },
        { id: 'end', type: 'hangup' },
        { id: 'oops', type: 'hangup' },
      ],
    });

  it('runs the other flow with the same variables and comes back by next', async () => {
    const result = await runCall(
      main({ next: 'after', failure: 'oops' }),
      { ani: '42' },
      { flows: loader({ 'ask-id': sub }) },
    );
    assert.deepEqual(visited(result), ['start', 'call', 's', 'set', 'back', 'after', 'end']);
    assert.equal(result.variables['customer'], 'C-42');
    assert.equal(
      result.variables['tries'],
      '0',
      'the subflow’s declared variables start with their initial value',
    );
    assert.deepEqual(
      result.trace.steps.map((s) => s.flowId),
      ['main', 'main', 'ask-id', 'ask-id', 'ask-id', 'main', 'main'],
    );
  });

  it('leaves by failure when the subflow does not exist', async () => {
    const result = await runCall(
      main({ next: 'after', failure: 'oops' }),
      { ani: '42' },
      { flows: loader({}) },
    );
    assert.deepEqual(result.outcome, { kind: 'hangup', by: 'flow', moduleId: 'oops' });
    assert.equal(result.trace.steps[1]?.incident?.code, 'SUBFLOW_FAILED');
  });
});
