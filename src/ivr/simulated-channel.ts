/**
 * A CallChannel driven by a script instead of a phone: the caller's number, the digits they
 * press (at fixed times, or when asked), when they hang up, and a router that decides how
 * transfers end. Prompts take their (estimated) length in the clock's time, so with a
 * VirtualClock a whole call runs in microseconds, and with the system clock in real time.
 *
 * Digits: a digit pressed during a barge-in prompt stops it and stays buffered for the next
 * collectDigits (type-ahead); during a prompt without barge-in it is dropped; at other times it is
 * buffered.
 */
import type { Clock, Timer } from '../shared/clock.js';
import type { SystemVariables } from './names.js';
import type {
  CallChannel,
  CollectOptions,
  CollectResult,
  PlayOptions,
  PlayResult,
  PromptSpec,
  TransferOutcome,
  VoicemailOutcome,
  VoicemailRequest,
} from './ports.js';
import type { RouteDecision, SimulatedRouter } from './simulation/routing.js';
import { routerFromRules } from './simulation/routing.js';
import type { Answer, CallScript } from './simulation/script.js';

/** What happened on the line, for the test panel and for assertions. */
export type ChannelEvent =
  | {
      kind: 'play';
      atMs: number;
      prompt: PromptSpec;
      durationMs: number;
      interruptedBy?: string;
      cut?: boolean;
    }
  | { kind: 'collect'; atMs: number; digits: string; ended: CollectResult['ended'] }
  | { kind: 'press'; atMs: number; digits: string }
  | {
      kind: 'transfer';
      atMs: number;
      target: 'skillGroup' | 'agent' | 'number';
      to: string;
      outcome: TransferOutcome | { kind: 'cancelled' };
    }
  | { kind: 'voicemail'; atMs: number; mailbox: string; outcome: VoicemailOutcome | { kind: 'cancelled' } }
  | { kind: 'hangup'; atMs: number; by: 'caller' | 'flow'; reason: string };

export class CallerHungUp extends Error {
  constructor() {
    super('the caller hung up');
    this.name = 'CallerHungUp';
  }
}

let callCounter = 0;

export class SimulatedChannel implements CallChannel {
  readonly system: SystemVariables;
  readonly events: ChannelEvent[] = [];
  private readonly hangupController = new AbortController();
  private readonly t0: number;
  private readonly answers: Answer[];
  private readonly scriptTimers = new Set<Timer>();
  private buffer = '';
  private playing: { bargeIn: boolean; interrupt(digit: string): void } | undefined;
  private collecting: (() => void) | undefined;
  private ended = false;
  private recordings = 0;

  constructor(
    private readonly script: CallScript,
    private readonly clock: Clock,
    private readonly router: SimulatedRouter = routerFromRules(),
  ) {
    this.t0 = clock.monotonic();
    this.answers = [...script.answers];
    this.system = {
      ANI: script.ani,
      DNIS: script.dnis,
      CallId: script.callId ?? `sim-${++callCounter}`,
      InstanceId: script.instanceId ?? 'simulation',
      StartTime: new Date(clock.now()).toISOString(),
    };
    for (const press of script.presses) this.after(press.atMs, () => this.press(press.digits));
    if (script.hangupAtMs !== undefined) this.after(script.hangupAtMs, () => this.callerHangsUp());
  }

  get hangupSignal(): AbortSignal {
    return this.hangupController.signal;
  }

  /** The caller presses digits now. */
  press(digits: string): void {
    if (this.ended) return;
    this.events.push({ kind: 'press', atMs: this.now(), digits });
    for (const digit of digits) {
      if (this.playing && !this.playing.bargeIn) continue;
      this.buffer += digit;
      this.playing?.interrupt(digit);
    }
    this.collecting?.();
  }

  /** The caller hangs up now. */
  callerHangsUp(): void {
    if (this.ended) return;
    this.end('caller', 'the caller hung up');
    this.hangupController.abort(new CallerHungUp());
  }

  /** Cancels what the script still had planned (the call is over, e.g. bridged to an agent). */
  dispose(): void {
    for (const timer of this.scriptTimers) timer.cancel();
    this.scriptTimers.clear();
  }

  async hangup(reason: string): Promise<void> {
    if (!this.ended) this.end('flow', reason);
  }

  play(prompt: PromptSpec, options: PlayOptions, signal: AbortSignal): Promise<PlayResult> {
    const atMs = this.now();
    const durationMs = this.lengthOf(prompt);
    const buffered = this.buffer[0];
    if (options.bargeIn && buffered !== undefined) {
      this.events.push({ kind: 'play', atMs, prompt, durationMs: 0, interruptedBy: buffered });
      return Promise.resolve({ interruptedBy: buffered });
    }
    return this.wait<PlayResult>(signal, durationMs, (finish) => {
      this.playing = { bargeIn: options.bargeIn, interrupt: (digit) => finish({ interruptedBy: digit }) };
      return {
        done: { interruptedBy: undefined },
        cleanup: (result) => {
          this.playing = undefined;
          const played = { kind: 'play', atMs, prompt, durationMs: this.now() - atMs } as const;
          const interruptedBy = result?.interruptedBy;
          this.events.push(
            result === undefined
              ? { ...played, cut: true }
              : interruptedBy
                ? { ...played, interruptedBy }
                : played,
          );
        },
      };
    });
  }

