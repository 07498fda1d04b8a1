/**
 * A problem found in a flow. The validator returns all of them at once; compileFlow() refuses a
 * flow with any problem of severity `error` among the structural ones. Codes are stable: the
 * designer and the API key their messages and highlights on them.
 */

export const FLOW_PROBLEM_CODES = {
  FLOW_SCHEMA: 'The document does not have the shape of a flow.',
  DUPLICATE_MODULE_ID: 'Two modules have the same id.',
  UNKNOWN_MODULE_TYPE: 'No module definition has this type.',
  INVALID_CONFIG: "The module's config does not match its schema (path says where).",
  NO_START: 'The flow has no start module.',
  MULTIPLE_STARTS: 'The flow has more than one start module and no startModuleId.',
  START_NOT_FOUND: 'startModuleId names no module, or a module that is not a start module.',
  FALLBACK_NOT_FOUND: 'fallbackModuleId names no module.',
  UNKNOWN_EXIT: 'The module has no exit of that name.',
  EXIT_TARGET_MISSING: 'An exit goes to a module id that does not exist.',
  EXIT_NOT_CONNECTED: 'An exit goes nowhere (error when required, warning when the fallback takes over).',
  UNREACHABLE_MODULE: 'No path from the start module leads here.',
  INVALID_TEMPLATE: 'A ${...} template is malformed.',
  VARIABLE_NOT_SET: 'A variable is read but never declared nor set anywhere in the flow.',
  DUPLICATE_VARIABLE: 'A custom variable is declared twice.',
  SYSTEM_VARIABLE_WRITE: 'A system variable (ANI, DNIS, …) is declared or written.',
  INVALID_EXPRESSION: 'A setVariable expression does not parse.',
  INVALID_REGEX: 'A regular expression does not compile or could take exponential time.',
  DUPLICATE_KEY: 'A menu key, rule name or mapping is listed twice.',
  MULTI_PARAMETER_DUPLICATE: 'A multi-parameter variable is mapped twice.',
  MULTI_PARAMETER_IS_OUTPUT: 'A multi-parameter variable is also the output variable.',
  FUNCTION_ENTRY_NOT_FOUND: "The function is not one of the instance's function entries.",
  SKILL_GROUP_NOT_FOUND: 'The skill group does not exist.',
  AGENT_NOT_FOUND: 'The agent does not exist.',
  PROMPT_NOT_FOUND: 'The prompt does not exist.',
  MAILBOX_NOT_FOUND: 'The mailbox does not exist.',
  SUBFLOW_NOT_FOUND: 'The subflow does not exist.',
  SUBFLOW_CYCLE: 'Subflows call each other in a cycle.',
} as const;

export type FlowProblemCode = keyof typeof FLOW_PROBLEM_CODES;

export interface FlowProblem {
  code: FlowProblemCode;
  severity: 'error' | 'warning';
  /** The module concerned (absent for problems of the whole flow). */
  moduleId?: string | undefined;
  /** Where inside the module (or document): e.g. ["config", "rules", 0, "name"]. */
  path?: ReadonlyArray<string | number> | undefined;
  message: string;
}
