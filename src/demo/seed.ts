import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Accounts } from '../accounts/accounts.js';
import type { CodeFiles } from '../functions/code-package.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { TestEvents } from '../functions/test-events.js';
import { isHotlineError } from '../shared/errors.js';
import { packageRoot } from '../shared/paths.js';

export const demoRegion = 'cn-hangzhou';
export const demoService = 'demo-service';
export const demoFunction = 'get_number_region';

/**
 * The demo of `npm start`: the seed scenario's function in the root account, with saved test
 * events. Created once; a user's later edits are kept.
 */
export async function seedDemo(deps: {
  accounts: Accounts;
  registry: FunctionRegistry;
  testEvents: TestEvents;
  logger: Logger;
}): Promise<void> {
  const { accounts, registry, testEvents, logger } = deps;
  const root = (await accounts.listAccounts()).find((a) => a.name === 'root');
  if (!root) return;
  try {
    await registry.getService(root.id, demoRegion, demoService);
    return;
  } catch (err) {
    if (!isHotlineError(err, 'ServiceNotFound')) throw err;
  }
  await registry.createService(root.id, demoRegion, {
    name: demoService,
    description: 'Demo: the seed scenario',
  });
  await registry.createFunction(root.id, demoRegion, demoService, {
    name: demoFunction,
    settings: {
      runtime: 'python3',
      handler: 'index.handler',
      timeoutSeconds: 3,
      memoryMb: 128,
      environmentVariables: {},
      description: '号码归属地: phone number → province + city',
    },
    files: readFolder(join(packageRoot, 'demo/functions/get_number_region')),
  });
  const events: [string, string][] = [
    ['beijing-mobile', '{"phone": "13800138000"}'],
    ['shanghai-fixed', '{"phone": "02112345678"}'],
    ['hebei-fixed', '{"phone": "031187654321"}'],
    ['empty', ''],
  ];
  for (const [name, payload] of events)
    await testEvents.put(root.id, demoRegion, demoService, demoFunction, name, payload);
  logger.info(
    `demo: created ${demoRegion}/${demoService}/${demoFunction} with test events ${events.map((e) => e[0]).join(', ')}`,
  );
}

function readFolder(dir: string): CodeFiles {
  const files: CodeFiles = new Map();
  for (const name of readdirSync(dir)) files.set(name, readFileSync(join(dir, name)));
  return files;
}