  collectDigits(options: CollectOptions, signal: AbortSignal): Promise<CollectResult> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      let digits = '';
      let timer: Timer | undefined;
      let answerTimer: Timer | undefined;
      const cleanup = () => {
        timer?.cancel();
        answerTimer?.cancel();
        this.collecting = undefined;
        signal.removeEventListener('abort', onAbort);
      };
      const finish = (ended: CollectResult['ended']) => {
        cleanup();
        this.events.push({ kind: 'collect', atMs: this.now(), digits, ended });
        resolve({ digits, ended });
      };
      const onAbort = () => {
        cleanup();
        reject(signal.reason);
      };
      const take = () => {
        while (this.buffer.length > 0) {
          const digit = this.buffer[0]!;
          this.buffer = this.buffer.slice(1);
          if (digit === options.terminator) return finish('terminator');
          digits += digit;
          if (digits.length >= options.maxDigits) return finish('maxDigits');
        }
        timer?.cancel();
        const wait = digits.length === 0 ? options.firstDigitTimeoutMs : options.interDigitTimeoutMs;
        timer = this.clock.setTimer(wait, () => finish('timeout'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.collecting = take;
      if (this.buffer.length === 0) answerTimer = this.answerNext();
      take();
    });
  }

  async transferToSkillGroup(
    request: Parameters<CallChannel['transferToSkillGroup']>[0],
    signal: AbortSignal,
  ) {
    return this.transfer('skillGroup', request.skillGroupId, await this.router.skillGroup(request), signal);
  }

  async transferToAgent(request: Parameters<CallChannel['transferToAgent']>[0], signal: AbortSignal) {
    return this.transfer('agent', request.agentId, await this.router.agent(request), signal);
  }

  async transferToNumber(request: Parameters<CallChannel['transferToNumber']>[0], signal: AbortSignal) {
    return this.transfer('number', request.number, await this.router.number(request), signal);
  }

  recordVoicemail(request: VoicemailRequest, signal: AbortSignal): Promise<VoicemailOutcome> {
    const atMs = this.now();
    const { silent, durationMs } = this.script.voicemail;
    const length = silent
      ? Math.min(5000, request.maxDurationMs)
      : Math.min(durationMs, request.maxDurationMs);
    const outcome: VoicemailOutcome = silent
      ? { kind: 'empty' }
      : { kind: 'recorded', recordingId: `${this.system.CallId}-vm${++this.recordings}`, durationMs: length };
    return this.wait<VoicemailOutcome>(signal, length, () => ({
      done: outcome,
      cleanup: (result) => {
        this.events.push({
          kind: 'voicemail',
          atMs,
          mailbox: request.mailbox,
          outcome: result ?? { kind: 'cancelled' },
        });
      },
    }));
  }

  private transfer(
    target: 'skillGroup' | 'agent' | 'number',
    to: string,
    decision: RouteDecision,
    signal: AbortSignal,
  ): Promise<TransferOutcome> {
    const atMs = this.now();
    const outcome = outcomeOf(decision);
    const delay = decision.result === 'timeout' ? undefined : decision.afterMs;
    return this.wait<TransferOutcome>(signal, delay, () => ({
      done: outcome,
      cleanup: (result) =>
        this.events.push({ kind: 'transfer', atMs, target, to, outcome: result ?? { kind: 'cancelled' } }),
    }));
  }

  /**
   * Waits `ms` on the clock (forever when undefined) and resolves with `done`, unless `start`'s
   * finish() settles it earlier or the signal aborts (then it rejects). cleanup() always runs once,
   * with the result (undefined when aborted).
   */
  private wait<T>(
    signal: AbortSignal,
    ms: number | undefined,
    start: (finish: (result: T) => void) => { done: T; cleanup(result: T | undefined): void },
  ): Promise<T> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (result: T | undefined) => {
        if (settled) return false;
        settled = true;
        timer?.cancel();
        signal.removeEventListener('abort', onAbort);
        hooks.cleanup(result);
        return true;
      };
      const finish = (result: T) => {
        if (settle(result)) resolve(result);
      };
      const onAbort = () => {
        if (settle(undefined)) reject(signal.reason);
      };
      const hooks = start(finish);
      const timer = ms === undefined ? undefined : this.clock.setTimer(ms, () => finish(hooks.done));
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** "Press when asked": schedules the next scripted answer. */
  private answerNext(): Timer | undefined {
    const answer = this.answers.shift();
    if (answer === undefined) return undefined;
    if (typeof answer === 'string') {
      return answer === ''
        ? undefined
        : this.after(this.script.answerDelayMs, () => this.press(answer), false);
    }
    const delay = answer.afterMs ?? this.script.answerDelayMs;
    if ('hangup' in answer) return this.after(delay, () => this.callerHangsUp(), false);
    return answer.digits === '' ? undefined : this.after(delay, () => this.press(answer.digits), false);
  }

  private after(ms: number, fn: () => void, scripted = true): Timer {
    const timer = this.clock.setTimer(ms, () => {
      this.scriptTimers.delete(timer);
      fn();
    });
    if (scripted) this.scriptTimers.add(timer);
    return timer;
  }

  private end(by: 'caller' | 'flow', reason: string): void {
    this.ended = true;
    this.events.push({ kind: 'hangup', atMs: this.now(), by, reason });
    this.dispose();
  }

  private lengthOf(prompt: PromptSpec): number {
    if (prompt.kind === 'tts') return Math.round(Array.from(prompt.text).length * this.script.ttsMsPerChar);
    return this.script.promptMs[prompt.promptId] ?? this.script.defaultPromptMs;
  }

  private now(): number {
    return this.clock.monotonic() - this.t0;
  }
}

function outcomeOf(decision: RouteDecision): TransferOutcome {
  switch (decision.result) {
    case 'answered':
      return { kind: 'answered', agentId: decision.agent };
    case 'failed':
      return { kind: 'failed', reason: decision.reason ?? 'the transfer failed' };
    case 'overflow':
      return { kind: 'overflow', reason: decision.reason };
    case 'timeout':
      return { kind: 'timeout' };
    default:
      return { kind: decision.result };
  }
}
