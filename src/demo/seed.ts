import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Accounts } from '../accounts/accounts.js';
import type { Agents } from '../contact-center/agents.js';
import type { Flows } from '../contact-center/flows.js';
import type { Instances } from '../contact-center/instances.js';
import type { Integrations } from '../contact-center/integrations.js';
import type { PhoneNumbers } from '../contact-center/phone-numbers.js';
import type { SkillGroups } from '../contact-center/skill-groups.js';
import type { CodeFiles } from '../functions/code-package.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { TestEvents } from '../functions/test-events.js';
import { isHotlineError } from '../shared/errors.js';
import { packageRoot } from '../shared/paths.js';

export const demoRegion = 'cn-hangzhou';
export const demoService = 'demo-service';
export const demoFunction = 'get_number_region';
export const demoInstance = 'demo';
export const demoNumber = '4008001234';

/** The demo's agents: one per regional group and one for the human (fallback) group. */
export const demoAgents = [
  {
    loginName: '1001',
    displayName: '北京坐席 1001',
    extension: '1001',
    // Demo credentials, documented in the README (the demo listens on loopback only).
    password: 'hotline-1001',
    skills: [{ skillGroup: '北京客服组', level: 8 }],
  },
  {
    loginName: '1002',
    displayName: '河北坐席 1002',
    extension: '1002',
    // Demo credentials, documented in the README (the demo listens on loopback only).
    password: 'hotline-1002',
    skills: [{ skillGroup: '河北客服组', level: 8 }],
  },
  {
    loginName: '1003',
    displayName: '上海坐席 1003',
    extension: '1003',
    // Demo credentials, documented in the README (the demo listens on loopback only).
    password: 'hotline-1003',
    skills: [{ skillGroup: '上海客服组', level: 8 }],
  },
  {
    loginName: '1000',
    displayName: '人工坐席 1000',
    extension: '1000',
    // Demo credentials, documented in the README (the demo listens on loopback only).
    password: 'hotline-1000',
    skills: [{ skillGroup: '人工客服组', level: 5 }],
  },
];

/**
 * The demo of `npm start`: the seed scenario's function in the root account, with saved test
 * events. Created once; a user's later edits are kept.
 */
export async function seedDemo(deps: {
  accounts: Accounts;
  registry: FunctionRegistry;
  testEvents: TestEvents;
  cc: {
    instances: Instances;
    integrations: Integrations;
    skillGroups: SkillGroups;
    agents: Agents;
    flows: Flows;
    numbers: PhoneNumbers;
  };
  logger: Logger;
}): Promise<void> {
  const { accounts, registry, testEvents, cc, logger } = deps;
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

  // The contact center of the seed scenario: steps 3 and 4.
  const id = root.id;
  await cc.instances.create(id, {
    name: demoInstance,
    description: 'Demo: the seed scenario',
    recordCalls: true,
  });
  await cc.instances.grantFunctionAccess(id, demoInstance, 'owner');
  await cc.integrations.add(id, demoInstance, {
    region: demoRegion,
    service: demoService,
    function: demoFunction,
  });
  for (const name of ['北京客服组', '河北客服组', '上海客服组', '人工客服组'])
    await cc.skillGroups.create(id, demoInstance, { name });
  for (const agent of demoAgents) await cc.agents.create(id, demoInstance, agent);
  const flowText = readFileSync(join(packageRoot, 'demo/flows/seed.yaml'), 'utf8');
  await cc.flows.create(id, demoInstance, { name: 'seed' });
  await cc.flows.saveDraft(id, demoInstance, 'seed', flowText, 'yaml');
  await cc.flows.publish(id, demoInstance, 'seed', 'owner', 'demo');
  await cc.numbers.add(id, demoInstance, { number: demoNumber, flow: 'seed', description: 'Demo hotline' });
  logger.info(`demo: instance '${demoInstance}' with the seed flow on number ${demoNumber}`);
}

function readFolder(dir: string): CodeFiles {
  const files: CodeFiles = new Map();
  for (const name of readdirSync(dir)) files.set(name, readFileSync(join(dir, name)));
  return files;
}
