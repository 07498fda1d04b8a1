import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ApiError } from '../client.js';
import { readCodeFolder } from '../code-folder.js';
import {
  action,
  clientFor,
  collectKeyValue,
  enc,
  globals,
  parseFunctionAddress,
  parsePositiveNumber,
  regionOf,
} from '../common.js';
import { printJson, printTable } from '../output.js';

interface FunctionView {
  name: string;
  serviceName: string;
  runtime: string;
  handler: string;
  version: number;
  timeoutSeconds: number;
  memoryMb: number;
  codeSize: number;
  updatedAt: string;
}

interface Summary {
  requestId: string;
  version: number;
  status: 'success' | 'error';
  result: string | null;
  resultBase64?: string;
  errorType?: string;
  error?: { errorMessage: string; errorType: string; stackTrace: string[] };
  durationMs: number;
  maxMemoryUsedMb: number | null;
  coldStart: boolean;
  log: string;
}

interface DeployOptions {
  service?: string;
  name?: string;
  runtime?: string;
  handler?: string;
  initializer?: string;
  timeout?: number;
  memory?: number;
  env?: Record<string, string>;
  description?: string;
  createService?: boolean;
}

export function functionCommands(program: Command): void {
  const fn = program.command('fn').description('Functions: deploy, invoke, test events, logs');
  const base = (cmd: Command, service: string) =>
    `/v1/regions/${enc(regionOf(cmd))}/services/${enc(service)}/functions`;

  fn.command('deploy <dir>')
    .description('Create a function from a folder, or give an existing one a new version')
    .requiredOption('-s, --service <service>', 'service that holds the function')
    .option('-n, --name <name>', 'function name (default: the folder name)')
    .option('-r, --runtime <runtime>', 'nodejs20 or python3 (needed on create)')
    .option('--handler <handler>', "handler, e.g. 'index.handler'")
    .option('--initializer <initializer>', "initializer, e.g. 'index.initialize'")
    .option('-t, --timeout <seconds>', 'timeout in seconds', parsePositiveNumber)
    .option('-m, --memory <mb>', 'memory limit in MB', parsePositiveNumber)
    .option('-e, --env <NAME=VALUE>', 'environment variable (repeatable)', collectKeyValue)
    .option('--description <text>', 'description')
    .option('--create-service', 'create the service when it does not exist')
    .action(
      action(async (dir: string, o: DeployOptions, cmd: Command) => {
        const client = clientFor(cmd);
        const service = o.service!;
        const name = o.name ?? dir.replace(/\/+$/, '').split('/').pop()!;
        const files = readCodeFolder(dir);
        const settings = {
          ...(o.runtime ? { runtime: o.runtime } : {}),
          ...(o.handler ? { handler: o.handler } : {}),
          ...(o.initializer ? { initializer: o.initializer } : {}),
          ...(o.timeout !== undefined ? { timeoutSeconds: o.timeout } : {}),
          ...(o.memory !== undefined ? { memoryMb: o.memory } : {}),
          ...(o.env ? { environmentVariables: o.env } : {}),
          ...(o.description ? { description: o.description } : {}),
        };
        let exists = true;
        try {
          await client.json('GET', `${base(cmd, service)}/${enc(name)}`);
        } catch (err) {
          if (!(err instanceof ApiError && err.code === 'FunctionNotFound')) {
            if (err instanceof ApiError && err.code === 'ServiceNotFound' && o.createService) {
              await client.json('POST', `/v1/regions/${enc(regionOf(cmd))}/services`, { name: service });
            } else throw err;
          }
          exists = false;
        }
        const view = exists
          ? await client.json<FunctionView>('PATCH', `${base(cmd, service)}/${enc(name)}`, {
              ...settings,
              code: { files },
            })
          : await client.json<FunctionView>('POST', base(cmd, service), {
              name,
              ...settings,
              code: { files },
            });
        if (globals(cmd).json) printJson(view);
        else {
          process.stdout.write(
            `${exists ? 'updated' : 'created'} ${service}/${name}: version ${view.version}, ${view.runtime}, ${Object.keys(files).length} file(s), ${view.codeSize} bytes\n`,
          );
        }
      }),
    );

  fn.command('list')
    .description('List the functions of a service')
    .requiredOption('-s, --service <service>', 'service')
    .action(
      action(async (o: { service: string }, cmd: Command) => {
        const res = await clientFor(cmd).json<{ functions: FunctionView[] }>('GET', base(cmd, o.service));
        if (globals(cmd).json) printJson(res);
        else
          printTable(res.functions as unknown as Record<string, unknown>[], [
            'name',
            'runtime',
            'handler',
            'version',
            'timeoutSeconds',
            'memoryMb',
            'updatedAt',
          ]);
      }),
    );

  fn.command('get <service/function>')
    .description('Show a function')
    .action(
      action(async (address: string, _o: unknown, cmd: Command) => {
        const a = parseFunctionAddress(address);
        printJson(await clientFor(cmd).json('GET', `${base(cmd, a.service)}/${enc(a.fn)}`));
      }),
    );

  fn.command('delete <service/function>')
    .description('Delete a function with its versions, test events and logs')
    .action(
      action(async (address: string, _o: unknown, cmd: Command) => {
        const a = parseFunctionAddress(address);
        await clientFor(cmd).json('DELETE', `${base(cmd, a.service)}/${enc(a.fn)}`);
        if (globals(cmd).json) printJson({ deleted: address });
        else process.stdout.write(`deleted ${address}\n`);
      }),
    );

  fn.command('versions <service/function>')
    .description('List the versions of a function')
    .action(
      action(async (address: string, _o: unknown, cmd: Command) => {
        const a = parseFunctionAddress(address);
        const res = await clientFor(cmd).json<{ versions: Record<string, unknown>[] }>(
          'GET',
          `${base(cmd, a.service)}/${enc(a.fn)}/versions`,
        );
        if (globals(cmd).json) printJson(res);
        else
          printTable(res.versions, [
            'version',
            'runtime',
            'handler',
            'timeoutSeconds',
            'memoryMb',
            'codeSha256',
            'createdAt',
          ]);
      }),
    );

  fn.command('invoke <service/function>')
    .description('Run a function and print what it returned (its log goes to stderr)')
    .option('--payload <text>', 'the event, as text (default: empty)')
    .option('-f, --file <file>', 'read the event from a file')
    .option('--event <name>', 'use a saved test event')
    .option('--version <n>', 'run this version (default: latest)', parsePositiveNumber)
    .option('--quiet', 'do not print the log')
    .action(
      action(
        async (
          address: string,
          o: { payload?: string; file?: string; event?: string; version?: number; quiet?: boolean },
          cmd: Command,
        ) => {
          const a = parseFunctionAddress(address);
          const payload = o.file ? readFileSync(o.file, 'utf8') : o.payload;
          const query = o.version ? `?version=${o.version}` : '';
          const s = await clientFor(cmd).json<Summary>(
            'POST',
            `${base(cmd, a.service)}/${enc(a.fn)}/test${query}`,
            {
              ...(payload !== undefined ? { payload } : {}),
              ...(o.event ? { event: o.event } : {}),
            },
          );
          printSummary(s, globals(cmd).json ?? false, o.quiet ?? false);
        },
      ),
    );

  fn.command('logs <service/function>')
    .description('List recent invocations, or show one with its whole log')
    .option('--request-id <id>', 'show this invocation with its log')
    .option('--limit <n>', 'how many (default 20)', parsePositiveNumber)
    .action(
      action(async (address: string, o: { requestId?: string; limit?: number }, cmd: Command) => {
        const a = parseFunctionAddress(address);
        const path = `${base(cmd, a.service)}/${enc(a.fn)}/invocations`;
        const client = clientFor(cmd);
        if (o.requestId) {
          const rec = await client.json<Record<string, unknown> & { log: string }>(
            'GET',
            `${path}/${enc(o.requestId)}`,
          );
          if (globals(cmd).json) printJson(rec);
          else {
            const { log, ...rest } = rec;
            for (const [k, v] of Object.entries(rest)) process.stdout.write(`${k}: ${String(v)}\n`);
            process.stdout.write(`--- log ---\n${log}`);
          }
          return;
        }
        const res = await client.json<{ invocations: Record<string, unknown>[] }>(
          'GET',
          `${path}?limit=${o.limit ?? 20}`,
        );
        if (globals(cmd).json) printJson(res);
        else
          printTable(res.invocations, [
            'requestId',
            'startedAt',
            'version',
            'status',
            'errorType',
            'durationMs',
            'source',
          ]);
      }),
    );

  const ev = fn.command('event').description('Saved test events of a function');
  ev.command('save <service/function> <name>')
    .description('Save a test event (replaces one of the same name)')
    .option('--payload <text>', 'the event as text')
    .option('-f, --file <file>', 'read the event from a file')
    .action(
      action(async (address: string, name: string, o: { payload?: string; file?: string }, cmd: Command) => {
        const a = parseFunctionAddress(address);
        const payload = o.file ? readFileSync(o.file, 'utf8') : (o.payload ?? '');
        const saved = await clientFor(cmd).json('POST', `${base(cmd, a.service)}/${enc(a.fn)}/test-events`, {
          name,
          payload,
        });
        if (globals(cmd).json) printJson(saved);
        else process.stdout.write(`saved test event '${name}'\n`);
      }),
    );
  ev.command('list <service/function>')
    .description('List saved test events')
    .action(
      action(async (address: string, _o: unknown, cmd: Command) => {
        const a = parseFunctionAddress(address);
        const res = await clientFor(cmd).json<{ events: Record<string, unknown>[] }>(
          'GET',
          `${base(cmd, a.service)}/${enc(a.fn)}/test-events`,
        );
        if (globals(cmd).json) printJson(res);
        else printTable(res.events, ['name', 'payload', 'updatedAt']);
      }),
    );
  ev.command('run <service/function> <name>')
    .description('Run the function with a saved test event')
    .option('--quiet', 'do not print the log')
    .action(
      action(async (address: string, name: string, o: { quiet?: boolean }, cmd: Command) => {
        const a = parseFunctionAddress(address);
        const s = await clientFor(cmd).json<Summary>(
          'POST',
          `${base(cmd, a.service)}/${enc(a.fn)}/test-events/${enc(name)}/invoke`,
        );
        printSummary(s, globals(cmd).json ?? false, o.quiet ?? false);
      }),
    );
  ev.command('delete <service/function> <name>')
    .description('Delete a saved test event')
    .action(
      action(async (address: string, name: string, _o: unknown, cmd: Command) => {
        const a = parseFunctionAddress(address);
        await clientFor(cmd).json('DELETE', `${base(cmd, a.service)}/${enc(a.fn)}/test-events/${enc(name)}`);
        if (globals(cmd).json) printJson({ deleted: name });
        else process.stdout.write(`deleted test event '${name}'\n`);
      }),
    );
}

/** Result on stdout (as the handler returned it), log and error details on stderr. */
function printSummary(s: Summary, json: boolean, quiet: boolean): void {
  if (json) {
    printJson(s);
    if (s.status === 'error') process.exitCode = 1;
    return;
  }
  if (!quiet && s.log)
    process.stderr.write(
      `--- log (request ${s.requestId}) ---\n${s.log}${s.log.endsWith('\n') ? '' : '\n'}---\n`,
    );
  if (s.status === 'success') {
    process.stdout.write(`${s.result ?? Buffer.from(s.resultBase64 ?? '', 'base64').toString('latin1')}\n`);
  } else {
    process.stderr.write(`${s.errorType}: ${s.error?.errorType ?? ''}: ${s.error?.errorMessage ?? ''}\n`);
    for (const line of s.error?.stackTrace ?? []) process.stderr.write(`    ${line}\n`);
    process.exitCode = 1;
  }
  process.stderr.write(
    `request ${s.requestId}, version ${s.version}, ${s.durationMs.toFixed(1)} ms${s.maxMemoryUsedMb ? `, ${s.maxMemoryUsedMb} MB` : ''}${s.coldStart ? ', cold start' : ''}\n`,
  );
}
