/**
 * One call going through a flow: the loop that runs a module, records the step and follows the
 * exit, until a module ends the call or the caller hangs up. It is also the ModuleContext the
 * modules see, so a step allocates little beyond its trace entry.
 *
 * Never silence: a module that throws, an exit that is not connected, a subflow that will not
 * load, or too many steps send the call to the flow's fallback module (once); without one, the
 * call ends with an `error` outcome and is hung up. The trace says why either way.
 */
import type { Clock } from '../shared/clock.js';
import type { CompiledFlow, CompiledNode } from './compile.js';
import { errorText } from './error-text.js';
import type { ModuleContext, ModuleResult } from './module.js';
import { MAX_VARIABLE_LENGTH } from './names.js';
import type { CallOutcome } from './outcome.js';
import type { CallChannel, FunctionCaller } from './ports.js';
import { renderTemplate } from './template.js';
import type { CallTrace, Incident, IncidentCode, TraceStep, VariableChange } from './trace.js';

export interface EngineLimits {
  /** Steps a call may take before it is sent to the fallback (loops in a flow). */
  maxSteps: number;
  /** Steps allowed after the fallback module takes over. */
  fallbackSteps: number;
  /** How deep subflows may nest. */
  maxSubflowDepth: number;
}

export interface CallRunDeps {
  clock: Clock;
  functions: FunctionCaller;
  limits: EngineLimits;
  loadSubflow(flowId: string, signal: AbortSignal): Promise<CompiledFlow>;
}

/** A flow the call is inside of, and where to continue when it returns. */
interface Frame {
  flow: CompiledFlow;
  node: CompiledNode;
  exit: string;
}

/** Where the call goes after a step, and what the engine had to do about it. */
interface Next {
  node: CompiledNode | undefined;
  incident?: Incident | undefined;
}

export class CallRun implements ModuleContext {
  moduleId = '';
  readonly functions: FunctionCaller;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  private readonly vars = new Map<string, string>();
  private readonly frames: Frame[] = [];
  private readonly t0: number;
  private flow: CompiledFlow;
  private steps = 0;
  private stepLimit: number;
  private fallbackUsed = false;
  private outcome: CallOutcome | undefined;
  private readonly lookup = (name: string): string => this.vars.get(name) ?? '';

  constructor(
    private readonly deps: CallRunDeps,
    flow: CompiledFlow,
    readonly channel: CallChannel,
    private readonly trace: CallTrace,
    signal: AbortSignal,
    initial: Readonly<Record<string, string>>,
  ) {
    this.functions = deps.functions;
    this.clock = deps.clock;
    this.signal = signal;
    this.flow = flow;
    this.stepLimit = deps.limits.maxSteps;
    this.t0 = deps.clock.monotonic();
    for (const [name, value] of Object.entries(initial)) this.vars.set(name, value);
  }

  get(name: string): string {
    return this.vars.get(name) ?? '';
  }

  render(template: string): string {
    return renderTemplate(template, this.lookup);
  }

  variables(): Record<string, string> {
    return Object.fromEntries(this.vars);
  }

  /** Runs the call to its end; never rejects. */
  async run(): Promise<CallOutcome> {
    let node: CompiledNode | undefined = this.flow.start;
    try {
      while (node) node = await this.step(node);
    } catch (err) {
      // A bug in the engine itself: still end the call cleanly and say why.
      this.outcome = { kind: 'error', code: 'ENGINE_ERROR', reason: errorText(err), moduleId: this.moduleId };
    }
    const outcome = this.outcome ?? {
      kind: 'error',
      code: 'ENGINE_ERROR',
      reason: 'no outcome',
      moduleId: this.moduleId,
    };
    await this.hangUpUnlessTransferred(outcome);
    this.trace.finish(outcome);
    return outcome;
  }

  private async step(node: CompiledNode): Promise<CompiledNode | undefined> {
    if (this.steps >= this.stepLimit) return this.overLimit(node);
    this.steps++;
    this.moduleId = node.id;
    const flowId = this.flow.id;
    const atMs = this.clock.monotonic() - this.t0;
    this.trace.enter(flowId, node.id, node.type, atMs);
    let result: ModuleResult | undefined;
    let failure: unknown;
    try {
      result = await node.definition.run(this, node.config, this.signal);
    } catch (err) {
      failure = err;
    }
    const step = this.newStep(flowId, node, atMs, this.clock.monotonic() - this.t0 - atMs);
    step.detail = result?.detail;
    const next = this.signal.aborted
      ? this.stopped(node)
      : result
        ? this.follow(node, result, step)
        : this.failed(node, failure);
    return this.record(step, next instanceof Promise ? await next : next);
  }

  private newStep(flowId: string, node: CompiledNode, atMs: number, durationMs: number): TraceStep {
    return {
      seq: this.steps,
      flowId,
      moduleId: node.id,
      moduleType: node.type,
      moduleName: node.name,
      atMs,
      durationMs,
      exit: undefined,
      next: undefined,
      changes: undefined,
      detail: undefined,
      incident: undefined,
      end: undefined,
    };
  }

  /** Completes the step with where the call goes, records it, and returns the next node. */
  private record(step: TraceStep, next: Next): CompiledNode | undefined {
    step.next = next.node?.id;
    step.incident = next.incident;
    step.end = next.node ? undefined : this.outcome;
    this.trace.record(step);
    return next.node;
  }

