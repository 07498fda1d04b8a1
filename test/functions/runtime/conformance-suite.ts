/**
 * One conformance suite for every function runtime: each runtime supplies the same cases as
 * functions in its own language (see node-cases.ts, python-cases.ts) and the suite runs them
 * through the real sandboxed invoker with the same assertions.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FunctionRuntimeName, FunctionSpec, InvocationResult } from '../../../src/functions/invoker.js';
import { createSandboxInvoker, type SandboxInvoker } from '../../../src/functions/runtime/index.js';
import { packageRoot } from '../../../src/shared/paths.js';
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

export type CaseName =
  | 'echoJson'
  | 'returnsString'
  | 'returnsBytes'
  | 'returnsObject'
  | 'returnsNothing'
  | 'asyncHandler'
  | 'contextFields'
  | 'environment'
  | 'filesystem'
  | 'initializer'
  | 'initializerThrows'
  | 'throwsError'
  | 'syntaxError'
  | 'missingHandler'
  | 'missingModule'
  | 'busyLoop'
  | 'microtaskLoop'
  | 'neverSettles'
  | 'memoryHog'
  | 'exits'
  | 'segfault'
  | 'counter'
  | 'logs'
  | 'httpCall'
  | 'sleeps';

export interface ConformanceCases {
  runtime: FunctionRuntimeName;
  /** One function per case, exporting index.handler (and index.initialize where the case needs one). */
  functions: Record<CaseName, FunctionFiles>;
  /** How the syntaxError function's error names its file and line (line 3). */
  syntaxErrorLocation: RegExp;
  /** The message for handler 'index.nope', which the code does not export. */
  missingHandlerMessage: string;
}

const SHORT_TIMEOUT_MS = 300;

