/** close() must leave no process behind: its own file, so no other invoker's processes come and go. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { createSandboxInvoker } from '../../../src/functions/runtime/index.js';
import { isHotlineError } from '../../../src/shared/errors.js';
import { createTempArea, descendants, json, processListed, requestId, specFor } from './harness.js';

test('close() kills every runner, busy, idle or pre-started, and refuses further calls', async () => {
  const area = await createTempArea('close');
  const invoker = createSandboxInvoker({
    mode: 'bwrap',
    workDir: join(area.root, 'work'),
    prestartedPerRuntime: 1,
  });
  const before = new Set(descendants(process.pid));
  const call = (runtime: 'nodejs20' | 'python3', files: Record<string, string>) =>
    area
      .writeFunction(files)
      .then((dir) =>
        invoker.invoke({ spec: specFor(runtime, dir), requestId: requestId(), payload: json({}) }),
      );
  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      () => 'returned',
      (err: unknown) => (isHotlineError(err) ? err.code : String(err)),
    );

  await call('nodejs20', { 'index.js': 'exports.handler = () => 1;' });
  await call('python3', { 'index.py': 'def handler(event, context):\n    return 1\n' });
  const hanging = outcome(call('nodejs20', { 'index.js': 'exports.handler = () => new Promise(() => {});' }));
  await invoker.ready();
  const ours = descendants(process.pid).filter((pid) => !before.has(pid));
  // Three sandboxes of three processes each (bwrap, its pid 1, the runner) at least.
  assert.ok(ours.length >= 9, `expected sandboxes to be running, found ${ours.length} processes`);

  await invoker.close();
  assert.equal(await hanging, 'FunctionRuntimeUnavailable');
  assert.deepEqual(
    ours.filter((pid) => processListed(pid)),
    [],
  );
  assert.equal(
    await outcome(call('nodejs20', { 'index.js': 'exports.handler = () => 1;' })),
    'FunctionRuntimeUnavailable',
  );
  await area.remove();
});
