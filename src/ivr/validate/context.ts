/** What the validator may know about the instance around a flow. Every list is optional. */
import type { FlowDocument } from '../flow.js';
import type { ModuleRegistry } from '../modules/registry.js';
import type { FunctionEntry } from '../ports.js';

export interface ValidationContext {
  /** Defaults to the built-in modules. */
  registry?: ModuleRegistry;
  /** The id this flow is stored under (to find subflow cycles that come back to it). */
  flowId?: string;
  /** The instance's IVR function entries. */
  functionEntries?: readonly FunctionEntry[];
  skillGroups?: Iterable<string>;
  agents?: Iterable<string>;
  prompts?: Iterable<string>;
  mailboxes?: Iterable<string>;
  /** The instance's other flows by id: subflows must exist, must not form cycles, and their outputs count as set. */
  flows?: ReadonlyMap<string, FlowDocument>;
}
