import { z } from 'zod';
import type { FlowDocument } from '../ivr/flow.js';
import type { FlowLoader } from '../ivr/ports.js';
import type { SimulatedChannel } from '../ivr/simulated-channel.js';
import { routerFromRules, routingRulesSchema } from '../ivr/simulation/routing.js';
import { callScriptSchema } from '../ivr/simulation/script.js';
import { type SimulationResult, simulateCall } from '../ivr/simulation/simulate.js';
import { runTestCases } from '../ivr/simulation/test-cases.js';
import type { Clock } from '../shared/clock.js';
import { commonErrors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { Agents } from './agents.js';
import { type CallRecords, followTrace } from './call-records.js';
import { createFlowFunctionCaller } from './flow-function-caller.js';
import type { Flows } from './flows.js';
import type { Instances } from './instances.js';
import type { Integrations } from './integrations.js';
import type { PhoneNumbers } from './phone-numbers.js';
import { acdRouter, simulatedAgentsSchema } from './simulated-router.js';
import type { SkillGroups } from './skill-groups.js';

/** A simulated call: which flow (a number's, or a flow's draft/version), the caller's script, the agents. */
export const simulationRequestSchema = callScriptSchema
  .omit({ instanceId: true, callId: true })
  .extend({
    number: z
      .string()
      .max(64)
      .optional()
      .describe('Call this number: runs its flow, published version (DNIS = the number).'),
    flow: z.string().max(64).optional().describe('Run this flow instead of a number’s.'),
    draft: z.boolean().default(false).describe('With flow: run its draft (before it is published).'),
    version: z.number().int().positive().optional().describe('With flow: run this published version.'),
    agents: simulatedAgentsSchema
      .optional()
      .describe('How the instance’s agents behave (default: all ready, all answer); routed by the ACD.'),
    routing: routingRulesSchema.optional().describe('Decide transfers by fixed rules instead of the ACD.'),
    realTime: z
      .boolean()
      .default(false)
      .describe(
        'Let prompts and waits take real time; the call runs in the background and its trace can be watched.',
      ),
  })
  .refine((r) => (r.number === undefined) !== (r.flow === undefined), {
    message: 'give either number or flow',
  });

export type SimulationRequest = z.input<typeof simulationRequestSchema>;

export type Simulations = ReturnType<typeof createSimulations>;

/** Calls without a phone: the real engine, the real functions, a simulated caller and agents. */
export function createSimulations(deps: {
  clock: Clock;
  instances: Instances;
  flows: Flows;
  numbers: PhoneNumbers;
  integrations: Integrations;
  skillGroups: SkillGroups;
  agents: Agents;
  records: CallRecords;
}) {
  const { clock, instances, flows, numbers, integrations, skillGroups, agents, records } = deps;
  /** The caller's side of real-time simulated calls still running, by call id. */
  const lines = new Map<string, { accountId: string; instanceId: string; channel: SimulatedChannel }>();

  async function resolveFlow(
    accountId: string,
    instanceId: string,
    instanceName: string,
    req: z.output<typeof simulationRequestSchema>,
  ) {
    if (req.number !== undefined) {
      const route = await numbers.route(req.number);
      if (!route || route.instance_id !== instanceId)
        throw commonErrors.NotFound(`number ${req.number} does not belong to instance '${instanceName}'`);
      if (!route.flow_id) throw commonErrors.Conflict(`number ${req.number} is not bound to a flow`);
      const p = await flows.publishedForCall(route.flow_id);
      return {
        flowId: p.flow.id,
        flowName: p.flow.name,
        version: p.version as number | null,
        document: p.document,
        dnis: req.number,
      };
    }
    const name = req.flow!;
    if (req.draft) {
      const v = await flows.get(accountId, instanceName, name);
      return { flowId: v.id, flowName: v.name, version: null, document: v.draft, dnis: req.dnis };
    }
    const row = await flows.find(instanceId, name);
    const version = req.version ?? row.published_version;
    if (version === null || version === undefined) {
      throw commonErrors.Conflict(
        `flow '${name}' has not been published; simulate its draft with "draft": true`,
      );
    }
    return {
      flowId: row.id,
      flowName: row.name,
      version,
      document: await flows.version(accountId, instanceName, name, version),
      dnis: req.dnis,
    };
  }

  /** Subflows run their published version, looked up by id or name in the same instance. */
  function flowLoader(instanceId: string): FlowLoader {
    const cache = new Map<string, FlowDocument | undefined>();
    return {
      async load(ref) {
        if (cache.has(ref)) return cache.get(ref);
        let doc: FlowDocument | undefined;
        try {
          const row = await flows.find(instanceId, ref).catch(() => undefined);
          doc = (await flows.publishedForCall(row?.id ?? ref)).document;
        } catch {
          doc = undefined; // the engine reports a missing subflow in the trace
        }
        cache.set(ref, doc);
        return doc;
      },
    };
  }

  async function routerFor(instanceId: string, req: z.output<typeof simulationRequestSchema>) {
    if (req.routing) return routerFromRules(req.routing);
    const [groups, agentList] = await Promise.all([
      skillGroups.listByInstanceId(instanceId),
      agents.listByInstanceId(instanceId),
    ]);
    return acdRouter({ groups, agents: agentList, behaviour: req.agents ?? {} });
  }

  return {
    /**
     * Runs a simulated call. Instant calls answer with the whole result; real-time calls answer
     * with the call id at once, and their trace can be read while they run.
     */
    async simulate(accountId: string, instanceName: string, input: SimulationRequest) {
      const req = simulationRequestSchema.parse(input);
      const inst = await instances.find(accountId, instanceName);
      const flow = await resolveFlow(accountId, inst.id, instanceName, req);
      const callId = newId('call');
      const functions = createFlowFunctionCaller({ integrations, accountId, instanceId: inst.id });
      const router = await routerFor(inst.id, req);
      const {
        number: _n,
        flow: _f,
        draft: _d,
        version: _v,
        agents: _a,
        routing: _r,
        realTime,
        ...script
      } = req;
      let latestVariables: Record<string, string> = {};
      const live = await records.started(
        {
          id: callId,
          account_id: accountId,
          instance_id: inst.id,
          channel: 'simulated',
          flow_id: flow.flowId,
          flow_version: flow.version,
          ani: req.ani,
          dnis: flow.dnis,
          started_at: new Date(clock.now()).toISOString(),
          answered_at: new Date(clock.now()).toISOString(),
        },
        flow.flowName,
        () => latestVariables,
      );
      const run = simulateCall(
        flow.document,
        { ...script, dnis: flow.dnis, callId, instanceId: inst.id },
        {
          functions,
          flows: flowLoader(inst.id),
          router,
          ...(realTime ? { clock } : {}),
          onChannel: (channel) => lines.set(callId, { accountId, instanceId: inst.id, channel }),
          listener: (event) =>
            followTrace(live, event, (vars) => {
              latestVariables = { ...latestVariables, ...vars };
            }),
        },
      );
      const finished = run
        .then(async (result: SimulationResult) => {
          await records.ended(callId, result);
          return result;
        })
        .finally(() => lines.delete(callId));
      if (realTime) {
        finished.catch(() => undefined);
        return { callId, status: 'running' as const, flow: { name: flow.flowName, version: flow.version } };
      }
      const result = await finished;
      return {
        callId,
        status: 'ended' as const,
        flow: { name: flow.flowName, version: flow.version },
        outcome: result.outcome,
        variables: result.variables,
        events: result.events,
        trace: result.trace,
      };
    },

    /** The caller of a running real-time simulated call presses digits, or hangs up. */
    async act(
      accountId: string,
      instanceName: string,
      callId: string,
      action: { press: string } | { hangup: true },
    ) {
      const inst = await instances.find(accountId, instanceName);
      const line = lines.get(callId);
      if (!line || line.accountId !== accountId || line.instanceId !== inst.id) {
        throw commonErrors.NotFound(`no simulated call '${callId}' is running`);
      }
      if ('press' in action) line.channel.press(action.press);
      else line.channel.callerHangsUp();
    },

    /** Runs a flow's saved test cases against its draft (or a version) with the real functions. */
    async runTestCases(
      accountId: string,
      instanceName: string,
      flowName: string,
      cases: unknown[],
      options: { draft: boolean },
    ) {
      const inst = await instances.find(accountId, instanceName);
      const flow = await resolveFlow(
        accountId,
        inst.id,
        instanceName,
        simulationRequestSchema.parse({ ani: '0', flow: flowName, draft: options.draft }),
      );
      const functions = createFlowFunctionCaller({ integrations, accountId, instanceId: inst.id });
      return runTestCases(flow.document, cases as never[], { functions, flows: flowLoader(inst.id) });
    },
  };
}
