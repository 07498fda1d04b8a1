/** What only one runtime has: Node's module kinds and callbacks, Python's MemoryError. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FunctionRuntimeName, FunctionSpec, InvocationResult } from '../../../src/functions/invoker.js';
import { createSandboxInvoker, type SandboxInvoker } from '../../../src/functions/runtime/index.js';
import {
  createTempArea,
  errorOf,
  errorText,
  type FunctionFiles,
  json,
  parsePayload,
  requestId,
  specFor,
  type TempArea,
} from './harness.js';

let invoker: SandboxInvoker;
let area: TempArea;

before(async () => {
  area = await createTempArea('specifics');
  invoker = createSandboxInvoker({
    mode: 'bwrap',
    workDir: join(area.root, 'work'),
    prestartedPerRuntime: 1,
  });
  await invoker.ready();
});

after(async () => {
  await invoker.close();
  await area.remove();
});

async function deploy(
  runtime: FunctionRuntimeName,
  files: FunctionFiles,
  overrides: Partial<FunctionSpec> = {},
) {
  return specFor(runtime, await area.writeFunction(files), overrides);
}

function call(spec: FunctionSpec, event: unknown = {}): Promise<InvocationResult> {
  return invoker.invoke({ spec, requestId: requestId(), payload: json(event) });
}

describe('Node.js modules and handlers', () => {
  test('an ES module (.mjs) handler', async () => {
    const spec = await deploy('nodejs20', {
      'index.mjs': 'export const handler = async (event) => JSON.parse(event).n + 1;',
    });
    assert.deepEqual(parsePayload(await call(spec, { n: 1 })), 2);
  });

  test('a .js handler in a "type": "module" package is loaded as an ES module', async () => {
    const spec = await deploy('nodejs20', {
      'package.json': '{ "type": "module" }',
      'index.js':
        "import { sep } from 'node:path';\nexport const handler = () => ({ esm: typeof require === 'undefined', sep });",
    });
    assert.deepEqual(parsePayload(await call(spec)), { esm: true, sep: '/' });
  });

  test('a .cjs handler, and a handler in a subfolder', async () => {
    const cjs = await deploy('nodejs20', { 'index.cjs': "module.exports = { handler: () => 'cjs' };" });
    assert.equal((await call(cjs)).payload.toString(), 'cjs');
    const nested = await deploy(
      'nodejs20',
      { 'src/app.js': "exports.main = () => 'nested';" },
      { handler: 'src/app.main' },
    );
    assert.equal((await call(nested)).payload.toString(), 'nested');
  });

  test('callback-style handlers', async () => {
    const spec = await deploy('nodejs20', {
      'index.js': `exports.handler = (event, context, callback) => {
  const { fail } = JSON.parse(event);
  setTimeout(() => (fail ? callback(new Error('callback failure')) : callback(null, { via: 'callback' })), 5);
};`,
    });
    assert.deepEqual(parsePayload(await call(spec, { fail: false })), { via: 'callback' });
    const failed = await call(spec, { fail: true });
    assert.equal(failed.error, 'FunctionError');
    assert.equal(errorOf(failed).errorMessage, 'callback failure');
  });

  test('a syntax error in an ES module names the file and line', async () => {
    const spec = await deploy('nodejs20', {
      'index.mjs': 'export const handler = () => 1;\n\nconst broken = ;\n',
    });
    const result = await call(spec);
    assert.equal(result.error, 'LoadError');
    assert.match(errorText(result), /index\.mjs:3/);
  });

  test('a growing JavaScript heap is killed at the memory limit', async () => {
    const spec = await deploy(
      'nodejs20',
      {
        'index.js':
          'exports.handler = () => { const rows = []; for (;;) rows.push(new Array(1e5).fill(Math.random())); };',
      },
      { memoryMb: 160 },
    );
    assert.equal((await call(spec)).error, 'OutOfMemory');
  });

  test('an exception thrown in a timer fails the running invocation and replaces the instance', async () => {
    const spec = await deploy('nodejs20', {
      'index.js': `exports.handler = (event) => {
  if (!JSON.parse(event).fail) return 'fine';
  return new Promise(() => setTimeout(() => { throw new TypeError('late failure'); }, 5));
};`,
    });
    const failed = await call(spec, { fail: true });
    assert.equal(failed.error, 'FunctionError');
    assert.deepEqual(
      [errorOf(failed).errorType, errorOf(failed).errorMessage],
      ['TypeError', 'late failure'],
    );
    const next = await call(spec, { fail: false });
    assert.deepEqual([next.coldStart, next.payload.toString()], [true, 'fine']);
  });
});

describe('Python specifics', () => {
  test('one huge allocation fails fast with MemoryError, reported as OutOfMemory', async () => {
    const spec = await deploy('python3', {
      'index.py': 'def handler(event, context):\n    return len(bytearray(8 << 30))\n',
    });
    const result = await call(spec);
    assert.equal(result.error, 'OutOfMemory');
    assert.equal(errorOf(result).errorType, 'MemoryError');
  });

  test('a handler in a package folder', async () => {
    const spec = await deploy(
      'python3',
      { 'app/__init__.py': '', 'app/main.py': 'def run(event, context):\n    return "nested"\n' },
      { handler: 'app/main.run' },
    );
    assert.equal((await call(spec)).payload.toString(), 'nested');
  });
});
