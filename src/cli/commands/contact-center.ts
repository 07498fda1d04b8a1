import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ApiError } from '../client.js';
import { action, clientFor, enc, globals, parsePositiveNumber } from '../common.js';
import { printJson, printTable } from '../output.js';

type Row = Record<string, unknown>;

/** `--instance`, or HOTLINE_INSTANCE. */
function instanceOf(cmd: Command): string {
  const value = cmd.optsWithGlobals<{ instance?: string }>().instance ?? process.env['HOTLINE_INSTANCE'];
  if (!value)
    throw new ApiError(0, 'MissingInstance', 'name the instance with --instance (or HOTLINE_INSTANCE)');
  return value;
}

const base = (cmd: Command) => `/v1/instances/${enc(instanceOf(cmd))}`;

/** Prints a list answer as a table (or JSON). */
async function list(cmd: Command, path: string, key: string, columns: string[]): Promise<void> {
  const res = await clientFor(cmd).json<Record<string, Row[]>>('GET', path);
  if (globals(cmd).json) printJson(res);
  else printTable(res[key] ?? [], columns);
}

async function show(
  cmd: Command,
  method: string,
  path: string,
  body?: unknown,
  say?: (v: Row) => string,
): Promise<void> {
  const res = await clientFor(cmd).json<Row>(method, path, body);
  if (globals(cmd).json || !say) printJson(res ?? {});
  else process.stdout.write(`${say(res ?? {})}\n`);
}

