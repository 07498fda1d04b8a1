/**
 * Variables: every variable read (in a template or by name) must exist somewhere: a system
 * variable, a declaration of the flow, or an output of some module (of this flow or of a subflow
 * it runs). This is flow-wide, not path-sensitive: a variable set on another branch counts.
 */
import type { FlowDocument, FlowModule } from '../flow.js';
import type { ConfigPath, ModuleFacts } from '../module.js';
import { isSystemVariable, SYSTEM_VARIABLES } from '../names.js';
import type { FlowProblem } from '../problem.js';
import { parseTemplate } from '../template.js';
import { didYouMean } from './suggest.js';

type ModuleFactsList = ReadonlyArray<{ module: FlowModule; facts: ModuleFacts }>;

export function checkVariables(
  flow: FlowDocument,
  modules: ModuleFactsList,
  setBySubflows: ReadonlySet<string>,
  problems: FlowProblem[],
): void {
  const known = new Set<string>([...SYSTEM_VARIABLES, ...setBySubflows]);
  flow.variables.forEach((v, i) => {
    const path = ['variables', i, 'name'];
    if (isSystemVariable(v.name)) {
      problems.push({
        code: 'SYSTEM_VARIABLE_WRITE',
        severity: 'error',
        path,
        message: `${v.name} is a system variable`,
      });
    } else if (known.has(v.name)) {
      problems.push({
        code: 'DUPLICATE_VARIABLE',
        severity: 'error',
        path,
        message: `variable ${v.name} is declared twice`,
      });
    }
    known.add(v.name);
  });
  for (const { module, facts } of modules) {
    for (const write of facts.writes ?? []) {
      if (isSystemVariable(write.name)) {
        problems.push({
          code: 'SYSTEM_VARIABLE_WRITE',
          severity: 'error',
          moduleId: module.id,
          path: ['config', ...write.path],
          message: `${write.name} is a system variable and cannot be set`,
        });
      }
      known.add(write.name);
    }
  }
  for (const { module, facts } of modules) checkReads(module, facts, known, problems);
}

function checkReads(
  module: FlowModule,
  facts: ModuleFacts,
  known: ReadonlySet<string>,
  problems: FlowProblem[],
): void {
  const report = (name: string, path: ConfigPath) =>
    problems.push({
      code: 'VARIABLE_NOT_SET',
      severity: 'error',
      moduleId: module.id,
      path: ['config', ...path],
      message: `variable ${name} is never set: declare it in the flow's variables or set it in a module${didYouMean(name, known)}`,
    });
  for (const { path, text } of facts.templates ?? []) {
    const parsed = parseTemplate(text);
    for (const error of parsed.errors) {
      problems.push({
        code: 'INVALID_TEMPLATE',
        severity: 'error',
        moduleId: module.id,
        path: ['config', ...path],
        message: `${error.message} at position ${error.index + 1}`,
      });
    }
    for (const name of parsed.variables) if (!known.has(name)) report(name, path);
  }
  for (const { path, name } of facts.reads ?? []) if (!known.has(name)) report(name, path);
}
