/** The invoker's lifecycle: pre-started runners, caps and queues, reaping, eviction, closing. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FunctionSpec, InvocationResult } from '../../../src/functions/invoker.js';
import {
  checkSandbox,
  createSandboxInvoker,
  type SandboxInvoker,
  type SandboxInvokerOptions,
} from '../../../src/functions/runtime/index.js';
import { isHotlineError } from '../../../src/shared/errors.js';
import {
  createTempArea,
  descendants,
  errorOf,
  json,
  parsePayload,
  requestId,
  specFor,
  type TempArea,
} from './harness.js';
import { ManualClock } from './manual-clock.js';

const COUNTER = { 'index.js': 'let count = 0;\nexports.handler = () => ++count;' };
const SLOW_COUNTER = {
  'index.js': `let count = 0;
exports.handler = async () => {
  count++;
  await new Promise((resolve) => setTimeout(resolve, 50));
  return count;
};`,
};

let area: TempArea;
const invokers: SandboxInvoker[] = [];

before(async () => {
  area = await createTempArea('invoker');
});

after(async () => {
  await Promise.all(invokers.map((invoker) => invoker.close()));
  await area.remove();
});

function newInvoker(options: Partial<SandboxInvokerOptions> = {}): SandboxInvoker {
  const invoker = createSandboxInvoker({
    mode: 'bwrap',
    workDir: join(area.root, `work-${invokers.length}`),
    prestartedPerRuntime: { nodejs20: 1, python3: 0 },
    ...options,
  });
  invokers.push(invoker);
  return invoker;
}

async function nodeFunction(
  files: Record<string, string>,
  overrides: Partial<FunctionSpec> = {},
): Promise<FunctionSpec> {
  return specFor('nodejs20', await area.writeFunction(files), overrides);
}

function call(invoker: SandboxInvoker, spec: FunctionSpec, signal?: AbortSignal): Promise<InvocationResult> {
  return invoker.invoke({ spec, requestId: requestId(), payload: json({}), ...(signal ? { signal } : {}) });
}

function errorCode(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (err: unknown) => (isHotlineError(err) ? err.code : String(err)),
  );
}

describe('pre-started runners', () => {
  test('a first call is served by a runner started before it', async () => {
    const invoker = newInvoker();
    await invoker.ready();
    const before = new Set(descendants(process.pid));
    const result = await call(invoker, await nodeFunction(COUNTER));
    const started = descendants(process.pid).filter((pid) => !before.has(pid));
    assert.equal(result.coldStart, true);
    assert.deepEqual(started, []);
  });

  test('without pre-started runners a first call starts one itself', async () => {
    const invoker = newInvoker({ prestartedPerRuntime: 0 });
    const result = await call(invoker, await nodeFunction(COUNTER));
    assert.deepEqual([result.coldStart, parsePayload(result)], [true, 1]);
  });
});

describe('caps and queues', () => {
  test('calls beyond the per-function cap queue, and beyond the queue bound are refused', async () => {
    const invoker = newInvoker({ maxInstancesPerFunction: 2, maxQueuedPerFunction: 2 });
    const spec = await nodeFunction(SLOW_COUNTER);
    const calls = Array.from({ length: 5 }, () => call(invoker, spec));
    assert.equal(await errorCode(calls[4]!), 'FunctionThrottled');
    const counts = (await Promise.all(calls.slice(0, 4))).map((result) => parsePayload(result));
    // Two instances served the four calls (which one took each queued call is a race).
    assert.equal(counts.filter((count) => count === 1).length, 2);
  });

  test('at the global cap, the idle instance of another function makes room', async () => {
    const invoker = newInvoker({ maxInstances: 1 });
    const first = await nodeFunction(COUNTER);
    const second = await nodeFunction(COUNTER);
    assert.deepEqual(parsePayload(await call(invoker, first)), 1);
    assert.deepEqual(parsePayload(await call(invoker, second)), 1);
    const again = await call(invoker, first);
    assert.deepEqual([again.coldStart, parsePayload(again)], [true, 1]);
  });

  test('a queued call whose signal aborts is dropped', async () => {
    const invoker = newInvoker({ maxInstancesPerFunction: 1 });
    const spec = await nodeFunction(SLOW_COUNTER);
    const running = call(invoker, spec);
    const controller = new AbortController();
    const queued = call(invoker, spec, controller.signal);
    controller.abort(new Error('caller hung up'));
    await assert.rejects(queued, /caller hung up/);
    assert.deepEqual(parsePayload(await running), 1);
    assert.deepEqual(parsePayload(await call(invoker, spec)), 2);
  });
});

describe('instance lifetime', () => {
  test('an instance idle for idleTimeoutMs is stopped', async () => {
    const clock = new ManualClock();
    const invoker = newInvoker({ clock, idleTimeoutMs: 60_000, prestartedPerRuntime: 0 });
    const spec = await nodeFunction(COUNTER);
    assert.deepEqual(parsePayload(await call(invoker, spec)), 1);
    clock.advance(59_999);
    assert.deepEqual(parsePayload(await call(invoker, spec)), 2);
    clock.advance(60_000);
    const after = await call(invoker, spec);
    assert.deepEqual([after.coldStart, parsePayload(after)], [true, 1]);
  });

  test("evict() stops a function's instances", async () => {
    const invoker = newInvoker();
    const spec = await nodeFunction(COUNTER);
    await call(invoker, spec);
    await invoker.evict(spec.accountId, spec.service, spec.name);
    const after = await call(invoker, spec);
    assert.deepEqual([after.coldStart, parsePayload(after)], [true, 1]);
  });

  test('the log of an invocation is capped', async () => {
    const invoker = newInvoker({ logLimitBytes: 1000 });
    const spec = await nodeFunction({
      'index.js': "exports.handler = () => { for (let i = 0; i < 100; i++) console.log('x'.repeat(50)); };",
    });
    const result = await call(invoker, spec);
    assert.equal(result.logTruncated, true);
    assert.ok(Buffer.byteLength(result.log) <= 1000);
  });

  test('an invalid spec is refused', async () => {
    const invoker = newInvoker();
    const spec = await nodeFunction(COUNTER, { memoryMb: 0 });
    assert.equal(await errorCode(call(invoker, spec)), 'ValidationFailed');
  });
});

describe('unsandboxed mode', () => {
  test('runs the same runners as separate processes with a cleared environment', async () => {
    process.env['HOTLINE_TEST_SECRET'] = 'server-only';
    const invoker = newInvoker({ mode: 'unsandboxed' });
    const spec = await nodeFunction(
      {
        'index.js':
          "exports.handler = () => Object.keys(process.env).filter((key) => key.startsWith('HOTLINE'));",
      },
      { environment: { HOTLINE_OWN: 'mine' } },
    );
    assert.deepEqual(parsePayload(await call(invoker, spec)), ['HOTLINE_OWN']);
    const timeout = await call(
      invoker,
      await nodeFunction({ 'index.js': 'exports.handler = () => { for (;;) {} };' }, { timeoutMs: 200 }),
    );
    assert.equal(timeout.error, 'Timeout');
  });
});

describe('when bubblewrap cannot run', () => {
  test('a missing bwrap gives a clear error, not a hang', async () => {
    const invoker = newInvoker({ executables: { bwrap: '/nonexistent/bwrap' } });
    const error = await call(invoker, await nodeFunction(COUNTER)).then(
      () => assert.fail('the call should fail'),
      (err: unknown) => err,
    );
    assert.ok(isHotlineError(error, 'FunctionRuntimeUnavailable'));
    assert.match(error.message, /cannot start the nodejs20 runner: .*\/nonexistent\/bwrap.*ENOENT/);
  });

  test('a sandbox that exits at once gives a clear error', async () => {
    const invoker = newInvoker({ executables: { bwrap: '/bin/false' }, prestartedPerRuntime: 0 });
    const error = await call(invoker, await nodeFunction(COUNTER)).then(
      () => assert.fail('the call should fail'),
      (err: unknown) => err,
    );
    assert.ok(isHotlineError(error, 'FunctionRuntimeUnavailable'));
    assert.match(error.message, /exit code 1/);
  });

  test('checkSandbox() tells whether bubblewrap works', async () => {
    assert.deepEqual(await checkSandbox(), { available: true });
    const missing = await checkSandbox({ bwrap: '/nonexistent/bwrap' });
    assert.equal(missing.available, false);
    assert.match(missing.reason ?? '', /nonexistent/);
  });
});

describe('errors in a function do not reach the server', () => {
  test('a failed load reports its error to every call, each with a fresh instance', async () => {
    const invoker = newInvoker();
    const spec = await nodeFunction({ 'index.js': "throw new Error('top-level failure');" });
    for (let i = 0; i < 2; i++) {
      const result = await call(invoker, spec);
      assert.deepEqual(
        [result.error, result.coldStart, errorOf(result).errorMessage],
        ['LoadError', true, 'top-level failure'],
      );
    }
  });
});
