/**
 * The seam between Hotline and the code of its users. Everything that runs a function (the API's
 * invoke route, saved test events, the IVR function module, the integration test call) goes
 * through a FunctionInvoker; the sandboxed process pool is one implementation of it.
 */

export type FunctionRuntimeName = 'nodejs20' | 'python3';

/** A function version as the invoker needs it: everything that decides how its instance is built. */
export interface FunctionSpec {
  accountId: string;
  region: string;
  service: string;
  name: string;
  /** Immutable version number; an instance runs exactly one version. */
  version: number;
  runtime: FunctionRuntimeName;
  /** "file.export", e.g. "index.handler". */
  handler: string;
  /** "file.export" of an optional initializer run once per instance, e.g. "index.initialize". */
  initializer?: string | undefined;
  memoryMb: number;
  timeoutMs: number;
  /** Time allowed to the initializer (defaults to timeoutMs). */
  initializationTimeoutMs?: number | undefined;
  environment: Record<string, string>;
  /** Absolute path of the unpacked code of this version (read-only for the instance). */
  codeDir: string;
}

/** How an invocation ended when it did not return a value. */
export type InvocationErrorType =
  /** The handler threw or its promise rejected. */
  | 'FunctionError'
  /** The code could not be loaded: syntax error, missing file, handler not exported. */
  | 'LoadError'
  /** The initializer threw or timed out. */
  | 'InitializationError'
  /** The deadline passed before the handler returned. */
  | 'Timeout'
  /** The instance went over its memory limit and was killed. */
  | 'OutOfMemory'
  /** The instance process ended unexpectedly (exit, signal). */
  | 'Crash';

export interface InvocationRequest {
  spec: FunctionSpec;
  requestId: string;
  /** The event, as bytes. */
  payload: Buffer;
  signal?: AbortSignal;
}

export interface InvocationResult {
  requestId: string;
  /**
   * On success: the handler's return value encoded (string/bytes as is, other values as JSON,
   * undefined/None as `null`). On error: JSON `{errorMessage, errorType, stackTrace}`.
   */
  payload: Buffer;
  error?: InvocationErrorType | undefined;
  /** Wall time of the invocation inside the instance, in ms. */
  durationMs: number;
  /** Peak resident memory of the instance, in MB, when known. */
  maxMemoryUsedMb?: number | undefined;
  /** True when this invocation had to start (or assign) an instance. */
  coldStart: boolean;
  /** Everything the invocation logged (capped; see logTruncated). */
  log: string;
  logTruncated: boolean;
}

export interface FunctionInvoker {
  invoke(request: InvocationRequest): Promise<InvocationResult>;
  /** Drops warm instances of a function (e.g. after it is deleted). */
  evict(accountId: string, service: string, name: string): Promise<void>;
  close(): Promise<void>;
}
