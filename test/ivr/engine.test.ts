/**
 * The engine's own duties: fallbacks instead of silence, the step limit, compile-time refusal of
 * flows that cannot run, and a trace that can be watched while the call runs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import {
  builtinModules,
  callScriptSchema,
  createIvrEngine,
  createModuleRegistry,
  defineModule,
  SimulatedChannel,
  type TraceEvent,
} from '../../src/ivr/index.js';
import { isHotlineError } from '../../src/shared/errors.js';
import { VirtualClock } from '../../src/shared/virtual-clock.js';
import { fakeFunctions, flow, regionLookup, seedFlow, tinyFlow } from './fixtures.js';
import { runCall } from './run-call.js';

/** A module that does whatever the test says, to provoke the engine. */
const probe = defineModule({
  type: 'probe',
  category: 'logic',
  title: { en: 'Probe', zh: '探针' },
  help: { en: 'Test only.', zh: '仅用于测试。' },
  config: z.strictObject({ behaviour: z.enum(['throw', 'strange-exit', 'next']) }),
  exits: [{ name: 'next', required: true }],
  async run(_ctx, c) {
    if (c.behaviour === 'throw') throw new Error('probe exploded');
    return { exit: c.behaviour === 'next' ? 'next' : 'no-such-exit' };
  },
});
const registry = createModuleRegistry([...builtinModules, probe]);

const loop = (fallback: boolean) =>
  flow({
    name: 'loop',
    fallbackModuleId: fallback ? 'human' : undefined,
    modules: [
      { id: 'start', type: 'start', exits: { next: 'inc' } },
      {
        id: 'inc',
        type: 'setVariable',
        config: { assignments: [{ variable: 'n', value: '${n} + 1', mode: 'expression' }] },
        exits: { next: 'inc' },
      },
      { id: 'human', type: 'transferToSkillGroup', config: { skillGroupId: '人工客服组' } },
    ],
    variables: [{ name: 'n', initial: '0' }],
  });

