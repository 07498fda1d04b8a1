/**
 * What the IVR engine needs from the rest of Hotline, declared here so the engine imports none of
 * it: the call (a CallChannel: a SIP call, or the simulated one), the way to call a tenant's
 * function (FunctionCaller), and where subflows come from (FlowLoader). The composition root hands
 * in the implementations.
 *
 * Cancellation: every operation takes an AbortSignal. When it aborts (the caller hung up, a
 * module's deadline passed), the operation stops what it does (stops the prompt, leaves the
 * queue…) and rejects with the signal's reason.
 */
import type { FlowDocument } from './flow.js';
import type { SystemVariables } from './names.js';

// ── The call ────────────────────────────────────────────────────────────────────────────────

export type PromptSpec =
  | { kind: 'prompt'; promptId: string }
  | { kind: 'tts'; text: string; language: string; voice?: string | undefined };

export interface PlayOptions {
  /** A digit stops the prompt. The digit stays buffered for the next collectDigits. */
  bargeIn: boolean;
}

export interface PlayResult {
  /** The digit that stopped the prompt, when one did. */
  interruptedBy?: string | undefined;
}

export interface CollectOptions {
  minDigits: number;
  maxDigits: number;
  /** A key (usually #) that ends input early; it is not part of the digits. */
  terminator?: string | undefined;
  /** Wait for the first digit. */
  firstDigitTimeoutMs: number;
  /** Wait between digits. */
  interDigitTimeoutMs: number;
}

export interface CollectResult {
  /** Digits received (digits typed ahead, e.g. during a barge-in prompt, come first). */
  digits: string;
  ended: 'maxDigits' | 'terminator' | 'timeout';
}

export interface SkillGroupTransfer {
  skillGroupId: string;
  /** Higher is served first. */
  priority: number;
  /** The module also enforces this with its clock; the ACD may use it to plan. */
  queueTimeoutMs: number;
  holdPrompt?: PromptSpec | undefined;
}

export interface AgentTransfer {
  agentId: string;
  ringTimeoutMs: number;
}

export interface NumberTransfer {
  number: string;
  callerId?: string | undefined;
  ringTimeoutMs: number;
}

export type TransferOutcome =
  | { kind: 'answered'; agentId?: string | undefined }
  | { kind: 'timeout' }
  /** The queue is full, or nobody who could take the call is logged in. */
  | { kind: 'overflow'; reason?: string | undefined }
  | { kind: 'noAnswer' }
  | { kind: 'busy' }
  | { kind: 'failed'; reason: string };

export interface VoicemailRequest {
  /** A mailbox or a skill group whose agents pick up the messages. */
  mailbox: string;
  maxDurationMs: number;
  beep: boolean;
}

export type VoicemailOutcome =
  | { kind: 'recorded'; recordingId: string; durationMs: number }
  | { kind: 'empty' }
  | { kind: 'failed'; reason: string };

export interface CallChannel {
  /** ANI, DNIS, CallId, InstanceId, StartTime of this call. */
  readonly system: SystemVariables;
  /** Aborts when the caller hangs up. */
  readonly hangupSignal: AbortSignal;
  play(prompt: PromptSpec, options: PlayOptions, signal: AbortSignal): Promise<PlayResult>;
  collectDigits(options: CollectOptions, signal: AbortSignal): Promise<CollectResult>;
  /** Resolves when an agent answered (the call is then bridged) or the transfer ended otherwise. */
  transferToSkillGroup(request: SkillGroupTransfer, signal: AbortSignal): Promise<TransferOutcome>;
  transferToAgent(request: AgentTransfer, signal: AbortSignal): Promise<TransferOutcome>;
  transferToNumber(request: NumberTransfer, signal: AbortSignal): Promise<TransferOutcome>;
  recordVoicemail(request: VoicemailRequest, signal: AbortSignal): Promise<VoicemailOutcome>;
  /** Ends the call from our side. Calling it twice, or after the caller hung up, does nothing. */
  hangup(reason: string): Promise<void>;
}

// ── Functions ───────────────────────────────────────────────────────────────────────────────

/** An instance's function entry, by its id or by region/service/function. */
export interface FunctionEntryRef {
  entryId?: string | undefined;
  region?: string | undefined;
  service?: string | undefined;
  function?: string | undefined;
}

/** A registered function entry, as the validator's context lists them. */
export interface FunctionEntry {
  id: string;
  region: string;
  service: string;
  function: string;
}

export interface FunctionCallResult {
  /** False when the function threw, could not run or timed out. */
  ok: boolean;
  /** The return value as text (objects as JSON); null when the function returned nothing. */
  value: string | null;
  requestId: string;
  durationMs: number;
  /** type is e.g. FunctionError, Timeout, ServiceNotFound; message is the user-facing text. */
  error?: { type: string; message: string } | undefined;
  /** The end of what the invocation logged. */
  logTail?: string | undefined;
}

export interface FunctionCaller {
  /** `event` is sent to the handler as a JSON object of the module's parameters. */
  call(
    entry: FunctionEntryRef,
    event: Readonly<Record<string, string>>,
    options: { timeoutMs: number; signal: AbortSignal },
  ): Promise<FunctionCallResult>;
}

// ── Subflows ────────────────────────────────────────────────────────────────────────────────

export interface FlowLoader {
  /** The published flow with that id, or undefined when there is none. */
  load(flowId: string, signal: AbortSignal): Promise<FlowDocument | undefined>;
}
