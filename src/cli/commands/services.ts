import type { Command } from 'commander';
import { action, clientFor, enc, globals, regionOf } from '../common.js';
import { printJson, printTable } from '../output.js';

interface Service {
  region: string;
  name: string;
  description: string;
  createdAt: string;
}

export function serviceCommands(program: Command): void {
  program
    .command('regions')
    .description('List the regions of the function service')
    .action(
      action(async (_o: unknown, cmd: Command) => {
        const res = await clientFor(cmd).json<{ regions: { id: string; name: string }[] }>(
          'GET',
          '/v1/regions',
        );
        if (globals(cmd).json) printJson(res);
        else printTable(res.regions, ['id', 'name']);
      }),
    );

  const svc = program
    .command('service')
    .description('Services of the function service (a region holds services)');
  svc
    .command('create <name>')
    .description('Create a service')
    .option('--description <text>', 'description')
    .action(
      action(async (name: string, o: { description?: string }, cmd: Command) => {
        const created = await clientFor(cmd).json<Service>(
          'POST',
          `/v1/regions/${enc(regionOf(cmd))}/services`,
          {
            name,
            ...(o.description ? { description: o.description } : {}),
          },
        );
        if (globals(cmd).json) printJson(created);
        else process.stdout.write(`created service ${created.name} in ${created.region}\n`);
      }),
    );
  svc
    .command('list')
    .description('List services in the region')
    .action(
      action(async (_o: unknown, cmd: Command) => {
        const res = await clientFor(cmd).json<{ services: Service[] }>(
          'GET',
          `/v1/regions/${enc(regionOf(cmd))}/services`,
        );
        if (globals(cmd).json) printJson(res);
        else
          printTable(res.services as unknown as Record<string, unknown>[], [
            'name',
            'description',
            'createdAt',
          ]);
      }),
    );
  svc
    .command('get <name>')
    .description('Show a service')
    .action(
      action(async (name: string, _o: unknown, cmd: Command) => {
        printJson(
          await clientFor(cmd).json('GET', `/v1/regions/${enc(regionOf(cmd))}/services/${enc(name)}`),
        );
      }),
    );
  svc
    .command('delete <name>')
    .description('Delete an empty service')
    .action(
      action(async (name: string, _o: unknown, cmd: Command) => {
        await clientFor(cmd).json('DELETE', `/v1/regions/${enc(regionOf(cmd))}/services/${enc(name)}`);
        if (!globals(cmd).json) process.stdout.write(`deleted service ${name}\n`);
        else printJson({ deleted: name });
      }),
    );
}