export function runConformanceSuite(cases: ConformanceCases): void {
  const { runtime } = cases;

  describe(`${runtime} runtime conformance`, () => {
    let invoker: SandboxInvoker;
    let area: TempArea;
    let httpServer: Server;

    before(async () => {
      // Must never reach a function: the sandbox starts from an empty environment.
      process.env['HOTLINE_TEST_SECRET'] = 'server-only';
      area = await createTempArea(`conformance-${runtime}`);
      invoker = createSandboxInvoker({ mode: 'bwrap', workDir: join(area.root, 'work') });
      httpServer = createServer((_request, response) => response.end('pong from the test server'));
      await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
      await invoker.ready();
    });

    after(async () => {
      await invoker.close();
      await new Promise((resolve) => httpServer.close(resolve));
      await area.remove();
    });

    async function deploy(name: CaseName, overrides: Partial<FunctionSpec> = {}): Promise<FunctionSpec> {
      return specFor(runtime, await area.writeFunction(cases.functions[name]), overrides);
    }

    function call(spec: FunctionSpec, event: unknown = {}, id = requestId()): Promise<InvocationResult> {
      return invoker.invoke({ spec, requestId: id, payload: json(event) });
    }

    test('the event arrives as bytes holding the JSON sent', async () => {
      const result = await call(await deploy('echoJson'), { a: 1, b: 'x' });
      assert.equal(result.error, undefined);
      assert.deepEqual(parsePayload(result), { got: { a: 1, b: 'x' }, isBytes: true });
    });

    test('a returned string comes back as is (UTF-8), not as JSON', async () => {
      const result = await call(await deploy('returnsString'));
      assert.equal(result.payload.toString('utf8'), 'héllo ✓');
    });

    test('returned bytes come back as is', async () => {
      const result = await call(await deploy('returnsBytes'));
      assert.deepEqual([...result.payload], [0, 1, 2, 255]);
    });

    test('a returned object comes back as JSON', async () => {
      const result = await call(await deploy('returnsObject'));
      assert.deepEqual(parsePayload(result), { n: 1, list: [1, 2] });
    });

    test('returning nothing gives null', async () => {
      const result = await call(await deploy('returnsNothing'));
      assert.equal(result.error, undefined);
      assert.equal(result.payload.toString('utf8'), 'null');
    });

    test('an async handler is awaited', async () => {
      const result = await call(await deploy('asyncHandler'));
      assert.equal(result.payload.toString('utf8'), 'done');
    });

    test('the context describes the invocation and the function', async () => {
      const spec = await deploy('contextFields', { memoryMb: 256, timeoutMs: 7000, version: 4 });
      const id = requestId();
      const context = parsePayload(await call(spec, {}, id)) as Record<string, unknown>;
      assert.deepEqual(
        { ...context, remainingMs: undefined },
        {
          requestId: id,
          functionName: spec.name,
          handler: 'index.handler',
          memory: 256,
          timeout: 7,
          version: 4,
          service: spec.service,
          region: spec.region,
          accountId: spec.accountId,
          remainingMs: undefined,
        },
      );
      assert.ok(
        typeof context['remainingMs'] === 'number' &&
          context['remainingMs'] > 0 &&
          context['remainingMs'] <= 7000,
      );
    });

    test("the function sees its own environment variables and none of the server's", async () => {
      const spec = await deploy('environment', { environment: { GREETING: 'hello' } });
      const seen = parsePayload(await call(spec)) as {
        greeting: string;
        keys: string[];
        path: string;
        home: string;
      };
      assert.equal(seen.greeting, 'hello');
      assert.deepEqual(
        seen.keys.filter((key) => key.startsWith('HOTLINE')),
        [],
      );
      assert.notEqual(seen.path, process.env['PATH']);
      assert.equal(seen.home, '/tmp');
    });

    test("the function reads its code and /tmp, and cannot see the server's files or write its code", async () => {
      const serverFile = join(packageRoot, 'package.json');
      const seen = parsePayload(await call(await deploy('filesystem'), { serverFile })) as Record<
        string,
        unknown
      >;
      assert.equal(seen['readOwnCode'], 'ok');
      assert.equal(seen['writeTmp'], 'ok');
      assert.notEqual(seen['readServerFile'], 'ok');
      assert.notEqual(seen['readShadow'], 'ok');
      assert.notEqual(seen['writeCode'], 'ok');
      const allowedAtRoot = [
        'bin',
        'code',
        'dev',
        'etc',
        'lib',
        'lib32',
        'lib64',
        'libx32',
        'proc',
        'runtime',
        'sbin',
        'tmp',
        'usr',
      ];
      assert.deepEqual(
        (seen['root'] as string[]).filter((entry) => !allowedAtRoot.includes(entry)),
        [],
      );
    });

    test('the initializer runs once per instance, before the first invocation', async () => {
      const spec = await deploy('initializer', { initializer: 'index.initialize' });
      const first = await call(spec);
      const second = await call(spec);
      assert.deepEqual([parsePayload(first), parsePayload(second)], [1, 1]);
      assert.match(first.log, /initializing/);
      assert.doesNotMatch(second.log, /initializing/);
    });

    test('an initializer that throws gives InitializationError', async () => {
      const result = await call(await deploy('initializerThrows', { initializer: 'index.initialize' }));
      assert.equal(result.error, 'InitializationError');
      assert.match(errorOf(result).errorMessage, /init failed/);
    });

    test('a thrown error is reported with its type, message and stack', async () => {
      const result = await call(await deploy('throwsError'));
      assert.equal(result.error, 'FunctionError');
      const error = errorOf(result);
      assert.equal(error.errorType, 'CustomError');
      assert.equal(error.errorMessage, 'boom');
      assert.ok(error.stackTrace.length > 0 && error.stackTrace.every((line) => typeof line === 'string'));
    });

    test('a syntax error is a LoadError naming the file and line', async () => {
      const result = await call(await deploy('syntaxError'));
      assert.equal(result.error, 'LoadError');
      assert.match(errorText(result), cases.syntaxErrorLocation);
    });

    test('a handler that is not exported is a LoadError saying so', async () => {
      const result = await call(await deploy('missingHandler', { handler: 'index.nope' }));
      assert.equal(result.error, 'LoadError');
      assert.equal(errorOf(result).errorMessage, cases.missingHandlerMessage);
    });

    test('a missing module is a LoadError naming it', async () => {
      const result = await call(await deploy('missingModule'));
      assert.equal(result.error, 'LoadError');
      assert.match(errorOf(result).errorMessage, /index/);
    });

    for (const name of ['busyLoop', 'microtaskLoop', 'neverSettles'] as const) {
      test(`a function that never returns (${name}) times out, and its instance is replaced`, async () => {
        // The memory is generous: a growing promise chain would otherwise hit 128 MB first.
        const spec = await deploy(name, { timeoutMs: SHORT_TIMEOUT_MS, memoryMb: 1024 });
        const result = await call(spec);
        assert.equal(result.error, 'Timeout');
        assert.equal(errorOf(result).errorMessage, `function timed out after ${SHORT_TIMEOUT_MS} ms`);
        assert.match(result.log, /starting/);
        const again = await call(spec);
        assert.equal(again.error, 'Timeout');
        assert.equal(again.coldStart, true);
      });
    }

    test('a function allocating without bound is killed at its memory limit; others keep working', async () => {
      const result = await call(await deploy('memoryHog', { memoryMb: 128 }));
      assert.equal(result.error, 'OutOfMemory');
      assert.ok((result.maxMemoryUsedMb ?? 0) >= 100);
      const other = await call(await deploy('echoJson'), { still: 'working' });
      assert.deepEqual(parsePayload(other), { got: { still: 'working' }, isBytes: true });
    });

    test('a process that exits is a Crash with its exit code', async () => {
      const result = await call(await deploy('exits'));
      assert.equal(result.error, 'Crash');
      assert.match(errorOf(result).errorMessage, /exit code 3/);
      assert.match(result.log, /exiting/);
    });

    test('a process killed by a signal is a Crash naming it', async () => {
      const result = await call(await deploy('segfault'));
      assert.equal(result.error, 'Crash');
      assert.match(errorOf(result).errorMessage, /SIGSEGV/);
    });

    test('instances are reused for one version of one account only', async () => {
      const spec = await deploy('counter');
      const counts = [];
      for (const target of [spec, spec, { ...spec, version: 2 }, spec, { ...spec, accountId: 'account-2' }]) {
        counts.push(parsePayload(await call(target)));
      }
      assert.deepEqual(counts, [1, 2, 1, 3, 1]);
    });

    test('logs are captured per invocation, in order, logger lines prefixed', async () => {
      const spec = await deploy('logs');
      const [firstId, secondId] = [requestId(), requestId()];
      const first = await call(spec, {}, firstId);
      const second = await call(spec, {}, secondId);
      const positions = ['one', 'two', 'three', 'four', 'five'].map((word) => first.log.indexOf(word));
      assert.ok(
        positions.every((position, i) => position >= 0 && (i === 0 || position > (positions[i - 1] ?? 0))),
      );
      assert.match(first.log, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${firstId} \\[INFO\\] two$`, 'm'));
      assert.ok(first.log.includes(firstId) && !first.log.includes(secondId));
      assert.ok(second.log.includes(secondId) && !second.log.includes(firstId));
      assert.equal(first.logTruncated, false);
    });

    test('a function can call an HTTP server', async () => {
      const { port } = httpServer.address() as AddressInfo;
      const result = await call(await deploy('httpCall'), { url: `http://127.0.0.1:${port}/` });
      assert.equal(result.error, undefined, result.payload.toString());
      assert.equal(result.payload.toString('utf8'), 'pong from the test server');
    });

    test('concurrent invocations of one function all succeed', async () => {
      const spec = await deploy('sleeps');
      const ids = Array.from({ length: 10 }, () => requestId());
      const results = await Promise.all(ids.map((id) => call(spec, {}, id)));
      assert.deepEqual(
        results.map((result) => result.payload.toString('utf8')),
        ids,
      );
    });
  });
}
