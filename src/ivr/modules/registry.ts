/**
 * The registry of module types. The engine, the validator and describeModules() look types up
 * here; nothing else knows the list. A registry can be built with more (or fewer) types, e.g. a
 * test registry with an extra module.
 */
import type { ModuleDefinition } from '../module.js';
import { collectModule } from './collect.js';
import { conditionModule } from './condition.js';
import { functionModule } from './function.js';
import { hangupModule } from './hangup.js';
import { menuModule } from './menu.js';
import { playModule } from './play.js';
import { returnModule } from './return.js';
import { setVariableModule } from './set-variable.js';
import { startModule } from './start.js';
import { subflowModule } from './subflow.js';
import { timeCheckModule } from './time-check.js';
import { transferToAgentModule } from './transfer-to-agent.js';
import { transferToNumberModule } from './transfer-to-number.js';
import { transferToSkillGroupModule } from './transfer-to-skill-group.js';
import { voicemailModule } from './voicemail.js';

export interface ModuleRegistry {
  get(type: string): ModuleDefinition | undefined;
  /** Every definition, in the order given (the designer's palette order). */
  all(): readonly ModuleDefinition[];
}

/** The type that marks where a call enters a flow. */
export const START_TYPE = 'start';

export const builtinModules: readonly ModuleDefinition[] = [
  startModule,
  playModule,
  collectModule,
  menuModule,
  functionModule,
  conditionModule,
  setVariableModule,
  timeCheckModule,
  transferToSkillGroupModule,
  transferToAgentModule,
  transferToNumberModule,
  voicemailModule,
  subflowModule,
  returnModule,
  hangupModule,
];

export function createModuleRegistry(definitions: readonly ModuleDefinition[]): ModuleRegistry {
  const byType = new Map<string, ModuleDefinition>();
  for (const definition of definitions) {
    if (byType.has(definition.type)) throw new Error(`module type ${definition.type} is registered twice`);
    byType.set(definition.type, definition);
  }
  if (!byType.has(START_TYPE)) throw new Error(`a module registry needs the ${START_TYPE} type`);
  return { get: (type) => byType.get(type), all: () => definitions };
}

export const defaultRegistry: ModuleRegistry = createModuleRegistry(builtinModules);
