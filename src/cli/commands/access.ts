import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { action, clientFor, enc, globals } from '../common.js';
import { printJson, printTable } from '../output.js';
import { readSecret } from '../secret-input.js';

export function accessCommands(program: Command): void {
  program
    .command('whoami')
    .description('Show the account and user of the API key in use')
    .action(
      action(async (_o: unknown, cmd: Command) => {
        const me = await clientFor(cmd).json<{
          account: { name: string };
          user: { name: string; policies: string[] };
          isAdmin: boolean;
        }>('GET', '/v1/whoami');
        if (globals(cmd).json) printJson(me);
        else
          process.stdout.write(
            `account ${me.account.name}, user ${me.user.name}${me.isAdmin ? ' (system administrator)' : ''}; policies: ${me.user.policies.join(', ') || '-'}\n`,
          );
      }),
    );

  const user = program.command('user').description('Sub-users of the account');
  user
    .command('create <name>')
    .description('Create a sub-user')
    .option('--display-name <text>', 'display name')
    .option('--password <password>', 'console password (at least 8 characters)')
    .option('--policy <name...>', 'policies to attach, e.g. FCFullAccess CCCFullAccess')
    .option('--with-key', 'also create an API key for the user and print it')
    .action(
      action(
        async (
          name: string,
          o: { displayName?: string; password?: string; policy?: string[]; withKey?: boolean },
          cmd: Command,
        ) => {
          const client = clientFor(cmd);
          const created = await client.json('POST', '/v1/users', {
            name,
            ...(o.displayName ? { displayName: o.displayName } : {}),
            ...(o.password ? { password: o.password } : {}),
            ...(o.policy ? { policies: o.policy } : {}),
          });
          const key = o.withKey
            ? await client.json<{ id: string; token: string }>('POST', '/v1/api-keys', { userName: name })
            : undefined;
          if (globals(cmd).json) printJson({ user: created, ...(key ? { apiKey: key } : {}) });
          else {
            process.stdout.write(`created user ${name}\n`);
            if (key) process.stdout.write(`API key (shown once): ${key.token}\n`);
          }
        },
      ),
    );
  user
    .command('password <name>')
    .description(
      "Set a user's console password (asked for twice on a terminal; else the first line of standard input)",
    )
    .action(
      action(async (name: string, _o: unknown, cmd: Command) => {
        const password = await readSecret(`New password for ${name}: `);
        const problem =
          process.stdin.isTTY && (await readSecret('Again: ')) !== password
            ? 'the two passwords differ'
            : password.length < 8
              ? 'a password has at least 8 characters'
              : undefined;
        if (problem) {
          process.stderr.write(`error: ${problem}; nothing was changed\n`);
          process.exitCode = 1;
          return;
        }
        await clientFor(cmd).json('PUT', `/v1/users/${enc(name)}/password`, { password });
        process.stdout.write(`set the password of ${name}; it signs in to the console\n`);
      }),
    );
  user
    .command('list')
    .description('List users')
    .action(
      action(async (_o: unknown, cmd: Command) => {
        const res = await clientFor(cmd).json<{ users: Record<string, unknown>[] }>('GET', '/v1/users');
        if (globals(cmd).json) printJson(res);
        else printTable(res.users, ['name', 'displayName', 'isOwner', 'policies', 'createdAt']);
      }),
    );
  user
    .command('delete <name>')
    .description('Delete a user and its keys')
    .action(
      action(async (name: string, _o: unknown, cmd: Command) => {
        await clientFor(cmd).json('DELETE', `/v1/users/${enc(name)}`);
        process.stdout.write(`deleted user ${name}\n`);
      }),
    );
  user
    .command('attach <name> <policy>')
    .description('Attach a policy to a user')
    .action(
      action(async (name: string, policy: string, _o: unknown, cmd: Command) => {
        await clientFor(cmd).json('PUT', `/v1/users/${enc(name)}/policies/${enc(policy)}`);
        process.stdout.write(`attached ${policy} to ${name}\n`);
      }),
    );
  user
    .command('detach <name> <policy>')
    .description('Detach a policy from a user')
    .action(
      action(async (name: string, policy: string, _o: unknown, cmd: Command) => {
        await clientFor(cmd).json('DELETE', `/v1/users/${enc(name)}/policies/${enc(policy)}`);
        process.stdout.write(`detached ${policy} from ${name}\n`);
      }),
    );

  const key = program.command('key').description('API keys');
  key
    .command('create <user>')
    .description('Create an API key for a user (printed once)')
    .option('--description <text>', 'what the key is for')
    .action(
      action(async (userName: string, o: { description?: string }, cmd: Command) => {
        const created = await clientFor(cmd).json<{ id: string; token: string }>('POST', '/v1/api-keys', {
          userName,
          ...(o.description ? { description: o.description } : {}),
        });
        if (globals(cmd).json) printJson(created);
        else process.stdout.write(`${created.token}\n`);
      }),
    );
  key
    .command('list')
    .description('List API keys')
    .action(
      action(async (_o: unknown, cmd: Command) => {
        const res = await clientFor(cmd).json<{ apiKeys: Record<string, unknown>[] }>('GET', '/v1/api-keys');
        if (globals(cmd).json) printJson(res);
        else printTable(res.apiKeys, ['id', 'userName', 'description', 'createdAt', 'lastUsedAt']);
      }),
    );
  key
    .command('delete <id>')
    .description('Delete an API key')
    .action(
      action(async (id: string, _o: unknown, cmd: Command) => {
        await clientFor(cmd).json('DELETE', `/v1/api-keys/${enc(id)}`);
        process.stdout.write(`deleted key ${id}\n`);
      }),
    );

  const policy = program.command('policy').description('Policies (built-in and custom)');
  policy
    .command('list')
    .description('List policies')
    .action(
      action(async (_o: unknown, cmd: Command) => {
        const res = await clientFor(cmd).json<{ policies: Record<string, unknown>[] }>('GET', '/v1/policies');
        if (globals(cmd).json) printJson(res);
        else printTable(res.policies, ['name', 'builtIn', 'description']);
      }),
    );
  policy
    .command('create <name> <file>')
    .description(
      'Create a custom policy from a JSON document {"Statement":[{"Effect":"Allow","Action":[…],"Resource":[…]}]}',
    )
    .option('--description <text>', 'description')
    .action(
      action(async (name: string, file: string, o: { description?: string }, cmd: Command) => {
        const document = JSON.parse(readFileSync(file, 'utf8')) as unknown;
        const created = await clientFor(cmd).json('POST', '/v1/policies', {
          name,
          document,
          ...(o.description ? { description: o.description } : {}),
        });
        if (globals(cmd).json) printJson(created);
        else process.stdout.write(`created policy ${name}\n`);
      }),
    );
  policy
    .command('delete <name>')
    .description('Delete a custom policy')
    .action(
      action(async (name: string, _o: unknown, cmd: Command) => {
        await clientFor(cmd).json('DELETE', `/v1/policies/${enc(name)}`);
        process.stdout.write(`deleted policy ${name}\n`);
      }),
    );

  const account = program.command('account').description('Accounts (system administrator)');
  account
    .command('create <name>')
    .description("Create an account; prints its owner's API key once")
    .option('--owner-password <password>', "the owner's console password")
    .action(
      action(async (name: string, o: { ownerPassword?: string }, cmd: Command) => {
        const res = await clientFor(cmd).json<{ account: { id: string }; ownerKey: { token: string } }>(
          'POST',
          '/v1/accounts',
          {
            name,
            ...(o.ownerPassword ? { ownerPassword: o.ownerPassword } : {}),
          },
        );
        if (globals(cmd).json) printJson(res);
        else
          process.stdout.write(
            `created account ${name}; owner API key (shown once): ${res.ownerKey.token}\n`,
          );
      }),
    );
  account
    .command('list')
    .description('List accounts')
    .action(
      action(async (_o: unknown, cmd: Command) => {
        const res = await clientFor(cmd).json<{ accounts: Record<string, unknown>[] }>('GET', '/v1/accounts');
        if (globals(cmd).json) printJson(res);
        else printTable(res.accounts, ['id', 'name', 'createdAt']);
      }),
    );
}
