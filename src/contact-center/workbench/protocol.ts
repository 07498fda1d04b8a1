/**
 * The workbench's WebSocket messages (docs/workbench-protocol.md): what the page may send, checked
 * with one schema per type, and what the server sends. Frames that are not a JSON object with a
 * `type` are protocol errors (close 4003); a known shape with bad fields, or an unknown type, is
 * answered with `error` and the socket stays open.
 */
import { z } from 'zod';
import type { AgentState } from '../../acd/agent-state.js';
import { defineErrors } from '../../shared/errors.js';

export const WORKBENCH_PROTOCOL = 'hotline-workbench.v1';

/** Close codes (protocol §2). */
export const CLOSE = {
  signedOut: 1000,
  badToken: 4001,
  replaced: 4002,
  protocolError: 4003,
} as const;

export const workbenchErrors = defineErrors({
  WorkbenchMessageInvalid: {
    status: 400,
    description:
      'A workbench message of an unknown type, or whose fields do not fit its type (docs/workbench-protocol.md §3); the socket stays open.',
  },
  WorkbenchStateConflict: {
    status: 409,
    description:
      "A workbench message that does not fit the agent's state now, e.g. `hangup` with no call, or `answer` for a call no longer offered; nothing changed.",
  },
  WorkbenchAudioFailed: {
    status: 502,
    description:
      "The browser's audio connection (ICE, DTLS) could not be set up, or was lost and not set up again in time.",
  },
});

const id = z.string().max(64).optional();
const callId = z.string().min(1).max(64);
const name = z.string().trim().min(1).max(64);

export const transferTargetSchema = z.union([
  z.strictObject({ skillGroup: name }),
  z.strictObject({ agent: name }),
  z.strictObject({ number: z.string().trim().min(1).max(32) }),
]);

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('setState'),
    id,
    state: z.enum(['ready', 'notReady']),
    /** Only for notReady. */
    reason: z.string().trim().min(1).max(64).optional(),
  }),
  z.object({ type: z.literal('answer'), id, callId, sdp: z.string().min(1).max(16_384) }),
  z.object({ type: z.literal('reject'), id, callId }),
  z.object({ type: z.literal('hold'), id, on: z.boolean() }),
  z.object({ type: z.literal('transfer'), id, target: transferTargetSchema }),
  z.object({ type: z.literal('hangup'), id }),
  z.object({ type: z.literal('finishAfterCallWork'), id }),
  z.object({ type: z.literal('signOut'), id }),
]);

export type ClientMessage = z.infer<typeof clientMessageSchema>;

export interface StateInfo {
  state: AgentState;
  reason?: string;
  since: number;
  acwEndsAt?: number;
}

export interface CallInfo {
  callId: string;
  ani: string;
  region?: string;
  skillGroup?: string;
  variables: Record<string, string>;
  ringsUntil?: number;
  connectedSince?: number;
}

export type OfferEndedReason = 'rejected' | 'timeout' | 'callerHungUp' | 'answeredElsewhere';

export type ServerMessage =
  | {
      type: 'hello';
      agent: { loginName: string; displayName: string; instance: string };
      state: StateInfo;
      call?: CallInfo;
    }
  | ({ type: 'state' } & StateInfo)
  | ({ type: 'incoming' } & CallInfo)
  | { type: 'offerEnded'; callId: string; reason: OfferEndedReason }
  | { type: 'answerSdp'; callId: string; sdp: string }
  | { type: 'connected'; callId: string; since: number }
  | { type: 'held'; on: boolean }
  | { type: 'callEnded'; callId: string; by: 'caller' | 'agent' | 'system'; transferred?: true }
  | { type: 'error'; message: string; code?: string; replyTo?: string };

/**
 * A frame as a page message: `{frame}` when it is not a JSON object with a string `type` (close
 * 4003), `{invalid}` when its type or fields are wrong (answer `error`), else the message.
 */
export function readClientMessage(
  data: string,
): { message: ClientMessage } | { invalid: string; replyTo: string | undefined } | { frame: string } {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { frame: 'the frame is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { frame: 'the frame is not a JSON object' };
  const { type, id: rawId } = value as { type?: unknown; id?: unknown };
  if (typeof type !== 'string') return { frame: 'the message has no type' };
  const replyTo = typeof rawId === 'string' ? rawId.slice(0, 64) : undefined;
  const parsed = clientMessageSchema.safeParse(value);
  if (parsed.success) return { message: parsed.data };
  const known = clientMessageSchema.options.some((o) => o.shape.type.value === type);
  if (!known) return { invalid: `unknown message type '${type.slice(0, 40)}'`, replyTo };
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || type}: ${i.message}`);
  return { invalid: `invalid ${type} message: ${problems.join('; ')}`, replyTo };
}

/** Where the caller is from: the flow's `region` variable (the seed flow stores it there). */
export function regionOf(variables: Record<string, string>): string | undefined {
  const region = variables['region']?.trim();
  return region ? region : undefined;
}

/** The flow's variables as strings (what the page shows). */
export function stringVariables(variables: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(variables ?? {}))
    out[k] = typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);
  return out;
}
