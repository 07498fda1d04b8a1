/** What the canvas nodes and the property panel read besides the flow itself. */
import { createContext, useContext } from 'react';
import type { FlowProblem, ModuleDescription } from '../api/flow-types';
import type { Agent, FunctionEntry, Prompt, SkillGroup } from '../api/types';

export interface InstanceResources {
  entries: FunctionEntry[];
  skillGroups: SkillGroup[];
  agents: Agent[];
  prompts: Prompt[];
  flows: string[];
}

export interface DesignerContextValue {
  defs: ReadonlyMap<string, ModuleDescription>;
  resources: InstanceResources;
  problemsByModule: ReadonlyMap<string, FlowProblem[]>;
  /** Trace step numbers per module (a simulated call or a call record). */
  visits: ReadonlyMap<string, number[]>;
  /** The module of the step being looked at. */
  currentModule: string | undefined;
  readOnly: boolean;
}

export const DesignerContext = createContext<DesignerContextValue | null>(null);

export function useDesigner(): DesignerContextValue {
  const v = useContext(DesignerContext);
  if (!v) throw new Error('useDesigner outside <DesignerContext>');
  return v;
}

export const emptyResources: InstanceResources = {
  entries: [],
  skillGroups: [],
  agents: [],
  prompts: [],
  flows: [],
};
