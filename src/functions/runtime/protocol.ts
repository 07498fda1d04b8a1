/**
 * The messages carried by frames (see frame-codec.ts). A runner says READY when it has started
 * (frames it sends before are its own warm-up and are ignored); the host answers with one PING
 * (the runner's PONG warms both ends' frame paths), then sends LOAD once to give the pre-started
 * runner its function, then one INVOKE at a time. The runner answers LOADED after LOAD, LOG as
 * the function writes, and RESULT after each INVOKE.
 * Everything a runner sends is untrusted (tenant code shares its process), so it is validated.
 */
import { encodeFrame, type Frame } from './frame-codec.js';

export const FrameKind = {
  Load: 1,
  Invoke: 2,
  Ping: 3,
  Ready: 10,
  Loaded: 11,
  Log: 12,
  Result: 13,
  Pong: 14,
} as const;

/** The shape of an error payload, as the hosted services report it. */
export interface ErrorPayload {
  errorMessage: string;
  errorType: string;
  stackTrace: string[];
}

export interface LoadHeader {
  /** The invocation that caused the load; init log lines carry its id. */
  requestId: string;
  handler: string;
  initializer: string | null;
  initializationTimeoutMs: number;
  environment: Record<string, string>;
  memoryMb: number;
  logLimitBytes: number;
  maxPayloadBytes: number;
  accountId: string;
  region: string;
  service: { name: string };
  /** context.function as the handler sees it; timeout in seconds like Function Compute. */
  function: {
    name: string;
    handler: string;
    memory: number;
    timeout: number;
    version: number;
    initializer: string | null;
  };
}

export type RunnerMessage =
  | { kind: 'ready' }
  | { kind: 'pong' }
  | { kind: 'loaded'; failure?: { phase: 'load' | 'init'; error: ErrorPayload } }
  | { kind: 'log'; text: Buffer }
  | {
      kind: 'result';
      ok: boolean;
      durationMs: number;
      maxRssKb: number;
      logTruncated: boolean;
      /** The runner is unusable after this result (uncaught exception); discard it. */
      fatal: boolean;
      /** The handler failed for lack of memory (Python MemoryError). */
      outOfMemory: boolean;
      payload: Buffer;
    };

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

export function encodeLoad(header: LoadHeader): Buffer {
  return encodeFrame(FrameKind.Load, JSON.stringify(header));
}

export function encodePing(): Buffer {
  return encodeFrame(FrameKind.Ping, '{}');
}

export function encodeInvoke(requestId: string, timeoutMs: number, payload: Uint8Array): Buffer {
  return encodeFrame(FrameKind.Invoke, JSON.stringify({ requestId, timeoutMs }), payload);
}

export function decodeRunnerMessage(frame: Frame): RunnerMessage {
  switch (frame.kind) {
    case FrameKind.Log:
      return { kind: 'log', text: frame.body };
    case FrameKind.Result:
      return decodeResult(frame);
    case FrameKind.Loaded:
      return decodeLoaded(frame);
    case FrameKind.Ready:
      return { kind: 'ready' };
    case FrameKind.Pong:
      return { kind: 'pong' };
    default:
      throw new ProtocolError(`unknown frame kind ${frame.kind}`);
  }
}

function decodeResult(frame: Frame): RunnerMessage {
  const header = parseHeader(frame);
  return {
    kind: 'result',
    ok: header['ok'] === true,
    durationMs: numberField(header, 'durationMs'),
    maxRssKb: numberField(header, 'maxRssKb'),
    logTruncated: header['logTruncated'] === true,
    fatal: header['fatal'] === true,
    outOfMemory: header['outOfMemory'] === true,
    payload: frame.body,
  };
}

function decodeLoaded(frame: Frame): RunnerMessage {
  const header = parseHeader(frame);
  if (header['ok'] === true) return { kind: 'loaded' };
  const phase = header['phase'] === 'init' ? 'init' : 'load';
  return { kind: 'loaded', failure: { phase, error: toErrorPayload(header['error']) } };
}

function parseHeader(frame: Frame): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame.header.toString('utf8'));
  } catch (err) {
    throw new ProtocolError('frame header is not JSON', { cause: err });
  }
  if (typeof parsed !== 'object' || parsed === null) throw new ProtocolError('frame header is not an object');
  return parsed as Record<string, unknown>;
}

function numberField(header: Record<string, unknown>, name: string): number {
  const value = header[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ProtocolError(`frame header field ${name} is not a non-negative number`);
  }
  return value;
}

function toErrorPayload(value: unknown): ErrorPayload {
  const fields = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const stack = Array.isArray(fields['stackTrace']) ? fields['stackTrace'] : [];
  return {
    errorMessage: String(fields['errorMessage'] ?? ''),
    errorType: String(fields['errorType'] ?? 'Error'),
    stackTrace: stack.map(String),
  };
}
