import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { zipSync } from 'fflate';
import { startTestHotline, type TestHotline } from '../helpers/hotline.js';
import { type LookupServer, startLookupServer } from '../helpers/lookup-server.js';
import { seedNode, seedPython } from '../helpers/seed-functions.js';

const svc = '/v1/regions/cn-hangzhou/services';
const fnPath = (name: string) => `${svc}/demo-service/functions/${name}`;

interface Summary {
  status: string;
  result: string | null;
  errorType?: string;
  error?: { errorMessage: string; errorType: string; stackTrace: string[] };
  log: string;
  requestId: string;
  version: number;
}

describe('the function service through the HTTP API', () => {
  let h: TestHotline;
  let lookup: LookupServer;
  before(async () => {
    h = await startTestHotline();
    lookup = await startLookupServer();
    const created = await h.request('POST', svc, { name: 'demo-service', description: 'seed' });
    assert.equal(created.status, 201, created.text);
  });
  after(async () => {
    await h.close();
    await lookup.close();
  });

  for (const [runtime, code, file] of [
    ['python3', seedPython, 'index.py'],
    ['nodejs20', seedNode, 'index.js'],
  ] as const) {
    it(`follows the seed's steps 1 and 2 in ${runtime}`, async () => {
      const name = `get_number_region_${runtime.replace(/\d+/, '')}`;
      const created = await h.request('POST', `${svc}/demo-service/functions`, {
        name,
        runtime,
        handler: 'index.handler',
        environmentVariables: { LOOKUP_URL: lookup.url },
        code: { files: { [file]: code } },
      });
      assert.equal(created.status, 201, created.text);
      assert.equal((created.json as { version: number }).version, 1);

      // "Run" with no input: the handler finds no phone and returns nothing → null.
      const empty = (await h.request('POST', `${fnPath(name)}/test`, {})).json as Summary;
      assert.equal(empty.status, 'success');
      assert.equal(empty.result, 'null');
      assert.match(empty.log, /lookup failed/);

      // Save a trigger event and run it by name.
      const saved = await h.request('POST', `${fnPath(name)}/test-events`, {
        name: 'phone',
        payload: '{"phone": "13800138000"}',
      });
      assert.equal(saved.status, 201, saved.text);
      const run = await h.request('POST', `${fnPath(name)}/test-events/phone/invoke`);
      const summary = run.json as Summary;
      assert.equal(run.status, 200, run.text);
      assert.equal(summary.status, 'success', JSON.stringify(summary));
      assert.equal(summary.result, '北京北京');
      assert.ok(lookup.requests.includes('13800138000'), 'the function called the lookup API');

      // The invocation's log is kept and listable by request id.
      const listed = await h.request('GET', `${fnPath(name)}/invocations`);
      const ids = (listed.json as { invocations: { requestId: string }[] }).invocations.map(
        (i) => i.requestId,
      );
      assert.ok(ids.includes(summary.requestId));
      const one = await h.request('GET', `${fnPath(name)}/invocations/${summary.requestId}`);
      assert.equal((one.json as { source: string }).source, 'test-event');
    });
  }

  it('answers the raw invoke route with the result bytes and the error-type and log headers', async () => {
    const created = await h.request('POST', `${svc}/demo-service/functions`, {
      name: 'thrower',
      runtime: 'nodejs20',
      code: {
        files: {
          'index.js':
            "exports.handler = async (event) => { console.log('got', event.toString()); if (event.length === 0) throw new TypeError('no event'); return { echo: JSON.parse(event) }; };",
        },
      },
    });
    assert.equal(created.status, 201, created.text);
    const ok = await h.request('POST', `${fnPath('thrower')}/invocations`, Buffer.from('{"a":1}'));
    assert.equal(ok.status, 200);
    assert.deepEqual(JSON.parse(ok.text), { echo: { a: 1 } });
    assert.equal(ok.headers.get('x-hotline-error-type'), null);
    assert.match(
      Buffer.from(ok.headers.get('x-hotline-log-result') ?? '', 'base64').toString(),
      /got \{"a":1\}/,
    );
    assert.ok(ok.headers.get('x-hotline-request-id'));

    const bad = await h.request('POST', `${fnPath('thrower')}/invocations`, Buffer.alloc(0));
    assert.equal(bad.status, 200);
    assert.equal(bad.headers.get('x-hotline-error-type'), 'FunctionError');
    const err = JSON.parse(bad.text) as { errorMessage: string; errorType: string; stackTrace: string[] };
    assert.equal(err.errorMessage, 'no event');
    assert.equal(err.errorType, 'TypeError');
    assert.ok(err.stackTrace.some((l) => l.includes('index.js')));
  });

  it('gives exact errors for unknown services and functions and invalid names', async () => {
    const wrongService = await h.request(
      'POST',
      '/v1/regions/cn-hangzhou/services/demo_service/functions/get_number_region_python/test',
      {},
    );
    assert.equal(wrongService.status, 404);
    assert.equal((wrongService.json as { message: string }).message, "service 'demo_service' does not exist");
    assert.equal((wrongService.json as { code: string }).code, 'ServiceNotFound');

    const wrongFn = await h.request('GET', fnPath('x'));
    assert.equal(
      (wrongFn.json as { message: string }).message,
      "function 'x' does not exist in service 'demo-service'",
    );

    const wrongRegion = await h.request('GET', '/v1/regions/mars-1/services');
    assert.equal((wrongRegion.json as { message: string }).message, "region 'mars-1' does not exist");

    const badName = await h.request('POST', svc, { name: '1-bad name' });
    assert.equal(badName.status, 400);
    assert.match((badName.json as { message: string }).message, /service name/);

    const badRuntime = await h.request('POST', `${svc}/demo-service/functions`, {
      name: 'f',
      runtime: 'ruby',
      code: { files: { 'a.rb': '' } },
    });
    assert.equal(badRuntime.status, 400);
    assert.match((badRuntime.json as { message: string }).message, /runtime/);
  });

  it('reports code that fails to load with file and line, and a missing handler by name', async () => {
    await h.request('POST', `${svc}/demo-service/functions`, {
      name: 'broken_js',
      runtime: 'nodejs20',
      code: { files: { 'index.js': 'exports.handler = async () => {\n  return 1 +;\n};\n' } },
    });
    const js = (await h.request('POST', `${fnPath('broken_js')}/test`, {})).json as Summary;
    assert.equal(js.errorType, 'LoadError');
    assert.match(`${js.error?.errorMessage}\n${js.error?.stackTrace.join('\n')}`, /index\.js:2/);

    await h.request('POST', `${svc}/demo-service/functions`, {
      name: 'broken_py',
      runtime: 'python3',
      code: { files: { 'index.py': 'def handler(event, context)\n    return 1\n' } },
    });
    const py = (await h.request('POST', `${fnPath('broken_py')}/test`, {})).json as Summary;
    assert.equal(py.errorType, 'LoadError');
    assert.match(
      `${py.error?.errorMessage}\n${py.error?.stackTrace.join('\n')}`,
      /index\.py.*line 1|line 1.*index\.py|index\.py:1/,
    );

    await h.request('POST', `${svc}/demo-service/functions`, {
      name: 'no_handler',
      runtime: 'python3',
      handler: 'index.main',
      code: { files: { 'index.py': 'def handler(event, context):\n    return 1\n' } },
    });
    const missing = (await h.request('POST', `${fnPath('no_handler')}/test`, {})).json as Summary;
    assert.equal(missing.errorType, 'LoadError');
    assert.match(missing.error?.errorMessage ?? '', /main/);

    const ts = await h.request('POST', `${svc}/demo-service/functions`, {
      name: 'broken_ts',
      runtime: 'nodejs20',
      code: {
        files: { 'index.ts': 'export const handler = async (): Promise<number> => {\n  return (1 +;\n};\n' },
      },
    });
    assert.equal(ts.status, 400);
    assert.equal((ts.json as { code: string }).code, 'CodeBuildFailed');
    assert.match((ts.json as { message: string }).message, /index\.ts:2/);
  });

  it('runs TypeScript, makes immutable versions and runs an older one on request', async () => {
    const create = await h.request('POST', `${svc}/demo-service/functions`, {
      name: 'typed',
      runtime: 'nodejs20',
      code: {
        files: {
          'index.ts':
            "import { greet } from './greet';\nexport const handler = async (event: Buffer): Promise<string> => greet(event.toString());\n",
          'greet.ts': "export function greet(name: string): string {\n  return 'v1 hello ' + name;\n}\n",
        },
      },
    });
    assert.equal(create.status, 201, create.text);
    const v1 = (await h.request('POST', `${fnPath('typed')}/test`, { payload: 'ann' })).json as Summary;
    assert.equal(v1.result, 'v1 hello ann', JSON.stringify(v1));

    const zip = zipSync({
      'index.ts': Buffer.from("export const handler = async (event: Buffer) => 'v2 ' + event.toString();\n"),
    });
    const upload = await h.request('PUT', `${fnPath('typed')}/code`, Buffer.from(zip));
    assert.equal(upload.status, 200, upload.text);
    assert.equal((upload.json as { version: number }).version, 2);

    const latest = (await h.request('POST', `${fnPath('typed')}/test`, { payload: 'bob' })).json as Summary;
    assert.equal(latest.result, 'v2 bob');
    assert.equal(latest.version, 2);
    const old = (await h.request('POST', `${fnPath('typed')}/test?version=1`, { payload: 'bob' }))
      .json as Summary;
    assert.equal(old.result, 'v1 hello bob');

    const settings = await h.request('PATCH', fnPath('typed'), { timeoutSeconds: 5 });
    assert.equal((settings.json as { version: number; timeoutSeconds: number }).version, 3);
    const versions = (await h.request('GET', `${fnPath('typed')}/versions`)).json as {
      versions: { version: number; timeoutSeconds: number }[];
    };
    assert.deepEqual(
      versions.versions.map((v) => [v.version, v.timeoutSeconds]),
      [
        [3, 5],
        [2, 3],
        [1, 3],
      ],
    );
  });

  it('refuses bad code archives and oversized events with clear errors', async () => {
    const notZip = await h.request('PUT', `${fnPath('typed')}/code`, Buffer.from('this is not a zip'));
    assert.equal(notZip.status, 400);
    assert.equal((notZip.json as { code: string }).code, 'InvalidCode');
    const outside = await h.request('POST', `${svc}/demo-service/functions`, {
      name: 'escape',
      runtime: 'nodejs20',
      code: { files: { '../etc/passwd': 'x' } },
    });
    assert.equal(outside.status, 400);
    assert.match((outside.json as { message: string }).message, /outside the code folder/);
    const big = await h.request('POST', `${fnPath('typed')}/invocations`, Buffer.alloc(7 * 1024 * 1024, 1));
    assert.equal(big.status, 413);
    assert.equal((big.json as { code: string }).code, 'PayloadTooLarge');
  });
});