export function contactCenterCommands(program: Command): void {
  program.option('-i, --instance <name>', 'contact-center instance (HOTLINE_INSTANCE)');

  const inst = program.command('instance').description('Contact-center instances');
  inst
    .command('create <name>')
    .option('--description <text>')
    .description('Create an instance')
    .action(
      action(async (name: string, o: { description?: string }, cmd: Command) =>
        show(
          cmd,
          'POST',
          '/v1/instances',
          { name, ...(o.description ? { description: o.description } : {}) },
          () => `created instance ${name}`,
        ),
      ),
    );
  inst
    .command('list')
    .description('List instances')
    .action(
      action(async (_o: unknown, cmd: Command) =>
        list(cmd, '/v1/instances', 'instances', ['name', 'description', 'createdAt']),
      ),
    );
  inst
    .command('get <name>')
    .description('Show an instance')
    .action(
      action(async (name: string, _o: unknown, cmd: Command) =>
        show(cmd, 'GET', `/v1/instances/${enc(name)}`),
      ),
    );
  inst
    .command('delete <name>')
    .description('Delete an instance and everything in it')
    .action(
      action(async (name: string, _o: unknown, cmd: Command) =>
        show(cmd, 'DELETE', `/v1/instances/${enc(name)}`, undefined, () => `deleted instance ${name}`),
      ),
    );
  inst
    .command('grant-functions <name>')
    .description("Let the instance's flows invoke the account's functions (the authorization step)")
    .action(
      action(async (name: string, _o: unknown, cmd: Command) =>
        show(
          cmd,
          'PUT',
          `/v1/instances/${enc(name)}/function-access`,
          undefined,
          () => `instance ${name} may now invoke functions`,
        ),
      ),
    );

  const fnEntry = program
    .command('ivr-function')
    .description("IVR integration settings: the functions an instance's flows may call");
  fnEntry
    .command('add <region> <service> <function>')
    .option('--version <n>', 'a fixed version', parsePositiveNumber)
    .description('Register a function')
    .action(
      action(async (region: string, service: string, fn: string, o: { version?: number }, cmd: Command) =>
        show(
          cmd,
          'POST',
          `${base(cmd)}/integration/functions`,
          { region, service, function: fn, ...(o.version ? { version: o.version } : {}) },
          (v) => `added entry ${String(v['id'])}`,
        ),
      ),
    );
  fnEntry
    .command('list')
    .description('List function entries')
    .action(
      action(async (_o: unknown, cmd: Command) =>
        list(cmd, `${base(cmd)}/integration/functions`, 'functions', [
          'id',
          'region',
          'service',
          'function',
          'version',
        ]),
      ),
    );
  fnEntry
    .command('edit <id>')
    .option('--region <region>')
    .option('--service <service>')
    .option('--function <function>')
    .description('Edit an entry')
    .action(
      action(async (id: string, o: { region?: string; service?: string; function?: string }, cmd: Command) =>
        show(cmd, 'PATCH', `${base(cmd)}/integration/functions/${enc(id)}`, o, () => `updated entry ${id}`),
      ),
    );
  fnEntry
    .command('delete <id>')
    .description('Remove an entry')
    .action(
      action(async (id: string, _o: unknown, cmd: Command) =>
        show(
          cmd,
          'DELETE',
          `${base(cmd)}/integration/functions/${enc(id)}`,
          undefined,
          () => `removed entry ${id}`,
        ),
      ),
    );
  fnEntry
    .command('test <id> [params...]')
    .description('Call the function with NAME=VALUE parameters; prints its result or the exact error')
    .action(
      action(async (id: string, params: string[], _o: unknown, cmd: Command) => {
        const parameters = Object.fromEntries(
          params.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]),
        );
        const res = await clientFor(cmd).json<{
          ok: boolean;
          error?: { code: string; message: string };
          invocation?: {
            status: string;
            result: string | null;
            errorType?: string;
            error?: { errorMessage: string };
          };
        }>('POST', `${base(cmd)}/integration/functions/${enc(id)}/test`, { parameters });
        if (globals(cmd).json) return printJson(res);
        if (!res.ok) {
          process.stderr.write(`error: ${res.error?.message} [${res.error?.code}]\n`);
          process.exitCode = 1;
        } else if (res.invocation?.status === 'error') {
          process.stderr.write(`${res.invocation.errorType}: ${res.invocation.error?.errorMessage}\n`);
          process.exitCode = 1;
        } else process.stdout.write(`${res.invocation?.result}\n`);
      }),
    );

  const group = program.command('group').description('Skill groups');
  group
    .command('create <name>')
    .option('--ring-timeout <s>', 'seconds an agent rings', parsePositiveNumber)
    .option('--acw <s>', 'after-call work seconds', Number)
    .description('Create a skill group')
    .action(
      action(async (name: string, o: { ringTimeout?: number; acw?: number }, cmd: Command) =>
        show(
          cmd,
          'POST',
          `${base(cmd)}/skill-groups`,
          {
            name,
            ...(o.ringTimeout ? { ringTimeoutSeconds: o.ringTimeout } : {}),
            ...(o.acw !== undefined ? { afterCallWorkSeconds: o.acw } : {}),
          },
          () => `created skill group ${name}`,
        ),
      ),
    );
  group
    .command('list')
    .description('List skill groups')
    .action(
      action(async (_o: unknown, cmd: Command) =>
        list(cmd, `${base(cmd)}/skill-groups`, 'skillGroups', [
          'name',
          'ringTimeoutSeconds',
          'afterCallWorkSeconds',
        ]),
      ),
    );

  const agent = program.command('agent').description('Agents');
  agent
    .command('create <login>')
    .requiredOption('--extension <ext>')
    .option('--name <display>')
    .option('--skill <group=level...>', 'skill groups with levels 1-10, e.g. 北京客服组=8')
    .description('Create an agent')
    .action(
      action(
        async (login: string, o: { extension: string; name?: string; skill?: string[] }, cmd: Command) => {
          const skills = (o.skill ?? []).map((s) => ({
            skillGroup: s.slice(0, s.lastIndexOf('=')),
            level: Number(s.slice(s.lastIndexOf('=') + 1)),
          }));
          await show(
            cmd,
            'POST',
            `${base(cmd)}/agents`,
            { loginName: login, extension: o.extension, ...(o.name ? { displayName: o.name } : {}), skills },
            () => `created agent ${login}`,
          );
        },
      ),
    );
  agent
    .command('list')
    .description('List agents')
    .action(
      action(async (_o: unknown, cmd: Command) =>
        list(cmd, `${base(cmd)}/agents`, 'agents', ['loginName', 'displayName', 'extension', 'skills']),
      ),
    );
  agent
    .command('state <login> [state]')
    .option('--reason <text>', 'why not ready')
    .description('Show or set an agent state: ready, notReady, offline, finishAfterCallWork')
    .action(
      action(async (login: string, state: string | undefined, o: { reason?: string }, cmd: Command) => {
        const path = `${base(cmd)}/agents/${enc(login)}/state`;
        const body = state ? { state, ...(o.reason ? { reason: o.reason } : {}) } : undefined;
        await show(
          cmd,
          state ? 'PUT' : 'GET',
          path,
          body,
          (v) => `agent ${login}: ${String(v['state'])}${v['reason'] ? ` (${String(v['reason'])})` : ''}`,
        );
      }),
    );
  program
    .command('live')
    .description('Queues and agents of an instance, now')
    .action(
      action(async (_o: unknown, cmd: Command) => {
        const res = await clientFor(cmd).json<{ skillGroups: Row[]; agents: Row[] }>(
          'GET',
          `${base(cmd)}/live`,
        );
        if (globals(cmd).json) return printJson(res);
        printTable(res.skillGroups, ['groupId', 'waiting', 'ringing', 'talking', 'longestWaitMs']);
        process.stdout.write('\n');
        printTable(res.agents, ['agentId', 'state', 'reason', 'callId']);
      }),
    );

  const number = program.command('number').description('Phone numbers');
  number
    .command('add <number>')
    .option('--flow <flow>', 'the flow calls to it run')
    .description('Add a number')
    .action(
      action(async (n: string, o: { flow?: string }, cmd: Command) =>
        show(
          cmd,
          'POST',
          `${base(cmd)}/numbers`,
          { number: n, ...(o.flow ? { flow: o.flow } : {}) },
          () => `added ${n}`,
        ),
      ),
    );
  number
    .command('bind <number> <flow>')
    .description('Run a flow for calls to the number')
    .action(
      action(async (n: string, flow: string, _o: unknown, cmd: Command) =>
        show(cmd, 'PATCH', `${base(cmd)}/numbers/${enc(n)}`, { flow }, () => `${n} runs flow ${flow}`),
      ),
    );
  number
    .command('list')
    .description('List numbers')
    .action(
      action(async (_o: unknown, cmd: Command) =>
        list(cmd, `${base(cmd)}/numbers`, 'numbers', ['number', 'flow', 'description']),
      ),
    );

  const prompt = program.command('prompt').description('Audio prompts');
  prompt
    .command('upload <name> <wav>')
    .description('Upload a WAV file (any rate and channels; converted for telephony)')
    .action(
      action(async (name: string, file: string, _o: unknown, cmd: Command) => {
        const res = await clientFor(cmd).raw(
          'PUT',
          `${base(cmd)}/prompts/${enc(name)}/audio`,
          readFileSync(file),
          'audio/wav',
        );
        const v = JSON.parse(res.body.toString('utf8')) as Row;
        if (globals(cmd).json) printJson(v);
        else
          process.stdout.write(
            `uploaded ${name}: ${String(v['durationMs'])} ms (from ${String(v['sourceFormat'])})\n`,
          );
      }),
    );
  prompt
    .command('tts <name> <text>')
    .option('--language <lang>', 'zh-CN, en-US or en-GB', 'zh-CN')
    .description('Create a prompt spoken by TTS')
    .action(
      action(async (name: string, text: string, o: { language: string }, cmd: Command) =>
        show(
          cmd,
          'POST',
          `${base(cmd)}/prompts`,
          { name, text, language: o.language },
          () => `created prompt ${name}`,
        ),
      ),
    );
  prompt
    .command('list')
    .description('List prompts')
    .action(
      action(async (_o: unknown, cmd: Command) =>
        list(cmd, `${base(cmd)}/prompts`, 'prompts', ['name', 'kind', 'durationMs', 'text']),
      ),
    );

  const flow = program.command('flow').description('IVR flows');
  flow
    .command('modules')
    .description('The module types, their exits and help')
    .action(
      action(async (_o: unknown, cmd: Command) => {
        const res = await clientFor(cmd).json<{
          modules: { type: string; title: { en: string; zh: string } }[];
        }>('GET', '/v1/ivr/modules');
        if (globals(cmd).json) return printJson(res);
        printTable(
          res.modules.map((m) => ({ type: m.type, title: m.title.en, 标题: m.title.zh })),
          ['type', 'title', '标题'],
        );
      }),
    );
  flow
    .command('list')
    .description('List flows')
    .action(
      action(async (_o: unknown, cmd: Command) =>
        list(cmd, `${base(cmd)}/flows`, 'flows', ['name', 'publishedVersion', 'updatedAt']),
      ),
    );
  flow
    .command('import <name> <file>')
    .description('Create a flow, or replace its draft, from a JSON or YAML file')
    .action(
      action(async (name: string, file: string, _o: unknown, cmd: Command) => {
        const client = clientFor(cmd);
        const exists = await client
          .json<{ flows: { name: string }[] }>('GET', `${base(cmd)}/flows`)
          .then((r) => r.flows.some((f) => f.name === name));
        if (!exists) await client.json('POST', `${base(cmd)}/flows`, { name });
        const text = readFileSync(file, 'utf8');
        const res = await client.raw(
          'PUT',
          `${base(cmd)}/flows/${enc(name)}/draft/text`,
          text,
          /\.ya?ml$/i.test(file) ? 'text/yaml' : 'text/plain',
        );
        const v = JSON.parse(res.body.toString('utf8')) as {
          problems: { severity: string; moduleId?: string; message: string }[];
        };
        if (globals(cmd).json) return printJson(v);
        process.stdout.write(`saved the draft of ${name}; ${v.problems.length} problem(s)\n`);
        for (const p of v.problems)
          process.stdout.write(`  ${p.severity}: ${p.moduleId ? `[${p.moduleId}] ` : ''}${p.message}\n`);
      }),
    );
  flow
    .command('export <name>')
    .option('--format <f>', 'json or yaml', 'json')
    .option('--version <n>', 'a published version', parsePositiveNumber)
    .description('Print a flow')
    .action(
      action(async (name: string, o: { format: string; version?: number }, cmd: Command) => {
        const res = await clientFor(cmd).raw(
          'GET',
          `${base(cmd)}/flows/${enc(name)}/export?format=${enc(o.format)}${o.version ? `&version=${o.version}` : ''}`,
        );
        process.stdout.write(res.body.toString('utf8'));
      }),
    );
  flow
    .command('validate <name>')
    .description("List every problem of a flow's draft")
    .action(
      action(async (name: string, _o: unknown, cmd: Command) => {
        const res = await clientFor(cmd).json<{
          ok: boolean;
          problems: { severity: string; code: string; moduleId?: string; message: string }[];
        }>('POST', `${base(cmd)}/flows/${enc(name)}/validate`, {});
        if (globals(cmd).json) return printJson(res);
        for (const p of res.problems)
          process.stdout.write(
            `${p.severity}: ${p.moduleId ? `[${p.moduleId}] ` : ''}${p.message} (${p.code})\n`,
          );
        process.stdout.write(res.ok ? 'valid\n' : 'not valid\n');
        if (!res.ok) process.exitCode = 1;
      }),
    );
  flow
    .command('publish <name>')
    .option('--note <text>')
    .description('Publish the draft as a new version')
    .action(
      action(async (name: string, o: { note?: string }, cmd: Command) =>
        show(
          cmd,
          'POST',
          `${base(cmd)}/flows/${enc(name)}/publish`,
          o.note ? { note: o.note } : {},
          (v) => `published ${name} version ${String(v['version'])}`,
        ),
      ),
    );
  flow
    .command('versions <name>')
    .description('List published versions')
    .action(
      action(async (name: string, _o: unknown, cmd: Command) =>
        list(cmd, `${base(cmd)}/flows/${enc(name)}/versions`, 'versions', [
          'version',
          'current',
          'publishedBy',
          'note',
          'createdAt',
        ]),
      ),
    );
  flow
    .command('rollback <name> <version>')
    .description('Publish an earlier version again')
    .action(
      action(async (name: string, version: string, _o: unknown, cmd: Command) =>
        show(
          cmd,
          'POST',
          `${base(cmd)}/flows/${enc(name)}/rollback`,
          { version: Number(version) },
          (v) => `${name} now runs version ${String(v['version'])} (a copy of ${version})`,
        ),
      ),
    );
  flow
    .command('test <name>')
    .option('--published', 'run against the published version instead of the draft')
    .description("Run the flow's saved test cases")
    .action(
      action(async (name: string, o: { published?: boolean }, cmd: Command) => {
        const res = await clientFor(cmd).json<{
          passed: number;
          failed: number;
          reports: { name: string; passed: boolean; differences: unknown[]; error?: string }[];
        }>('POST', `${base(cmd)}/flows/${enc(name)}/test-cases/run`, { draft: !o.published });
        if (globals(cmd).json) return printJson(res);
        for (const r of res.reports)
          process.stdout.write(
            `${r.passed ? 'pass' : 'FAIL'}  ${r.name}${r.passed ? '' : `  ${r.error ?? JSON.stringify(r.differences)}`}\n`,
          );
        process.stdout.write(`${res.passed} passed, ${res.failed} failed\n`);
        if (res.failed > 0) process.exitCode = 1;
      }),
    );

  const call = program.command('call').description('Calls: simulate one, list them, read a trace');
  call
    .command('simulate')
    .description('Simulate a call through a number or a flow and print its trace and outcome')
    .option('--number <number>', "call this number (its flow's published version)")
    .option('--flow <flow>', 'run this flow')
    .option('--draft', "with --flow: run the flow's draft")
    .requiredOption('--ani <number>', "the caller's number")
    .option('--press <digits...>', 'what the caller presses each time the flow asks (in order)')
    .option('--unanswered <agents...>', 'agents who ring but do not answer')
    .option('--offline <agents...>', 'agents who are not logged in')
    .action(
      action(
        async (
          o: {
            number?: string;
            flow?: string;
            draft?: boolean;
            ani: string;
            press?: string[];
            unanswered?: string[];
            offline?: string[];
          },
          cmd: Command,
        ) => {
          const agents: Record<string, { state?: string; answers?: boolean }> = {};
          for (const a of o.unanswered ?? []) agents[a] = { answers: false };
          for (const a of o.offline ?? []) agents[a] = { state: 'offline' };
          const res = await clientFor(cmd).json<{
            callId: string;
            outcome: Row;
            trace: {
              steps: {
                moduleId: string;
                moduleType: string;
                exit?: string;
                durationMs: number;
                changes?: { name: string; after: string }[];
                detail?: Row;
              }[];
            };
          }>('POST', `${base(cmd)}/calls/simulate`, {
            ani: o.ani,
            ...(o.number ? { number: o.number } : {}),
            ...(o.flow ? { flow: o.flow, draft: o.draft ?? false } : {}),
            ...(o.press ? { answers: o.press } : {}),
            agents,
          });
          if (globals(cmd).json) return printJson(res);
          for (const s of res.trace.steps) {
            const changes = (s.changes ?? []).map((c) => `${c.name}=${c.after}`).join(' ');
            process.stdout.write(
              `${s.moduleId.padEnd(14)} ${s.moduleType.padEnd(22)} → ${(s.exit ?? '-').padEnd(10)} ${s.durationMs.toFixed(1).padStart(8)} ms  ${changes}\n`,
            );
          }
          process.stdout.write(`outcome: ${JSON.stringify(res.outcome)}\ncall: ${res.callId}\n`);
        },
      ),
    );
  call
    .command('list')
    .option('--limit <n>', 'how many', parsePositiveNumber)
    .description('List calls')
    .action(
      action(async (o: { limit?: number }, cmd: Command) =>
        list(cmd, `${base(cmd)}/calls?limit=${o.limit ?? 20}`, 'calls', [
          'id',
          'channel',
          'status',
          'ani',
          'dnis',
          'disposition',
          'agent.loginName',
          'startedAt',
        ]),
      ),
    );
  call
    .command('get <id>')
    .description('A call with its trace')
    .action(
      action(async (id: string, _o: unknown, cmd: Command) =>
        show(cmd, 'GET', `${base(cmd)}/calls/${enc(id)}`),
      ),
    );
}
