/**
 * The IVR part's public surface: what the API, the store and the composition root use.
 * Nothing here imports another part of Hotline (only src/shared).
 */

export { type CompiledFlow, type CompileOptions, compileFlow } from './compile.js';
export { type Condition, conditionSchema } from './conditions.js';
export { describeModules, type ModuleDescription, moduleExits } from './describe.js';
export {
  type CallResult,
  type CallSession,
  createIvrEngine,
  DEFAULT_LIMITS,
  type EngineLimits,
  type IvrEngine,
  type IvrEngineDeps,
  type StartCallOptions,
} from './engine.js';
export { ivrErrors } from './errors.js';
export {
  checkExpression,
  compileExpression,
  evaluateExpression,
  expressionFunctionNames,
} from './expression/index.js';
export {
  type FlowDocument,
  type FlowDocumentInput,
  type FlowModule,
  flowDocumentSchema,
  type VariableDeclaration,
} from './flow.js';
export { exportFlow, type FlowTextFormat, parseFlowDocument, parseFlowText } from './flow-text.js';
export type {
  ExitSpec,
  FunctionStepDetail,
  Localized,
  ModuleCategory,
  ModuleContext,
  ModuleDefinition,
  ModuleFacts,
  ModuleResult,
  StepDetail,
} from './module.js';
export { defineModule } from './module.js';
export {
  builtinModules,
  createModuleRegistry,
  defaultRegistry,
  type ModuleRegistry,
} from './modules/registry.js';
export { isSystemVariable, SYSTEM_VARIABLES, type SystemVariables } from './names.js';
export type { CallOutcome } from './outcome.js';
export type * from './ports.js';
export { FLOW_PROBLEM_CODES, type FlowProblem, type FlowProblemCode } from './problem.js';
export { type ChannelEvent, SimulatedChannel } from './simulated-channel.js';
export {
  type RouteDecision,
  type RoutingRules,
  routerFromRules,
  type SimulatedRouter,
} from './simulation/routing.js';
export { type CallScript, type CallScriptInput, callScriptSchema } from './simulation/script.js';
export { type SimulationDeps, type SimulationResult, simulateCall } from './simulation/simulate.js';
export {
  type IvrTestCase,
  type IvrTestCaseInput,
  ivrTestCaseSchema,
  runTestCases,
  type TestCaseReport,
} from './simulation/test-cases.js';
export { renderTemplate, templateVariables } from './template.js';
export type {
  CallTrace,
  Incident,
  IncidentCode,
  TraceEvent,
  TraceListener,
  TraceSnapshot,
  TraceStep,
  VariableChange,
} from './trace.js';
export { type ValidationContext, type ValidationReport, validateFlow } from './validate/index.js';
