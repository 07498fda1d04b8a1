/**
 * The IVR engine: runs calls through compiled flows, one loop per call (call-run.ts), with
 * modules looked up in the registry and time taken from the injected clock. A hang-up aborts the
 * call's signal, which cancels whatever the current module is doing.
 *
 *   const engine = createIvrEngine({ clock, functions, flows });
 *   const session = engine.startCall(engine.compile(flowDocument, { id }), channel);
 *   session.trace.subscribe(showLive);
 *   const { outcome } = await session.result;
 */
import type { Clock } from '../shared/clock.js';
import { CallRun, type EngineLimits } from './call-run.js';
import { type CompiledFlow, type CompileOptions, compileFlow } from './compile.js';
import { ivrErrors } from './errors.js';
import type { FlowDocument } from './flow.js';
import { defaultRegistry, type ModuleRegistry } from './modules/registry.js';
import type { CallOutcome } from './outcome.js';
import type { CallChannel, FlowLoader, FunctionCaller } from './ports.js';
import { CallTrace, type TraceListener, type TraceStep } from './trace.js';

export type { EngineLimits } from './call-run.js';

export const DEFAULT_LIMITS: EngineLimits = { maxSteps: 500, fallbackSteps: 20, maxSubflowDepth: 8 };

export interface IvrEngineDeps {
  clock: Clock;
  functions: FunctionCaller;
  /** Where subflows come from; without it a subflow module takes its failure exit. */
  flows?: FlowLoader | undefined;
  registry?: ModuleRegistry | undefined;
  limits?: Partial<EngineLimits> | undefined;
}

export interface StartCallOptions {
  /** Receives every trace event from the first one on. */
  listener?: TraceListener | undefined;
}

export interface CallResult {
  outcome: CallOutcome;
  steps: readonly TraceStep[];
  variables: Record<string, string>;
}

export interface CallSession {
  readonly callId: string;
  readonly trace: CallTrace;
  /** Settles when the call has left the flow; never rejects. */
  readonly result: Promise<CallResult>;
  /** The call's variables now. */
  variables(): Record<string, string>;
  /** Ends the call from outside (e.g. the node is shutting down); the outcome is an ABORTED error. */
  abort(reason?: string): void;
}

export interface IvrEngine {
  /** Throws IvrFlowInvalid when the flow cannot run. */
  compile(flow: FlowDocument, options?: Omit<CompileOptions, 'registry'>): CompiledFlow;
  startCall(flow: CompiledFlow, channel: CallChannel, options?: StartCallOptions): CallSession;
}

export function createIvrEngine(deps: IvrEngineDeps): IvrEngine {
  const registry = deps.registry ?? defaultRegistry;
  const limits: EngineLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  /** Subflows compiled once per loaded document (the loader decides when a document is new). */
  const compiled = new WeakMap<FlowDocument, CompiledFlow>();

  const compile: IvrEngine['compile'] = (flow, options) => compileFlow(flow, { ...options, registry });

  async function loadSubflow(flowId: string, signal: AbortSignal): Promise<CompiledFlow> {
    const document = deps.flows ? await deps.flows.load(flowId, signal) : undefined;
    if (!document)
      throw ivrErrors.IvrSubflowNotFound(`flow ${flowId} does not exist`, { details: { flowId } });
    let flow = compiled.get(document);
    if (!flow) {
      flow = compile(document, { id: flowId });
      compiled.set(document, flow);
    }
    return flow;
  }

  const runDeps = { clock: deps.clock, functions: deps.functions, limits, loadSubflow };

  function startCall(flow: CompiledFlow, channel: CallChannel, options: StartCallOptions = {}): CallSession {
    const initial: Record<string, string> = { ...channel.system };
    for (const v of flow.variables) if (v.initial !== undefined) initial[v.name] = v.initial;
    const trace = new CallTrace(channel.system.CallId, flow.id, deps.clock.now(), initial);
    if (options.listener) trace.subscribe(options.listener);
    const controller = new AbortController();
    const onHangup = () => controller.abort(channel.hangupSignal.reason ?? new Error('the caller hung up'));
    if (channel.hangupSignal.aborted) onHangup();
    else channel.hangupSignal.addEventListener('abort', onHangup, { once: true });
    const run = new CallRun(runDeps, flow, channel, trace, controller.signal, initial);
    const result = Promise.resolve()
      .then(() => run.run())
      .then((outcome) => {
        channel.hangupSignal.removeEventListener('abort', onHangup);
        return { outcome, steps: trace.steps, variables: run.variables() };
      });
    return {
      callId: channel.system.CallId,
      trace,
      result,
      variables: () => run.variables(),
      abort: (reason = 'aborted') => controller.abort(new Error(reason)),
    };
  }

  return { compile, startCall };
}
