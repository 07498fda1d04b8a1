/** Runs a simulated call in virtual time and checks that it left no timer behind. */
import assert from 'node:assert/strict';
import {
  type CallScriptInput,
  type FlowDocument,
  type FunctionCaller,
  type RoutingRules,
  routerFromRules,
  type SimulationDeps,
  type SimulationResult,
  simulateCall,
} from '../../src/ivr/index.js';
import { VirtualClock } from '../../src/shared/virtual-clock.js';

const noFunctions: FunctionCaller = {
  call: () => Promise.reject(new Error('this flow should not call a function')),
};

export interface RunOptions extends Partial<Omit<SimulationDeps, 'router'>> {
  routing?: Partial<RoutingRules>;
  /** Start time of the call (virtual). */
  at?: number;
}

export async function runCall(
  flow: FlowDocument,
  script: CallScriptInput,
  options: RunOptions = {},
): Promise<SimulationResult & { clock: VirtualClock }> {
  const clock = (options.clock as VirtualClock | undefined) ?? new VirtualClock(options.at);
  const result = await simulateCall(flow, script, {
    functions: noFunctions,
    ...options,
    clock,
    router: routerFromRules(options.routing),
  });
  assert.equal(clock.timerCount, 0, 'the call left timers behind');
  return { ...result, clock };
}

export function visited(result: SimulationResult): string[] {
  return result.trace.steps.map((s) => s.moduleId);
}
