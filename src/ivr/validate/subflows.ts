/**
 * Subflows seen from one flow: the flows it runs (directly or not), cycles among them, and the
 * variables they set (which the calling flow may read afterwards).
 */
import type { FlowDocument, FlowModule } from '../flow.js';
import type { ModuleFacts } from '../module.js';
import type { ModuleRegistry } from '../modules/registry.js';
import type { FlowProblem } from '../problem.js';
import type { ValidationContext } from './context.js';
import { factsOf, resolveModules } from './resolve.js';

type ModuleFactsList = ReadonlyArray<{ module: FlowModule; facts: ModuleFacts }>;

const THIS_FLOW = '(this flow)';

function subflowIds(modules: ModuleFactsList): string[] {
  return modules.flatMap(({ facts }) =>
    (facts.uses ?? []).flatMap((u) => (u.kind === 'subflow' ? [u.id] : [])),
  );
}

export class SubflowGraph {
  private readonly factsById = new Map<string, ModuleFactsList>();

  constructor(
    private readonly context: ValidationContext,
    private readonly registry: ModuleRegistry,
  ) {}

  /** Variables set by the flows reachable through subflow modules. */
  writesBelow(modules: ModuleFactsList): Set<string> {
    const writes = new Set<string>();
    const visited = new Set<string>();
    const pending = subflowIds(modules);
    while (pending.length > 0) {
      const id = pending.pop()!;
      if (visited.has(id)) continue;
      visited.add(id);
      const facts = this.factsOf(id);
      if (!facts) continue;
      for (const { facts: f } of facts) for (const w of f.writes ?? []) writes.add(w.name);
      for (const d of this.context.flows?.get(id)?.variables ?? []) writes.add(d.name);
      pending.push(...subflowIds(facts));
    }
    return writes;
  }

  checkCycles(modules: ModuleFactsList, problems: FlowProblem[]): void {
    const self = this.context.flowId ?? THIS_FLOW;
    for (const { module, facts } of modules) {
      for (const use of facts.uses ?? []) {
        if (use.kind !== 'subflow') continue;
        const cycle = this.findCycle(use.id, [self], modules);
        if (!cycle) continue;
        problems.push({
          code: 'SUBFLOW_CYCLE',
          severity: 'error',
          moduleId: module.id,
          path: ['config', ...use.path],
          message: `subflows call each other in a cycle: ${cycle.join(' → ')}`,
        });
      }
    }
  }

  /** A path from `id` back to a flow already on `trail`, if there is one. */
  private findCycle(id: string, trail: string[], self: ModuleFactsList): string[] | undefined {
    if (trail.includes(id)) return [...trail, id];
    if (trail.length > 32) return undefined;
    const facts = id === this.context.flowId ? self : this.factsOf(id);
    for (const next of subflowIds(facts ?? [])) {
      const cycle = this.findCycle(next, [...trail, id], self);
      if (cycle) return cycle;
    }
    return undefined;
  }

  private factsOf(id: string): ModuleFactsList | undefined {
    const cached = this.factsById.get(id);
    if (cached) return cached;
    const flow: FlowDocument | undefined = this.context.flows?.get(id);
    if (!flow) return undefined;
    const facts = factsOf(resolveModules(flow, this.registry, []));
    this.factsById.set(id, facts);
    return facts;
  }
}
