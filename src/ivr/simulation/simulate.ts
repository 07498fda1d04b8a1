/**
 * simulateCall(): runs a flow with a SimulatedChannel and returns how the call ended, its trace,
 * its variables and what happened on the line. Functions are the real ones (whatever
 * FunctionCaller is given); transfers are decided by a router.
 *
 * Time: by default a fresh VirtualClock with time skipping: prompts and queue waits take no real
 * time, while real functions get real time (see time-skipping.ts). Pass a VirtualClock when
 * everything (fake functions included) lives in virtual time, as in unit tests; pass the system
 * clock for a call that unfolds in real time (a live test panel).
 */
import type { Clock } from '../../shared/clock.js';
import { VirtualClock } from '../../shared/virtual-clock.js';
import type { CompiledFlow } from '../compile.js';
import { createIvrEngine, type EngineLimits } from '../engine.js';
import type { FlowDocument } from '../flow.js';
import type { ModuleRegistry } from '../modules/registry.js';
import type { CallOutcome } from '../outcome.js';
import type { FlowLoader, FunctionCaller } from '../ports.js';
import { type ChannelEvent, SimulatedChannel } from '../simulated-channel.js';
import type { TraceListener, TraceSnapshot } from '../trace.js';
import { routerFromRules, type SimulatedRouter } from './routing.js';
import { type CallScriptInput, callScriptSchema } from './script.js';
import { DueTrackingClock, RealWork, skipTimeUntil } from './time-skipping.js';

export interface SimulationDeps {
  functions: FunctionCaller;
  flows?: FlowLoader | undefined;
  /** Default: a new VirtualClock (at the script's startAt, else now) with time skipping. */
  clock?: Clock | undefined;
  /** Default: every transfer is answered at once. */
  router?: SimulatedRouter | undefined;
  registry?: ModuleRegistry | undefined;
  limits?: Partial<EngineLimits> | undefined;
  /** Sees the trace live. */
  listener?: TraceListener | undefined;
  /** Receives the caller's side of the line, to press digits or hang up while the call runs. */
  onChannel?: ((channel: SimulatedChannel) => void) | undefined;
}

export interface SimulationResult {
  outcome: CallOutcome;
  trace: TraceSnapshot;
  variables: Record<string, string>;
  /** Prompts played, digits, transfers… in order. */
  events: ChannelEvent[];
}

export async function simulateCall(
  flow: FlowDocument | CompiledFlow,
  scriptInput: CallScriptInput,
  deps: SimulationDeps,
): Promise<SimulationResult> {
  const script = callScriptSchema.parse(scriptInput);
  const clock = deps.clock ?? new VirtualClock(script.startAt ? Date.parse(script.startAt) : Date.now());
  const virtual = clock instanceof VirtualClock ? clock : undefined;
  const tracking = virtual && new DueTrackingClock(virtual);
  // With our own clock, the functions and flows given are real: virtual time waits for them.
  const real = deps.clock === undefined ? new RealWork() : undefined;
  const engine = createIvrEngine({
    clock: tracking ?? clock,
    functions: real ? real.functions(deps.functions) : deps.functions,
    flows: real && deps.flows ? real.flows(deps.flows) : deps.flows,
    registry: deps.registry,
    limits: deps.limits,
  });
  const compiled = isCompiled(flow) ? flow : engine.compile(flow);
  const router = deps.router ?? routerFromRules();
  const channel = new SimulatedChannel(script, tracking ?? clock, real ? real.router(router) : router);
  deps.onChannel?.(channel);
  const session = engine.startCall(compiled, channel, { listener: deps.listener });
  if (virtual && tracking && !(await skipTimeUntil(session.result, virtual, tracking, real))) {
    session.abort('the simulated call stalled: it waits for nothing that could ever happen');
  }
  const result = await session.result;
  channel.dispose();
  return {
    outcome: result.outcome,
    trace: session.trace.snapshot(),
    variables: result.variables,
    events: channel.events,
  };
}

function isCompiled(flow: FlowDocument | CompiledFlow): flow is CompiledFlow {
  return 'start' in flow && 'nodes' in flow;
}
