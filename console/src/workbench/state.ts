/** What the workbench shows, folded from the server's messages and the agent's own actions. */
import type { AgentInfo, CallInfo, ServerMessage, StateInfo } from './protocol';

export type CallPhase = 'answering' | 'connecting' | 'connected';

export interface ActiveCall extends CallInfo {
  phase: CallPhase;
}

export interface EndedCall {
  callId: string;
  ani: string;
  by: 'caller' | 'agent' | 'system';
  transferred: boolean;
  at: number;
}

export interface WorkbenchView {
  socket: 'connecting' | 'open' | 'reconnecting';
  agent: AgentInfo | undefined;
  state: StateInfo | undefined;
  /** The call offered (agent ringing). */
  offer: CallInfo | undefined;
  call: ActiveCall | undefined;
  held: boolean;
  muted: boolean;
  /** The call that ended last (shown during after-call work). */
  ended: EndedCall | undefined;
  error: string | undefined;
}

export type LocalEvent =
  | { type: 'socket'; socket: WorkbenchView['socket'] }
  | { type: 'answering'; call: CallInfo }
  | { type: 'muted'; muted: boolean }
  | { type: 'localError'; message: string }
  | { type: 'dismissError' };

export const initialView: WorkbenchView = {
  socket: 'connecting',
  agent: undefined,
  state: undefined,
  offer: undefined,
  call: undefined,
  held: false,
  muted: false,
  ended: undefined,
  error: undefined,
};

export function reduce(view: WorkbenchView, event: ServerMessage | LocalEvent): WorkbenchView {
  switch (event.type) {
    case 'socket':
      return { ...view, socket: event.socket };
    case 'hello': {
      const { call } = event;
      const ringing = event.state.state === 'ringing' ? call : undefined;
      const busy =
        event.state.state === 'busy' && call ? { ...call, phase: 'answering' as const } : undefined;
      return { ...view, agent: event.agent, state: event.state, offer: ringing, call: busy, held: false };
    }
    case 'state': {
      const { type: _type, ...state } = event;
      return { ...view, state, offer: state.state === 'ringing' ? view.offer : undefined };
    }
    case 'incoming': {
      const { type: _type, ...offer } = event;
      return { ...view, offer, ended: undefined };
    }
    case 'offerEnded':
      return view.offer?.callId === event.callId ? { ...view, offer: undefined } : view;
    case 'answering':
      return {
        ...view,
        offer: undefined,
        call: { ...event.call, phase: 'answering' },
        held: false,
        muted: false,
      };
    case 'answerSdp':
      return onCall(view, event.callId, { phase: 'connecting' });
    case 'connected':
      return onCall(view, event.callId, { phase: 'connected', connectedSince: event.since ?? Date.now() });
    case 'held':
      return { ...view, held: event.on };
    case 'callEnded': {
      const call = view.call?.callId === event.callId ? view.call : undefined;
      const ended: EndedCall = {
        callId: event.callId,
        ani: call?.ani ?? '',
        by: event.by,
        transferred: event.transferred === true,
        at: Date.now(),
      };
      return { ...view, call: call ? undefined : view.call, ended, held: false, muted: false };
    }
    case 'muted':
      return { ...view, muted: event.muted };
    case 'error':
    case 'localError':
      return { ...view, error: event.message };
    case 'dismissError':
      return { ...view, error: undefined };
  }
}

function onCall(view: WorkbenchView, callId: string, change: Partial<ActiveCall>): WorkbenchView {
  return view.call?.callId === callId ? { ...view, call: { ...view.call, ...change } } : view;
}
