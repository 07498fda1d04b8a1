/**
 * The trace of one call: one step per module run, with the exit taken, timing, the variables
 * that changed (only those), the module's detail (for a function: request id, duration, result
 * or error, log tail) and, when the engine had to step in, an incident saying why. Readable while
 * the call runs (subscribe(), snapshot()) and afterwards.
 */
import type { StepDetail } from './module.js';
import type { CallOutcome } from './outcome.js';

export interface VariableChange {
  name: string;
  before: string;
  after: string;
}

export type IncidentCode =
  | 'CALLER_HUNG_UP'
  | 'ABORTED'
  | 'MODULE_FAILED'
  | 'EXIT_NOT_CONNECTED'
  | 'UNKNOWN_EXIT'
  | 'MAX_STEPS'
  | 'SUBFLOW_FAILED'
  | 'SUBFLOW_DEPTH'
  | 'RETURN_OUTSIDE_SUBFLOW'
  | 'HANGUP_FAILED'
  | 'ENGINE_ERROR';

export interface Incident {
  code: IncidentCode;
  message: string;
  /** The module the call was sent to instead (the flow's fallback), if any. */
  fallbackTo?: string | undefined;
}

export interface TraceStep {
  seq: number;
  flowId: string;
  moduleId: string;
  moduleType: string;
  moduleName: string | undefined;
  /** When the module started, in ms since the call started. */
  atMs: number;
  durationMs: number;
  /** The exit the module took. */
  exit: string | undefined;
  /** The module the call went to next. */
  next: string | undefined;
  changes: VariableChange[] | undefined;
  detail: StepDetail | undefined;
  incident: Incident | undefined;
  /** Set on the last step: how the call ended. */
  end: CallOutcome | undefined;
}

export type TraceEvent =
  | { type: 'enter'; flowId: string; moduleId: string; moduleType: string; atMs: number }
  | { type: 'step'; step: TraceStep }
  | { type: 'end'; outcome: CallOutcome };

export type TraceListener = (event: TraceEvent) => void;

export interface TraceSnapshot {
  callId: string;
  flowId: string;
  /** Wall time when the call entered the flow (ms since the epoch). */
  startedAt: number;
  initialVariables: Record<string, string>;
  /** The module running now (undefined once the call has ended). */
  current: { flowId: string; moduleId: string; sinceMs: number } | undefined;
  steps: TraceStep[];
  outcome: CallOutcome | undefined;
}

export class CallTrace {
  private readonly stepList: TraceStep[] = [];
  private readonly listeners = new Set<TraceListener>();
  /** The module running now; fields are overwritten each step rather than reallocated. */
  private readonly current = { flowId: '', moduleId: '', sinceMs: 0, running: false };
  private finalOutcome: CallOutcome | undefined;
  /** Errors thrown by listeners (a faulty listener is removed; the call goes on). */
  readonly listenerErrors: unknown[] = [];

  constructor(
    readonly callId: string,
    readonly flowId: string,
    readonly startedAt: number,
    readonly initialVariables: Readonly<Record<string, string>>,
  ) {}

  get steps(): readonly TraceStep[] {
    return this.stepList;
  }

  get outcome(): CallOutcome | undefined {
    return this.finalOutcome;
  }

  /** Calls listener for every event from now on; returns the function that stops it. */
  subscribe(listener: TraceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): TraceSnapshot {
    return {
      callId: this.callId,
      flowId: this.flowId,
      startedAt: this.startedAt,
      initialVariables: { ...this.initialVariables },
      current: this.current.running
        ? { flowId: this.current.flowId, moduleId: this.current.moduleId, sinceMs: this.current.sinceMs }
        : undefined,
      steps: this.stepList.slice(),
      outcome: this.finalOutcome,
    };
  }

  /** Engine side: a module starts. */
  enter(flowId: string, moduleId: string, moduleType: string, atMs: number): void {
    this.current.flowId = flowId;
    this.current.moduleId = moduleId;
    this.current.sinceMs = atMs;
    this.current.running = true;
    if (this.listeners.size > 0) this.emit({ type: 'enter', flowId, moduleId, moduleType, atMs });
  }

  /** Engine side: a module finished. */
  record(step: TraceStep): void {
    this.stepList.push(step);
    if (this.listeners.size > 0) this.emit({ type: 'step', step });
  }

  /** Engine side: the call left the flow. */
  finish(outcome: CallOutcome): void {
    this.current.running = false;
    this.finalOutcome = outcome;
    if (this.listeners.size > 0) this.emit({ type: 'end', outcome });
  }

  private emit(event: TraceEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        // An observer (a console view, a log shipper) must never break the call it watches.
        this.listeners.delete(listener);
        this.listenerErrors.push(err);
      }
    }
  }
}
