/**
 * validateFlow(): every problem of a flow at once, each with its module id, path and a stable
 * code (problem.ts). Used by the API on save and publish, by the designer as you type, and (for
 * the structural part) by compileFlow() before a flow runs.
 */
import type { FlowDocument } from '../flow.js';
import { defaultRegistry } from '../modules/registry.js';
import type { FlowProblem } from '../problem.js';
import type { ValidationContext } from './context.js';
import { checkReferences } from './references.js';
import { factsOf, resolveModules } from './resolve.js';
import { checkExitNames, checkExitTargets, checkFallback, checkReachable, checkStart } from './structure.js';
import { SubflowGraph } from './subflows.js';
import { checkVariables } from './variables.js';

export type { ValidationContext } from './context.js';

export interface ValidationReport {
  /** True when no problem has severity error. */
  ok: boolean;
  problems: FlowProblem[];
}

export function validateFlow(flow: FlowDocument, context: ValidationContext = {}): ValidationReport {
  const registry = context.registry ?? defaultRegistry;
  const problems: FlowProblem[] = [];
  const resolved = resolveModules(flow, registry, problems);
  const startId = checkStart(flow, problems);
  checkFallback(flow, problems);
  checkExitTargets(flow, problems);
  checkExitNames(flow, resolved, problems);
  if (startId !== undefined) checkReachable(flow, startId, problems);
  const facts = factsOf(resolved);
  for (const { module, facts: f } of facts) {
    for (const p of f.problems ?? []) {
      problems.push({
        code: p.code,
        severity: 'error',
        moduleId: module.id,
        path: ['config', ...p.path],
        message: p.message,
      });
    }
  }
  const subflows = new SubflowGraph(context, registry);
  checkVariables(flow, facts, subflows.writesBelow(facts), problems);
  checkReferences(facts, context, problems);
  subflows.checkCycles(facts, problems);
  return { ok: !problems.some((p) => p.severity === 'error'), problems };
}
