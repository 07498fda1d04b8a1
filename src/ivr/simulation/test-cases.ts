/**
 * Saved test cases of a flow: a simulated call (who calls, what they press), how transfers end,
 * and what is expected (a partial outcome, variables, modules visited). runTestCases() runs each
 * with simulateCall() against the real functions and reports pass/fail with the differences.
 */
import { z } from 'zod';
import type { CompiledFlow } from '../compile.js';
import { errorText } from '../error-text.js';
import type { FlowDocument } from '../flow.js';
import type { CallOutcome } from '../outcome.js';
import type { TraceSnapshot } from '../trace.js';
import { type Difference, isSubsequence, partialDiff } from './partial-match.js';
import { routerFromRules, routingRulesSchema } from './routing.js';
import { callScriptSchema } from './script.js';
import { type SimulationDeps, simulateCall } from './simulate.js';

export const ivrTestCaseSchema = z.strictObject({
  name: z.string().min(1).max(200),
  call: callScriptSchema,
  routing: routingRulesSchema.optional(),
  expect: z.strictObject({
    /** Keys of the outcome to compare, e.g. {kind: 'transferred', skillGroup: '北京客服组'}. */
    outcome: z.record(z.string(), z.unknown()).optional(),
    variables: z.record(z.string(), z.string()).optional(),
    /** Module ids the call must pass through, in this order (others may come between). */
    visits: z.array(z.string()).optional(),
  }),
});

export type IvrTestCase = z.output<typeof ivrTestCaseSchema>;
export type IvrTestCaseInput = z.input<typeof ivrTestCaseSchema>;

export interface TestCaseReport {
  name: string;
  passed: boolean;
  differences: Difference[];
  outcome: CallOutcome | undefined;
  trace: TraceSnapshot | undefined;
  /** Set when the case could not run at all (e.g. the flow does not compile). */
  error?: string | undefined;
}

/** Runs the cases one after the other; the router of each case comes from its routing rules. */
export async function runTestCases(
  flow: FlowDocument | CompiledFlow,
  cases: readonly IvrTestCaseInput[],
  deps: Omit<SimulationDeps, 'router' | 'clock'>,
): Promise<TestCaseReport[]> {
  const reports: TestCaseReport[] = [];
  for (const input of cases) reports.push(await runOne(flow, input, deps));
  return reports;
}

async function runOne(
  flow: FlowDocument | CompiledFlow,
  input: IvrTestCaseInput,
  deps: Omit<SimulationDeps, 'router' | 'clock'>,
): Promise<TestCaseReport> {
  try {
    const testCase = ivrTestCaseSchema.parse(input);
    const result = await simulateCall(flow, testCase.call, {
      ...deps,
      router: routerFromRules(testCase.routing),
    });
    const differences: Difference[] = [];
    const { expect } = testCase;
    if (expect.outcome) partialDiff(expect.outcome, result.outcome, 'outcome', differences);
    if (expect.variables) partialDiff(expect.variables, result.variables, 'variables', differences);
    const visited = result.trace.steps.map((s) => s.moduleId);
    if (expect.visits && !isSubsequence(expect.visits, visited)) {
      differences.push({ path: 'visits', expected: expect.visits, actual: visited });
    }
    const passed = differences.length === 0;
    return { name: testCase.name, passed, differences, outcome: result.outcome, trace: result.trace };
  } catch (err) {
    const name = typeof input.name === 'string' ? input.name : '(unnamed)';
    return {
      name,
      passed: false,
      differences: [],
      outcome: undefined,
      trace: undefined,
      error: errorText(err),
    };
  }
}
