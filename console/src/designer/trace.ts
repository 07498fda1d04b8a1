/** Reading a call's trace: which modules it visited in order, edges it took, variables at each step. */
import type { Trace } from '../api/flow-types';
import { edgeId } from './model';

/** Steps of the flow the call entered by (not of its subflows). */
function ownSteps(trace: Trace) {
  const main = trace.flowId ?? trace.steps[0]?.flowId;
  return trace.steps.filter((s) => s.flowId === main);
}

export function visitsOf(trace: Trace | undefined): Map<string, number[]> {
  const map = new Map<string, number[]>();
  if (!trace) return map;
  for (const s of ownSteps(trace)) map.set(s.moduleId, [...(map.get(s.moduleId) ?? []), s.seq]);
  return map;
}

export function visitedEdgesOf(trace: Trace | undefined): Set<string> {
  const set = new Set<string>();
  if (!trace) return set;
  for (const s of ownSteps(trace)) if (s.exit && s.next) set.add(edgeId(s.moduleId, s.exit));
  return set;
}

/** Variables after the step at index (the call's initial variables plus every change so far). */
export function variablesAt(trace: Trace, index: number): Record<string, string> {
  const vars = { ...(trace.initialVariables ?? {}) };
  for (const s of trace.steps.slice(0, index + 1)) for (const c of s.changes ?? []) vars[c.name] = c.after;
  return vars;
}

/** The variables a call started with, worked back from its last variables through the steps' changes. */
export function rewindVariables(final: Record<string, string>, trace: Trace): Record<string, string> {
  const vars = { ...final };
  for (const step of [...trace.steps].reverse())
    for (const c of [...(step.changes ?? [])].reverse()) {
      if (c.before === '') delete vars[c.name];
      else vars[c.name] = c.before;
    }
  return vars;
}
