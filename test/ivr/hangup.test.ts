/**
 * A caller who hangs up cancels whatever the flow is doing: the current module's wait ends at
 * once, the trace says so, and no timer is left behind (runCall checks timerCount is 0).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callScriptSchema, createIvrEngine, SimulatedChannel } from '../../src/ivr/index.js';
import { VirtualClock } from '../../src/shared/virtual-clock.js';
import { fakeFunctions, seedFlow, tinyFlow } from './fixtures.js';
import { runCall } from './run-call.js';

const tts = (text: string) => ({ kind: 'tts', text });

describe('caller hang-up', () => {
  it('during a prompt stops it', async () => {
    const f = tinyFlow({ type: 'play', config: { prompt: tts('一二三四五六七八九十') } }, ['next']);
    const result = await runCall(f, { ani: '1', hangupAtMs: 400 });
    assert.deepEqual(result.outcome, { kind: 'hangup', by: 'caller', moduleId: 'm' });
    const step = result.trace.steps[1]!;
    assert.equal(step.incident?.code, 'CALLER_HUNG_UP');
    assert.equal(step.durationMs, 400);
    const play = result.events.find((e) => e.kind === 'play');
    assert.equal(play?.kind === 'play' && play.cut, true);
  });

  it('while collecting digits', async () => {
    const f = tinyFlow({ type: 'collect', config: { prompt: tts('请输入'), variable: 'v' } }, [
      'success',
      'timeout',
    ]);
    const result = await runCall(f, { ani: '1', answers: [{ hangup: true, afterMs: 2000 }] });
    assert.equal(result.outcome.kind, 'hangup');
    assert.equal(result.outcome.kind === 'hangup' && result.outcome.by, 'caller');
    assert.equal(result.variables['v'], undefined);
  });

  it('while a function runs cancels the invocation', async () => {
    let cancelled: unknown;
    const result = await runCall(
      seedFlow(),
      { ani: '13800138000', hangupAtMs: 2000 },
      {
        functions: {
          call: (_e, _ev, { signal }) =>
            new Promise((_, reject) =>
              signal.addEventListener('abort', () => {
                cancelled = signal.reason;
                reject(signal.reason);
              }),
            ),
        },
      },
    );
    assert.deepEqual(result.outcome, { kind: 'hangup', by: 'caller', moduleId: 'region' });
    assert.ok(cancelled instanceof Error && cancelled.name === 'CallerHungUp');
  });

  it('while waiting in a queue leaves the queue', async () => {
    const result = await runCall(
      seedFlow(),
      { ani: '13800138000', hangupAtMs: 20_000 },
      {
        functions: fakeFunctions(() => '北京北京').caller,
        routing: { otherwise: { result: 'timeout' } },
      },
    );
    assert.deepEqual(result.outcome, { kind: 'hangup', by: 'caller', moduleId: 'bj' });
    const transfer = result.events.find((e) => e.kind === 'transfer');
    assert.deepEqual(transfer?.kind === 'transfer' && transfer.outcome, { kind: 'cancelled' });
  });

  it('before the flow starts ends the call at the first module', async () => {
    const clock = new VirtualClock();
    const engine = createIvrEngine({ clock, functions: fakeFunctions(() => 'x').caller });
    const channel = new SimulatedChannel(callScriptSchema.parse({ ani: '1' }), clock);
    channel.callerHangsUp();
    const session = engine.startCall(engine.compile(seedFlow()), channel);
    const { outcome, steps } = await session.result;
    assert.equal(outcome.kind, 'hangup');
    assert.equal(steps.length, 1);
    assert.equal(clock.timerCount, 0);
  });
});
