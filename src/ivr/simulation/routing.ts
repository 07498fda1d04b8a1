/**
 * Who answers a simulated transfer. A SimulatedRouter decides per request (a test can inject any
 * logic, or a real ACD adapter); routerFromRules() builds one from data saved with test cases.
 */
import { z } from 'zod';
import type { AgentTransfer, NumberTransfer, SkillGroupTransfer } from '../ports.js';

export const routeDecisionSchema = z.discriminatedUnion('result', [
  z.strictObject({
    result: z.literal('answered'),
    agent: z.string().max(100).optional(),
    afterMs: z.number().min(0).default(0),
  }),
  z.strictObject({
    result: z.enum(['noAnswer', 'busy', 'overflow', 'failed']),
    reason: z.string().max(200).optional(),
    afterMs: z.number().min(0).default(0),
  }),
  /** Nobody ever answers: the module's own timeout ends the wait. */
  z.strictObject({ result: z.literal('timeout') }),
]);

export type RouteDecision = z.output<typeof routeDecisionSchema>;

export const routingRulesSchema = z.strictObject({
  skillGroups: z.record(z.string(), routeDecisionSchema).default({}),
  agents: z.record(z.string(), routeDecisionSchema).default({}),
  numbers: z.record(z.string(), routeDecisionSchema).default({}),
  /** For targets not listed; by default every transfer is answered at once. */
  otherwise: routeDecisionSchema.optional(),
});

export type RoutingRules = z.output<typeof routingRulesSchema>;
export type RoutingRulesInput = z.input<typeof routingRulesSchema>;

export interface SimulatedRouter {
  skillGroup(request: SkillGroupTransfer): RouteDecision | Promise<RouteDecision>;
  agent(request: AgentTransfer): RouteDecision | Promise<RouteDecision>;
  number(request: NumberTransfer): RouteDecision | Promise<RouteDecision>;
}

const ANSWER_AT_ONCE: RouteDecision = { result: 'answered', afterMs: 0 };

export function routerFromRules(input: RoutingRulesInput = {}): SimulatedRouter {
  const rules = routingRulesSchema.parse(input);
  const pick = (
    table: Record<string, RouteDecision>,
    id: string,
    answeredBy: string | undefined,
  ): RouteDecision => {
    const decision = (Object.hasOwn(table, id) ? table[id] : undefined) ?? rules.otherwise ?? ANSWER_AT_ONCE;
    return decision.result === 'answered' && decision.agent === undefined
      ? { ...decision, agent: answeredBy }
      : decision;
  };
  return {
    skillGroup: (r) => pick(rules.skillGroups, r.skillGroupId, `${r.skillGroupId}-agent`),
    agent: (r) => pick(rules.agents, r.agentId, r.agentId),
    number: (r) => pick(rules.numbers, r.number, undefined),
  };
}
