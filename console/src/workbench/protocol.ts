/** The workbench's WebSocket messages (docs/workbench-protocol.md), as the page sends and reads them. */

export type AgentState = 'offline' | 'ready' | 'notReady' | 'ringing' | 'busy' | 'afterCallWork';

export interface AgentInfo {
  loginName: string;
  displayName: string;
  instance: string;
}

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

export type TransferTarget = { skillGroup: string } | { agent: string } | { number: string };

export type ClientMessage =
  | { type: 'setState'; state: 'ready' }
  | { type: 'setState'; state: 'notReady'; reason?: string }
  | { type: 'answer'; callId: string; sdp: string }
  | { type: 'reject'; callId: string }
  | { type: 'hold'; on: boolean }
  | { type: 'transfer'; target: TransferTarget }
  | { type: 'hangup' }
  | { type: 'finishAfterCallWork' }
  | { type: 'signOut' };

export type ServerMessage =
  | { type: 'hello'; agent: AgentInfo; state: StateInfo; call?: CallInfo }
  | ({ type: 'state' } & StateInfo)
  | ({ type: 'incoming' } & CallInfo)
  | { type: 'offerEnded'; callId: string; reason: string }
  | { type: 'answerSdp'; callId: string; sdp: string }
  | { type: 'connected'; callId: string; since?: number }
  | { type: 'held'; on: boolean }
  | { type: 'callEnded'; callId: string; by: 'caller' | 'agent' | 'system'; transferred?: boolean }
  | { type: 'error'; message: string; code?: string; replyTo?: string };

export const SUBPROTOCOL = 'hotline-workbench.v1';

/** Close codes the server uses (§2). */
export const CLOSE = { signedOut: 1000, badToken: 4001, replaced: 4002, protocolError: 4003 } as const;

const SERVER_TYPES = new Set([
  'hello',
  'state',
  'incoming',
  'offerEnded',
  'answerSdp',
  'connected',
  'held',
  'callEnded',
  'error',
]);

/** A frame as a server message, or undefined when it is not one this page knows (ignored). */
export function parseServerMessage(data: unknown): ServerMessage | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== 'object' || value === null) return undefined;
    const type = (value as { type?: unknown }).type;
    return typeof type === 'string' && SERVER_TYPES.has(type) ? (value as ServerMessage) : undefined;
  } catch {
    return undefined;
  }
}
