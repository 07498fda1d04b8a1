/**
 * What the main thread and the media worker say to each other over the worker's port: requests
 * (an id, an operation and its arguments; id 0 wants no answer), a cancel for a request in flight
 * (an aborted play, a recording's stop signal), answers, and events the worker sends on its own
 * (DTMF digits, a call's media or a WebRTC leg closing, a leg connecting, a bridge ending, log
 * lines). Everything here is plain data: it goes through the structured clone.
 */
import { HotlineError } from '../../shared/errors.js';
import type { BridgeStats } from '../media/bridge.js';
import type { DigitEvent } from '../media/dtmf.js';
import type { DtmfSendOptions } from '../media/dtmf-sender.js';
import type { MediaEngineOptions, MediaEngineStats } from '../media/media-engine.js';
import type { MediaSessionStats, PlayResult } from '../media/media-session.js';
import type { PromptSource } from '../media/prompt-source.js';
import type { RecordingResult, RecordOptions } from '../media/recorder.js';
import type { AudioNegotiation } from '../media/sdp.js';
import type { DtmfDigit } from '../media/telephone-event.js';
import type { WebRtcCloseReason, WebRtcLegStats } from '../webrtc/leg.js';
import type { WebRtcLegsStats } from '../webrtc/legs.js';
import type { WebRtcOptions } from '../webrtc/options.js';

/** How the worker builds its media engine and WebRTC legs (no clock or logger: those are the worker's). */
export interface MediaWorkerOptions {
  engine: Omit<MediaEngineOptions, 'clock' | 'logger'>;
  webrtc: Omit<WebRtcOptions, 'clock' | 'logger'>;
  /** Whether debug lines are worth sending to the main thread. */
  debug: boolean;
}

/**
 * A prompt as it crosses: audio already loaded goes by an id, with its PCM the first time (the
 * worker keeps it until the main thread's PromptAudio is garbage-collected: forgetAudio).
 */
export type WirePrompt =
  | Exclude<PromptSource, { kind: 'audio' }>
  | { kind: 'audio'; id: string; samples?: Int16Array | undefined };

/** A digit as it crosses: its monotonic time on the shared time line (see toSharedTime). */
export interface WireDigit extends Omit<DigitEvent, 'monotonicMs'> {
  sharedMs: number;
}

export interface SessionOpened {
  id: string;
  sdp: string;
  localPort: number;
  negotiation: AudioNegotiation;
}

type Args<T = Record<never, never>> = T;

/** Every operation: its arguments and its answer. */
export interface MediaOps {
  createSession: { args: Args<{ offerSdp: string }>; result: SessionOpened };
  createOffer: { args: Args; result: SessionOpened };
  loadPrompt: { args: Args<{ source: WirePrompt }>; result: { samples: Int16Array } };
  engineStats: { args: Args; result: MediaEngineStats };
  resetTimingStats: { args: Args; result: undefined };
  closeEngine: { args: Args; result: undefined };
  play: { args: Args<{ session: string; prompts: WirePrompt[]; stopOnDigit: boolean }>; result: PlayResult };
  stopPlayback: { args: Args<{ session: string }>; result: undefined };
  reportInfoDigit: { args: Args<{ session: string; digit: DtmfDigit }>; result: undefined };
  sendDigits: {
    args: Args<{ session: string; digits: string; options: DtmfSendOptions | undefined }>;
    result: undefined;
  };
  record: {
    args: Args<{ session: string; options: Omit<RecordOptions, 'signal'> }>;
    result: RecordingResult;
  };
  renegotiate: {
    args: Args<{ session: string; offerSdp: string }>;
    result: { sdp: string; negotiation: AudioNegotiation };
  };
  applyAnswer: {
    args: Args<{ session: string; answerSdp: string }>;
    result: { negotiation: AudioNegotiation };
  };
  sessionStats: { args: Args<{ session: string }>; result: MediaSessionStats };
  /** Answers with the call's last figures. */
  closeSession: { args: Args<{ session: string }>; result: MediaSessionStats };
  /** a and b name sessions, WebRTC legs or call audios; a bridge that cannot start ends at once. */
  bridge: { args: Args<{ bridge: string; a: string; b: string }>; result: undefined };
  /** Answers with the bridge's last figures. */
  stopBridge: { args: Args<{ bridge: string }>; result: BridgeStats };
  bridgeStats: { args: Args<{ bridge: string }>; result: BridgeStats };
  createLeg: { args: Args<{ leg: string }>; result: undefined };
  answerLeg: { args: Args<{ leg: string; offerSdp: string }>; result: { sdp: string } };
  closeLeg: { args: Args<{ leg: string; reason: WebRtcCloseReason }>; result: undefined };
  legStats: { args: Args<{ leg: string }>; result: WebRtcLegStats };
  legsStats: { args: Args; result: WebRtcLegsStats };
  closeLegs: { args: Args; result: undefined };
  createCallAudio: { args: Args<{ audio: string; leg: string }>; result: undefined };
  useLeg: { args: Args<{ audio: string; leg: string }>; result: undefined };
  closeCallAudio: { args: Args<{ audio: string }>; result: undefined };
  forgetAudio: { args: Args<{ id: string }>; result: undefined };
}

export type MediaOp = keyof MediaOps;

export type MediaRequest = {
  [K in MediaOp]: { id: number; op: K; args: MediaOps[K]['args']; cancellable?: true };
}[MediaOp];

export type ToMediaWorker = MediaRequest | { cancel: number };

export interface WireError {
  name: string;
  message: string;
  code?: string;
  status?: number;
  details?: Record<string, unknown> | undefined;
}

export type MediaEvent =
  | { event: 'digit'; session: string; digit: WireDigit }
  | { event: 'sessionClosed'; session: string; stats: MediaSessionStats }
  | { event: 'legConnected'; leg: string }
  | { event: 'legClosed'; leg: string; reason: WebRtcCloseReason; stats: WebRtcLegStats }
  | { event: 'bridgeEnded'; bridge: string; stats: BridgeStats | undefined }
  | { event: 'log'; level: 'debug' | 'warn'; fields: Record<string, unknown>; message: string };

export type FromMediaWorker =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: WireError }
  | MediaEvent;

/** An error as it crosses: a HotlineError keeps its code, status and details. */
export function toWireError(err: unknown): WireError {
  if (err instanceof HotlineError)
    return { name: err.name, message: err.message, code: err.code, status: err.status, details: err.details };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

/** The same kind of error again on this side (callers look at isHotlineError and codes). */
export function fromWireError(wire: WireError): Error {
  if (wire.code !== undefined)
    return new HotlineError(wire.code, wire.status ?? 500, wire.message, { details: wire.details });
  const Kind = wire.name === 'RangeError' ? RangeError : wire.name === 'TypeError' ? TypeError : Error;
  return new Kind(wire.message);
}

/**
 * performance.now() counts from each thread's own start: a monotonic time crosses as the same
 * instant on a time line both threads share (performance.timeOrigin + now).
 */
export function toSharedTime(monotonicMs: number): number {
  return performance.timeOrigin + monotonicMs;
}

export function fromSharedTime(sharedMs: number): number {
  return sharedMs - performance.timeOrigin;
}