  /** The module returned: apply its variables and find where the call goes. */
  private follow(node: CompiledNode, result: ModuleResult, step: TraceStep): Next | Promise<Next> {
    if (result.vars) step.changes = this.apply(result.vars);
    if ('exit' in result) {
      step.exit = result.exit;
      const target = node.next.get(result.exit);
      if (target) return { node: target };
      const code = node.exitNames.has(result.exit) ? 'EXIT_NOT_CONNECTED' : 'UNKNOWN_EXIT';
      return this.fallback(code, `exit ${result.exit} of ${node.id} goes nowhere`);
    }
    if ('end' in result) {
      this.outcome = result.end;
      return { node: undefined };
    }
    if ('enterFlow' in result) return this.enterSubflow(node, result.enterFlow, step);
    return this.returnFromSubflow(node, step);
  }

  private failed(node: CompiledNode, failure: unknown): Next {
    return this.fallback('MODULE_FAILED', `${node.type} module ${node.id} failed: ${errorText(failure)}`);
  }

  /** The call's signal aborted: the caller hung up, or the session was aborted from outside. */
  private stopped(node: CompiledNode): Next {
    const byCaller = this.channel.hangupSignal.aborted;
    this.outcome = byCaller
      ? { kind: 'hangup', by: 'caller', moduleId: node.id }
      : { kind: 'error', code: 'ABORTED', reason: errorText(this.signal.reason), moduleId: node.id };
    const message = byCaller
      ? `the caller hung up during ${node.id}`
      : `the call was aborted: ${errorText(this.signal.reason)}`;
    return { node: undefined, incident: { code: byCaller ? 'CALLER_HUNG_UP' : 'ABORTED', message } };
  }

  private overLimit(node: CompiledNode): CompiledNode | undefined {
    const step = this.newStep(this.flow.id, node, this.clock.monotonic() - this.t0, 0);
    return this.record(
      step,
      this.fallback('MAX_STEPS', `more than ${this.steps} steps (a loop in the flow?) at ${node.id}`),
    );
  }

  /**
   * Sends the call to the nearest fallback module (this flow's, else a calling flow's), once per
   * call; after that, or without one, the call ends with an error outcome.
   */
  private fallback(code: IncidentCode, message: string): Next {
    if (!this.fallbackUsed) {
      for (let depth = this.frames.length; depth >= 0; depth--) {
        const flow = depth === this.frames.length ? this.flow : this.frames[depth]!.flow;
        if (!flow.fallback) continue;
        this.frames.length = depth;
        this.flow = flow;
        this.fallbackUsed = true;
        this.stepLimit = this.steps + this.deps.limits.fallbackSteps;
        return { node: flow.fallback, incident: { code, message, fallbackTo: flow.fallback.id } };
      }
    }
    this.outcome = { kind: 'error', code, reason: message, moduleId: this.moduleId };
    return { node: undefined, incident: { code, message } };
  }

  private async enterSubflow(
    node: CompiledNode,
    request: { flowId: string; exit: string; failureExit: string },
    step: TraceStep,
  ): Promise<Next> {
    step.exit = request.exit;
    let incident: Incident;
    if (this.frames.length >= this.deps.limits.maxSubflowDepth) {
      incident = {
        code: 'SUBFLOW_DEPTH',
        message: `subflows nested deeper than ${this.deps.limits.maxSubflowDepth}`,
      };
    } else {
      try {
        const sub = await this.deps.loadSubflow(request.flowId, this.signal);
        this.frames.push({ flow: this.flow, node, exit: request.exit });
        this.flow = sub;
        const initial = this.initialValuesOf(sub);
        if (initial) step.changes = [...(step.changes ?? []), ...(this.apply(initial) ?? [])];
        return { node: sub.start };
      } catch (err) {
        if (this.signal.aborted) return this.stopped(node);
        incident = { code: 'SUBFLOW_FAILED', message: `subflow ${request.flowId}: ${errorText(err)}` };
      }
    }
    step.exit = request.failureExit;
    const target = node.next.get(request.failureExit);
    if (target) return { node: target, incident };
    return this.fallback(incident.code, incident.message);
  }

  private returnFromSubflow(node: CompiledNode, step: TraceStep): Next {
    const frame = this.frames.pop();
    if (!frame)
      return this.fallback('RETURN_OUTSIDE_SUBFLOW', `${node.id} returns, but this flow is not a subflow`);
    this.flow = frame.flow;
    step.exit = 'return';
    const target = frame.node.next.get(frame.exit);
    if (target) return { node: target };
    return this.fallback('EXIT_NOT_CONNECTED', `exit ${frame.exit} of ${frame.node.id} goes nowhere`);
  }

  /** Declared variables of a subflow that are not set yet. */
  private initialValuesOf(flow: CompiledFlow): Record<string, string> | undefined {
    let initial: Record<string, string> | undefined;
    for (const v of flow.variables) {
      if (v.initial === undefined || this.vars.has(v.name)) continue;
      initial ??= {};
      initial[v.name] = v.initial;
    }
    return initial;
  }

  /** Sets variables; returns the ones that changed. */
  private apply(vars: Readonly<Record<string, string>>): VariableChange[] | undefined {
    let changes: VariableChange[] | undefined;
    for (const name in vars) {
      let after = vars[name]!;
      if (after.length > MAX_VARIABLE_LENGTH) after = after.slice(0, MAX_VARIABLE_LENGTH);
      const before = this.vars.get(name) ?? '';
      if (before === after) continue;
      this.vars.set(name, after);
      changes ??= [];
      changes.push({ name, before, after });
    }
    return changes;
  }

  private async hangUpUnlessTransferred(outcome: CallOutcome): Promise<void> {
    if (outcome.kind === 'transferred' || this.channel.hangupSignal.aborted) return;
    try {
      await this.channel.hangup(outcome.kind === 'error' ? `flow error: ${outcome.reason}` : outcome.kind);
    } catch (err) {
      const last = this.trace.steps.at(-1);
      if (last && !last.incident) last.incident = { code: 'HANGUP_FAILED', message: errorText(err) };
    }
  }
}
