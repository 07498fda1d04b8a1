/**
 * The workbench's connection: one WebSocket to /v1/workbench/ws (the token as a subprotocol,
 * reconnecting with backoff), the view folded from its messages, and the call's Softphone.
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import {
  type CallInfo,
  CLOSE,
  type ClientMessage,
  parseServerMessage,
  SUBPROTOCOL,
  type TransferTarget,
} from './protocol';
import type { WorkbenchSession } from './session';
import { Softphone } from './softphone';
import { initialView, reduce, type WorkbenchView } from './state';

export type SignedOutReason = 'signedOut' | 'badToken' | 'replaced';

export interface Workbench {
  view: WorkbenchView;
  setReady(): void;
  setNotReady(reason: string): void;
  answer(): Promise<void>;
  reject(): void;
  hold(on: boolean): void;
  transfer(target: TransferTarget): void;
  hangup(): void;
  setMuted(muted: boolean): void;
  finishAfterCallWork(): void;
  signOut(): void;
  dismissError(): void;
}

const MAX_BACKOFF_MS = 30_000;

export function useWorkbench(
  session: WorkbenchSession,
  onSignedOut: (why: SignedOutReason) => void,
): Workbench {
  const [view, dispatch] = useReducer(reduce, initialView);
  const socket = useRef<WebSocket | undefined>(undefined);
  const phone = useRef<Softphone | undefined>(undefined);
  const viewRef = useRef(view);
  const startAudio = useRef<(call: CallInfo) => Promise<void>>(async () => undefined);
  viewRef.current = view;

  const hangUpPhone = useCallback(() => {
    phone.current?.close();
    phone.current = undefined;
  }, []);

  useEffect(() => {
    let stopped = false;
    let attempt = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      const ws = new WebSocket(`${scheme}//${location.host}/v1/workbench/ws`, [SUBPROTOCOL, session.token]);
      socket.current = ws;
      ws.onopen = () => {
        attempt = 0;
        dispatch({ type: 'socket', socket: 'open' });
      };
      ws.onmessage = (e) => {
        const message = parseServerMessage(e.data);
        if (!message) return;
        if (message.type === 'answerSdp' && message.callId === viewRef.current.call?.callId)
          void phone.current?.accept(message.sdp).catch((err: unknown) => {
            dispatch({ type: 'localError', message: String(err) });
          });
        if (message.type === 'callEnded' || message.type === 'hello') hangUpPhone();
        dispatch(message);
        // Reconnected during a call: its audio is set up again (protocol §4, hello).
        if (message.type === 'hello' && message.state.state === 'busy' && message.call)
          void startAudio.current(message.call);
      };
      ws.onclose = (e) => {
        if (socket.current === ws) socket.current = undefined;
        hangUpPhone();
        if (stopped) return;
        if (e.code === CLOSE.signedOut) return onSignedOut('signedOut');
        if (e.code === CLOSE.badToken) return onSignedOut('badToken');
        if (e.code === CLOSE.replaced) return onSignedOut('replaced');
        dispatch({ type: 'socket', socket: 'reconnecting' });
        retry = setTimeout(connect, Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt++));
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket.current?.close(CLOSE.signedOut);
      hangUpPhone();
    };
  }, [session.token, onSignedOut, hangUpPhone]);

  const send = useCallback((message: ClientMessage) => {
    const ws = socket.current;
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
    else dispatch({ type: 'localError', message: 'not connected' });
  }, []);

  const answer = useCallback(
    async (offer: CallInfo) => {
      dispatch({ type: 'answering', call: offer });
      hangUpPhone();
      const softphone = new Softphone((state) => {
        if (state === 'failed') dispatch({ type: 'localError', message: 'the audio connection failed' });
      });
      phone.current = softphone;
      try {
        const sdp = await softphone.offer();
        if (phone.current === softphone) send({ type: 'answer', callId: offer.callId, sdp });
      } catch (err) {
        softphone.close();
        dispatch({ type: 'localError', message: err instanceof Error ? err.message : String(err) });
        send({ type: 'reject', callId: offer.callId });
      }
    },
    [send, hangUpPhone],
  );
  startAudio.current = answer;

  return {
    view,
    setReady: () => send({ type: 'setState', state: 'ready' }),
    setNotReady: (reason) => send({ type: 'setState', state: 'notReady', ...(reason ? { reason } : {}) }),
    answer: async () => {
      const offer = viewRef.current.offer;
      if (offer) await answer(offer);
    },
    reject: () => {
      const offer = viewRef.current.offer;
      if (offer) send({ type: 'reject', callId: offer.callId });
    },
    hold: (on) => send({ type: 'hold', on }),
    transfer: (target) => send({ type: 'transfer', target }),
    hangup: () => send({ type: 'hangup' }),
    setMuted: (muted) => {
      phone.current?.setMuted(muted);
      dispatch({ type: 'muted', muted });
    },
    finishAfterCallWork: () => send({ type: 'finishAfterCallWork' }),
    signOut: () => send({ type: 'signOut' }),
    dismissError: () => dispatch({ type: 'dismissError' }),
  };
}
