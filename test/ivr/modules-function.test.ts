/** The function module inside a tiny flow run by the real engine, with a fake FunctionCaller. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exitTaken, fakeFunctions, tinyFlow } from './fixtures.js';
import { runCall } from './run-call.js';

const ENTRY = { entryId: 'fe-1' };

function functionFlow(config: Record<string, unknown>, exits = ['success', 'failure', 'timeout']) {
  return tinyFlow({ type: 'function', config: { function: ENTRY, ...config } }, exits);
}

describe('function module', () => {
  it('sends the parameters as a JSON object, templates filled in, and stores the answer', async () => {
    const functions = fakeFunctions(() => '北京北京');
    const f = functionFlow({
      parameters: [
        { name: 'phone', value: '${ANI}' },
        { name: 'called', value: 'to ${DNIS}' },
      ],
      outputVariable: 'region',
      timeoutSec: 2,
    });
    const result = await runCall(f, { ani: '13800138000', dnis: '95555' }, { functions: functions.caller });
    assert.equal(exitTaken(result.outcome), 'success');
    assert.deepEqual(functions.calls, [
      { event: { phone: '13800138000', called: 'to 95555' }, timeoutMs: 2000 },
    ]);
    assert.equal(result.variables['region'], '北京北京');
  });

  it('maps keys of a returned JSON object to variables in multi-parameter mode', async () => {
    const functions = fakeFunctions(() =>
      JSON.stringify({ title: '多参数测试', age: 10, name: '张三', tags: ['a'] }),
    );
    const f = functionFlow({
      outputVariable: 'raw',
      multiParameter: true,
      mappings: [
        { variable: 'title', key: 'title' },
        { variable: 'age', key: 'age' },
        { variable: 'who', key: 'name' },
        { variable: 'tags', key: 'tags' },
        { variable: 'missing', key: 'constructor' },
      ],
    });
    const result = await runCall(f, { ani: '1' }, { functions: functions.caller });
    assert.equal(exitTaken(result.outcome), 'success');
    const { title, age, who, tags, missing } = result.variables;
    assert.deepEqual(
      { title, age, who, tags, missing },
      { title: '多参数测试', age: '10', who: '张三', tags: '["a"]', missing: undefined },
    );
    assert.deepEqual(result.trace.steps[1]?.detail?.['missingKeys'], ['constructor']);
  });

  it('takes failure when multi-parameter mode gets something that is not a JSON object', async () => {
    const f = functionFlow({ multiParameter: true, mappings: [{ variable: 'title', key: 'title' }] });
    const result = await runCall(f, { ani: '1' }, { functions: fakeFunctions(() => '[1,2]').caller });
    assert.equal(exitTaken(result.outcome), 'failure');
    assert.equal(result.trace.steps[1]?.detail?.function?.error?.type, 'BadValue');
  });

  it('takes failure when the function fails, with its error and log tail in the trace', async () => {
    const functions = fakeFunctions(() => ({
      error: "service 'demo_service' does not exist",
      type: 'ServiceNotFound',
    }));
    const result = await runCall(
      functionFlow({ outputVariable: 'region' }),
      { ani: '1' },
      { functions: functions.caller },
    );
    assert.equal(exitTaken(result.outcome), 'failure');
    const detail = result.trace.steps[1]?.detail?.function;
    assert.deepEqual(detail?.error, {
      type: 'ServiceNotFound',
      message: "service 'demo_service' does not exist",
    });
    assert.equal(detail?.logTail, 'START\nEND');
    assert.equal(detail?.requestId, 'req-1');
  });

  it('takes failure when the function returns nothing but a value is wanted', async () => {
    const result = await runCall(
      functionFlow({ outputVariable: 'region' }),
      { ani: '1' },
      { functions: fakeFunctions(() => null).caller },
    );
    assert.equal(exitTaken(result.outcome), 'failure');
    assert.equal(result.trace.steps[1]?.detail?.function?.error?.type, 'NoValue');
  });

  it('succeeds with no value when no output is wanted (fire and forget)', async () => {
    const result = await runCall(
      functionFlow({}),
      { ani: '1' },
      { functions: fakeFunctions(() => null).caller },
    );
    assert.equal(exitTaken(result.outcome), 'success');
  });

  it('takes timeout when the answer does not come within timeoutSec, cancelling the call', async () => {
    let aborted = false;
    const result = await runCall(
      functionFlow({ timeoutSec: 1.5 }),
      { ani: '1' },
      {
        functions: {
          call: (_e, _ev, { signal }) =>
            new Promise((_, reject) =>
              signal.addEventListener('abort', () => {
                aborted = true;
                reject(signal.reason);
              }),
            ),
        },
      },
    );
    assert.equal(exitTaken(result.outcome), 'timeout');
    assert.equal(result.trace.steps[1]?.durationMs, 1500);
    assert.equal(aborted, true);
  });

  it('takes timeout when the function runner reports a Timeout', async () => {
    const functions = fakeFunctions(() => ({ error: 'timed out after 3000 ms', type: 'Timeout' }));
    const result = await runCall(functionFlow({}), { ani: '1' }, { functions: functions.caller });
    assert.equal(exitTaken(result.outcome), 'timeout');
  });

  it('takes failure on a timeout when the timeout exit is not connected', async () => {
    const f = functionFlow({ timeoutSec: 1 }, ['success', 'failure']);
    const result = await runCall(f, { ani: '1' }, { functions: fakeFunctions(() => 'hang').caller });
    assert.equal(exitTaken(result.outcome), 'failure');
    assert.equal(result.trace.steps[1]?.exit, 'timeout');
    assert.equal(result.trace.steps[1]?.next, 'end-failure');
  });
});
