/**
 * The graph: one start, exits that lead somewhere, required exits connected, every module
 * reachable from the start.
 */
import type { FlowDocument } from '../flow.js';
import type { ExitSpec } from '../module.js';
import { START_TYPE } from '../modules/registry.js';
import type { FlowProblem } from '../problem.js';
import type { ResolvedModule } from './resolve.js';

/** The id of the module where calls enter, when there is exactly one. */
export function checkStart(flow: FlowDocument, problems: FlowProblem[]): string | undefined {
  const starts = flow.modules.filter((m) => m.type === START_TYPE);
  if (flow.startModuleId !== undefined) {
    const named = flow.modules.find((m) => m.id === flow.startModuleId);
    if (named?.type === START_TYPE) return named.id;
    const message = named
      ? `startModuleId ${flow.startModuleId} is a ${named.type} module, not a ${START_TYPE} module`
      : `startModuleId ${flow.startModuleId} names no module`;
    problems.push({ code: 'START_NOT_FOUND', severity: 'error', path: ['startModuleId'], message });
    return undefined;
  }
  if (starts.length === 1) return starts[0]!.id;
  if (starts.length === 0) {
    problems.push({ code: 'NO_START', severity: 'error', message: `the flow has no ${START_TYPE} module` });
  } else {
    problems.push({
      code: 'MULTIPLE_STARTS',
      severity: 'error',
      path: ['startModuleId'],
      message: `the flow has ${starts.length} start modules (${starts.map((s) => s.id).join(', ')}); keep one or set startModuleId`,
    });
  }
  return undefined;
}

export function checkFallback(flow: FlowDocument, problems: FlowProblem[]): void {
  if (flow.fallbackModuleId === undefined || flow.modules.some((m) => m.id === flow.fallbackModuleId)) return;
  problems.push({
    code: 'FALLBACK_NOT_FOUND',
    severity: 'error',
    path: ['fallbackModuleId'],
    message: `fallbackModuleId ${flow.fallbackModuleId} names no module`,
  });
}

/** Follows `otherwise` from an exit to the exit that is actually connected, if any. */
export function connectedExit(
  spec: ExitSpec,
  specs: readonly ExitSpec[],
  exits: Readonly<Record<string, string>>,
): string | undefined {
  let current: ExitSpec | undefined = spec;
  for (let hops = 0; current && hops <= specs.length; hops++) {
    if (exits[current.name] !== undefined) return current.name;
    const next: string | undefined = current.otherwise;
    current = next === undefined ? undefined : specs.find((s) => s.name === next);
  }
  return undefined;
}

/** Exits that lead to a module id that does not exist. */
export function checkExitTargets(flow: FlowDocument, problems: FlowProblem[]): void {
  const ids = new Set(flow.modules.map((m) => m.id));
  for (const module of flow.modules) {
    for (const [name, target] of Object.entries(module.exits)) {
      if (ids.has(target)) continue;
      problems.push({
        code: 'EXIT_TARGET_MISSING',
        severity: 'error',
        moduleId: module.id,
        path: ['exits', name],
        message: `exit ${name} goes to ${target}, which does not exist`,
      });
    }
  }
}

/** Exit names the module does not have, and its exits that lead nowhere. */
export function checkExitNames(
  flow: FlowDocument,
  resolved: readonly ResolvedModule[],
  problems: FlowProblem[],
): void {
  const afterFallback =
    flow.fallbackModuleId === undefined ? 'the call is hung up' : 'the fallback module takes over';
  for (const { module, exits: specs } of resolved) {
    if (!specs) continue;
    for (const name of Object.keys(module.exits)) {
      if (specs.some((s) => s.name === name)) continue;
      const known = specs.map((s) => s.name).join(', ') || 'none';
      problems.push({
        code: 'UNKNOWN_EXIT',
        severity: 'warning',
        moduleId: module.id,
        path: ['exits', name],
        message: `a ${module.type} module has no exit ${name} (its exits: ${known})`,
      });
    }
    for (const spec of specs) {
      // An exit that falls back to another (timeout → failure) is reported through that one.
      if (spec.otherwise !== undefined || connectedExit(spec, specs, module.exits) !== undefined) continue;
      problems.push({
        code: 'EXIT_NOT_CONNECTED',
        severity: spec.required ? 'error' : 'warning',
        moduleId: module.id,
        path: ['exits', spec.name],
        message: spec.required
          ? `exit ${spec.name} must be connected`
          : `exit ${spec.name} is not connected: when it is taken, ${afterFallback}`,
      });
    }
  }
}

export function checkReachable(flow: FlowDocument, startId: string, problems: FlowProblem[]): void {
  const byId = new Map(flow.modules.map((m) => [m.id, m]));
  const reached = new Set<string>();
  const pending = [startId];
  if (flow.fallbackModuleId !== undefined) pending.push(flow.fallbackModuleId);
  while (pending.length > 0) {
    const id = pending.pop()!;
    const module = byId.get(id);
    if (!module || reached.has(id)) continue;
    reached.add(id);
    pending.push(...Object.values(module.exits));
  }
  for (const module of flow.modules) {
    if (reached.has(module.id)) continue;
    problems.push({
      code: 'UNREACHABLE_MODULE',
      severity: 'warning',
      moduleId: module.id,
      message: `no path from the start module leads to ${module.id}`,
    });
  }
}
