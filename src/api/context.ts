import type { Accounts } from '../accounts/accounts.js';
import type { Principal } from '../accounts/principal.js';
import type { Sessions } from '../accounts/sessions.js';
import type { Config } from '../config/config.js';
import type { Agents } from '../contact-center/agents.js';
import type { CallRecords } from '../contact-center/call-records.js';
import type { FlowTestCases } from '../contact-center/flow-test-cases.js';
import type { Flows } from '../contact-center/flows.js';
import type { Instances } from '../contact-center/instances.js';
import type { Integrations } from '../contact-center/integrations.js';
import type { LiveAcds } from '../contact-center/live-acd.js';
import type { PhoneNumbers } from '../contact-center/phone-numbers.js';
import type { Prompts } from '../contact-center/prompts.js';
import type { Simulations } from '../contact-center/simulation.js';
import type { SkillGroups } from '../contact-center/skill-groups.js';
import type { Workbench } from '../contact-center/workbench/workbench.js';
import type { Invocations } from '../functions/invocations.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { TestEvents } from '../functions/test-events.js';
import type { Clock } from '../shared/clock.js';
import type { Credential } from './auth.js';

/** What the HTTP API works with; the composition root builds it. */
export interface ApiServices {
  config: Config;
  clock: Clock;
  accounts: Accounts;
  /** Password sign-in and its session tokens. */
  sessions: Sessions;
  /** The agent workbench: its sign-in and its sockets. */
  workbench: Pick<Workbench, 'sessions' | 'open'>;
  registry: FunctionRegistry;
  invocations: Invocations;
  testEvents: TestEvents;
  cc: {
    instances: Instances;
    skillGroups: SkillGroups;
    agents: Agents;
    prompts: Prompts;
    numbers: PhoneNumbers;
    integrations: Integrations;
    flows: Flows;
    testCases: FlowTestCases;
    calls: CallRecords;
    simulations: Simulations;
    acds: LiveAcds;
  };
  /** The Prometheus text exposition of this process. */
  metricsText: () => Promise<string>;
  /** Drops warm instances of a deleted function. */
  evictFunction: (accountId: string, service: string, name: string) => Promise<void>;
  /** Notes shown by GET /v1/status (e.g. that functions run unsandboxed). */
  status: () => Promise<Record<string, unknown>>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    credential: Credential;
  }
}
