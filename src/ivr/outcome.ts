/** How a call left the flow. simulateCall() and test cases compare against this shape. */

export type CallOutcome =
  | { kind: 'transferred'; target: 'skillGroup'; skillGroup: string; agent: string | undefined }
  | { kind: 'transferred'; target: 'agent'; agent: string }
  | { kind: 'transferred'; target: 'number'; number: string }
  | { kind: 'voicemail'; mailbox: string; recordingId: string; durationMs: number }
  | { kind: 'hangup'; by: 'caller' | 'flow'; moduleId: string | undefined }
  /** The engine gave up (no fallback left); the caller was hung up on. */
  | { kind: 'error'; code: string; reason: string; moduleId: string | undefined };

/** The outcomes a module may end the call with (the engine decides errors and caller hang-ups). */
export type ModuleEnd = Exclude<CallOutcome, { kind: 'error' }>;