describe('without a working bubblewrap', () => {
  it('refuses to run functions and says why, unless unsandboxed mode is chosen', async () => {
    const h = await startTestHotline({ functions: { bwrapPath: '/nonexistent/bwrap' } });
    try {
      const status = (await h.request('GET', '/v1/status')).json as {
        functionsCanRun: boolean;
        sandbox: string;
      };
      assert.equal(status.functionsCanRun, false);
      assert.match(status.sandbox, /bubblewrap is not usable.*unsandboxed/);
      await h.request('POST', svc, { name: 'demo-service' });
      await h.request('POST', `${svc}/demo-service/functions`, {
        name: 'f',
        runtime: 'python3',
        code: { files: { 'index.py': 'def handler(e, c):\n    return "ran"\n' } },
      });
      const refused = await h.request('POST', `${fnPath('f')}/test`, {});
      assert.equal(refused.status, 503);
      assert.equal((refused.json as { code: string }).code, 'SandboxUnavailable');
    } finally {
      await h.close();
    }
    const open = await startTestHotline({
      functions: { bwrapPath: '/nonexistent/bwrap', sandbox: 'unsandboxed' },
    });
    try {
      await open.request('POST', svc, { name: 'demo-service' });
      await open.request('POST', `${svc}/demo-service/functions`, {
        name: 'f',
        runtime: 'python3',
        code: { files: { 'index.py': 'def handler(e, c):\n    return "ran"\n' } },
      });
      const ran = (await open.request('POST', `${fnPath('f')}/test`, {})).json as Summary;
      assert.equal(ran.result, 'ran');
    } finally {
      await open.close();
    }
  });
});