describe('engine', () => {
  it('sends a call whose exit goes nowhere to the fallback module, saying why', async () => {
    const f = tinyFlow({ type: 'probe', config: { behaviour: 'throw' } }, [], {
      fallbackModuleId: 'human',
      modules: [{ id: 'human', type: 'transferToSkillGroup', config: { skillGroupId: '人工客服组' } }],
    });
    const result = await runCall(f, { ani: '1' }, { registry });
    assert.equal(result.outcome.kind, 'transferred');
    const step = result.trace.steps[1]!;
    assert.deepEqual(step.incident, {
      code: 'MODULE_FAILED',
      message: 'probe module m failed: probe exploded',
      fallbackTo: 'human',
    });
    assert.equal(step.next, 'human');
  });

  it('without a fallback, ends the call with an error outcome and hangs up (never silence)', async () => {
    const f = tinyFlow({ type: 'function', config: { function: { entryId: 'x' }, outputVariable: 'r' } }, [
      'success',
    ]);
    const result = await runCall(f, { ani: '1' }, { functions: fakeFunctions(() => null).caller });
    assert.equal(result.outcome.kind, 'error');
    assert.equal(result.outcome.kind === 'error' && result.outcome.code, 'EXIT_NOT_CONNECTED');
    assert.equal(result.trace.steps[1]?.incident?.code, 'EXIT_NOT_CONNECTED');
    assert.equal(result.events.at(-1)?.kind, 'hangup');
  });

  it('treats an exit the module does not declare as a bug, and falls back', async () => {
    const f = tinyFlow({ type: 'probe', config: { behaviour: 'strange-exit' } }, ['next']);
    const result = await runCall(f, { ani: '1' }, { registry });
    assert.equal(result.outcome.kind === 'error' && result.outcome.code, 'UNKNOWN_EXIT');
  });

  it('stops a flow that loops forever at the step limit, then uses the fallback once', async () => {
    const bare = await runCall(loop(false), { ani: '1' }, { limits: { maxSteps: 50 } });
    assert.equal(bare.outcome.kind === 'error' && bare.outcome.code, 'MAX_STEPS');
    assert.equal(bare.variables['n'], '49');
    const rescued = await runCall(loop(true), { ani: '1' }, { limits: { maxSteps: 50 } });
    assert.equal(rescued.outcome.kind, 'transferred');
    assert.equal(rescued.trace.steps.at(-2)?.incident?.code, 'MAX_STEPS');
  });

  it('refuses to compile a flow with unknown module types, listing what is missing', () => {
    const f = flow({
      name: 'future',
      modules: [
        { id: 'start', type: 'start', exits: { next: 'a' } },
        { id: 'a', type: 'speechRecognition', exits: { next: 'b' } },
        { id: 'b', type: 'aiAgent' },
      ],
    });
    const engine = createIvrEngine({ clock: new VirtualClock(), functions: fakeFunctions(() => '').caller });
    assert.throws(
      () => engine.compile(f),
      (err: unknown) =>
        isHotlineError(err, 'IvrFlowInvalid') &&
        /missing: speechRecognition, aiAgent/.test(err.message) &&
        (err.details?.['problems'] as unknown[] | undefined)?.length === 2,
    );
  });

  it('lets observers watch the trace while the call runs, and snapshot it', async () => {
    const clock = new VirtualClock();
    const engine = createIvrEngine({ clock, functions: regionLookup().caller });
    const channel = new SimulatedChannel(
      callScriptSchema.parse({ ani: '13800138000', ttsMsPerChar: 100 }),
      clock,
    );
    const events: TraceEvent[] = [];
    const session = engine.startCall(engine.compile(seedFlow(), { id: 'seed' }), channel, {
      listener: (e) => events.push(e),
    });
    await clock.advance(500);
    const during = session.trace.snapshot();
    assert.deepEqual(during.current, { flowId: 'seed', moduleId: 'welcome', sinceMs: 0 });
    assert.deepEqual(
      during.steps.map((s) => s.moduleId),
      ['start'],
    );
    assert.equal(session.variables()['ANI'], '13800138000');
    await clock.runAll();
    const { outcome } = await session.result;
    assert.equal(outcome.kind, 'transferred');
    assert.deepEqual(
      events.map((e) =>
        e.type === 'step' ? `step:${e.step.moduleId}` : e.type === 'enter' ? `enter:${e.moduleId}` : 'end',
      ),
      [
        'enter:start',
        'step:start',
        'enter:welcome',
        'step:welcome',
        'enter:region',
        'step:region',
        'enter:route',
        'step:route',
        'enter:bj',
        'step:bj',
        'end',
      ],
    );
    const after = session.trace.snapshot();
    assert.equal(after.current, undefined);
    assert.deepEqual(after.outcome, outcome);
    assert.equal(after.initialVariables['ANI'], '13800138000');
  });

  it('removes an observer that throws, and the call goes on', async () => {
    const result = await runCall(
      seedFlow(),
      { ani: '13800138000' },
      {
        functions: regionLookup().caller,
        listener: () => {
          throw new Error('broken console view');
        },
      },
    );
    assert.equal(result.outcome.kind, 'transferred');
  });

  it('ends a call aborted from outside with an ABORTED error', async () => {
    const clock = new VirtualClock();
    const engine = createIvrEngine({ clock, functions: regionLookup().caller });
    const channel = new SimulatedChannel(callScriptSchema.parse({ ani: '1' }), clock);
    const session = engine.startCall(engine.compile(seedFlow()), channel);
    await clock.advance(100);
    session.abort('node shutting down');
    const { outcome } = await session.result;
    assert.deepEqual(outcome, {
      kind: 'error',
      code: 'ABORTED',
      reason: 'node shutting down',
      moduleId: 'welcome',
    });
    assert.equal(channel.events.at(-1)?.kind, 'hangup');
    channel.dispose();
    assert.equal(clock.timerCount, 0);
  });
});
