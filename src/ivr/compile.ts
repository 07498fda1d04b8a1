/**
 * compileFlow(): turns a flow document into the graph the engine walks: each module's definition
 * looked up and its config parsed once, each exit resolved to the next node (with `otherwise`
 * applied). A flow that cannot run (unknown types, bad config, no start, exits to nowhere) is
 * refused with IvrFlowInvalid listing every such problem.
 */
import { ivrErrors } from './errors.js';
import type { FlowDocument, VariableDeclaration } from './flow.js';
import type { ModuleDefinition } from './module.js';
import { defaultRegistry, type ModuleRegistry } from './modules/registry.js';
import type { FlowProblem, FlowProblemCode } from './problem.js';
import { resolveModules } from './validate/resolve.js';
import { checkExitTargets, checkFallback, checkStart, connectedExit } from './validate/structure.js';

export interface CompiledNode {
  readonly id: string;
  readonly type: string;
  readonly name: string | undefined;
  readonly definition: ModuleDefinition;
  readonly config: unknown;
  /** Exit name → next node, for every exit that leads somewhere (directly or via `otherwise`). */
  readonly next: ReadonlyMap<string, CompiledNode>;
  /** Every exit the module has, connected or not. */
  readonly exitNames: ReadonlySet<string>;
}

export interface CompiledFlow {
  readonly id: string;
  readonly name: string;
  readonly start: CompiledNode;
  readonly fallback: CompiledNode | undefined;
  readonly variables: readonly VariableDeclaration[];
  readonly nodes: ReadonlyMap<string, CompiledNode>;
}

/** Problems that make a flow impossible to run; everything else is the validator's business. */
const BLOCKING: ReadonlySet<FlowProblemCode> = new Set<FlowProblemCode>([
  'DUPLICATE_MODULE_ID',
  'UNKNOWN_MODULE_TYPE',
  'INVALID_CONFIG',
  'NO_START',
  'MULTIPLE_STARTS',
  'START_NOT_FOUND',
  'FALLBACK_NOT_FOUND',
  'EXIT_TARGET_MISSING',
]);

export interface CompileOptions {
  /** The id the flow is stored under (shown in traces); defaults to its name. */
  id?: string;
  registry?: ModuleRegistry;
}

export function compileFlow(flow: FlowDocument, options: CompileOptions = {}): CompiledFlow {
  const problems: FlowProblem[] = [];
  const resolved = resolveModules(flow, options.registry ?? defaultRegistry, problems);
  const startId = checkStart(flow, problems);
  checkFallback(flow, problems);
  const nodes = new Map<string, CompiledNode & { next: Map<string, CompiledNode> }>();
  for (const r of resolved) {
    if (!r.valid || !r.definition || !r.exits) continue;
    const { id, type, name } = r.module;
    const exitNames = new Set(r.exits.map((e) => e.name));
    nodes.set(id, { id, type, name, definition: r.definition, config: r.config, next: new Map(), exitNames });
  }
  checkExitTargets(flow, problems);
  for (const { module, exits } of resolved) {
    const node = nodes.get(module.id);
    for (const spec of exits ?? []) {
      const via = connectedExit(spec, exits ?? [], module.exits);
      const target = via === undefined ? undefined : nodes.get(module.exits[via]!);
      if (node && target) node.next.set(spec.name, target);
    }
  }
  const blocking = problems.filter((p) => BLOCKING.has(p.code));
  const start = startId === undefined ? undefined : nodes.get(startId);
  if (blocking.length > 0 || !start) {
    const summary = blocking.map((p) => (p.moduleId ? `${p.moduleId}: ${p.message}` : p.message)).join('; ');
    throw ivrErrors.IvrFlowInvalid(`flow ${flow.name} cannot run: ${summary}`, {
      details: { problems: blocking },
    });
  }
  return {
    id: options.id ?? flow.name,
    name: flow.name,
    start,
    fallback: flow.fallbackModuleId === undefined ? undefined : nodes.get(flow.fallbackModuleId),
    variables: flow.variables,
    nodes,
  };
}
