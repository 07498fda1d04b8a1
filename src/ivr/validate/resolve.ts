/**
 * First step shared by the validator and the compiler: look each module's type up in the
 * registry and parse its config with the definition's schema.
 */
import type { FlowDocument, FlowModule } from '../flow.js';
import { type ExitSpec, exitsOf, type ModuleDefinition, type ModuleFacts } from '../module.js';
import type { ModuleRegistry } from '../modules/registry.js';
import type { FlowProblem } from '../problem.js';

export interface ResolvedModule {
  readonly module: FlowModule;
  /** Undefined when the type is unknown. */
  readonly definition: ModuleDefinition | undefined;
  /** The parsed config; undefined when the type is unknown or the config is invalid. */
  readonly config: unknown;
  readonly valid: boolean;
  /** The module's exits (undefined unless valid). */
  readonly exits: readonly ExitSpec[] | undefined;
}

export function resolveModules(
  flow: FlowDocument,
  registry: ModuleRegistry,
  problems: FlowProblem[],
): ResolvedModule[] {
  const seen = new Set<string>();
  const unknown = new Set<string>();
  const resolved = flow.modules.map((module, index): ResolvedModule => {
    if (seen.has(module.id)) {
      problems.push({
        code: 'DUPLICATE_MODULE_ID',
        severity: 'error',
        moduleId: module.id,
        path: ['modules', index, 'id'],
        message: `module id ${module.id} is used more than once`,
      });
    }
    seen.add(module.id);
    const definition = registry.get(module.type);
    if (!definition) {
      unknown.add(module.type);
      return { module, definition, config: undefined, valid: false, exits: undefined };
    }
    const parsed = definition.config.safeParse(module.config);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({
          code: 'INVALID_CONFIG',
          severity: 'error',
          moduleId: module.id,
          path: ['config', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
          message: issue.message,
        });
      }
      return { module, definition, config: undefined, valid: false, exits: undefined };
    }
    return { module, definition, config: parsed.data, valid: true, exits: exitsOf(definition, parsed.data) };
  });
  if (unknown.size > 0) reportUnknownTypes(resolved, unknown, registry, problems);
  return resolved;
}

function reportUnknownTypes(
  resolved: readonly ResolvedModule[],
  unknown: ReadonlySet<string>,
  registry: ModuleRegistry,
  problems: FlowProblem[],
): void {
  const known = registry
    .all()
    .map((d) => d.type)
    .join(', ');
  const missing = [...unknown].join(', ');
  for (const r of resolved) {
    if (r.definition) continue;
    problems.push({
      code: 'UNKNOWN_MODULE_TYPE',
      severity: 'error',
      moduleId: r.module.id,
      path: ['type'],
      message: `module type "${r.module.type}" is not installed (missing: ${missing}; known: ${known})`,
    });
  }
}

/** The facts of every valid module (what it reads, writes and names). */
export function factsOf(
  resolved: readonly ResolvedModule[],
): Array<{ module: FlowModule; facts: ModuleFacts }> {
  return resolved.flatMap((r) =>
    r.valid && r.definition ? [{ module: r.module, facts: r.definition.inspect?.(r.config) ?? {} }] : [],
  );
}
