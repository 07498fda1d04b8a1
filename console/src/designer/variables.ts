/** The variables a flow can use: system ones, declared ones, and those its modules name. */
import type { ModuleDescription, VariableDeclaration } from '../api/flow-types';
import type { ModuleNode } from './model';
import { forEachVariableField } from './schema';

export const SYSTEM_VARIABLES = ['ANI', 'DNIS', 'CallId', 'InstanceId', 'StartTime'] as const;

export function flowVariables(
  nodes: ModuleNode[],
  declared: VariableDeclaration[],
  defs: ReadonlyMap<string, ModuleDescription>,
): string[] {
  const names = new Set<string>(SYSTEM_VARIABLES);
  for (const v of declared) if (v.name) names.add(v.name);
  for (const n of nodes) {
    const def = defs.get(n.data.type);
    if (def)
      forEachVariableField(n.data.config, def.configSchema, def.configSchema, (name) => names.add(name));
  }
  return [...names];
}
