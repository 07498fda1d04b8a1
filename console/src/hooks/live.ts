/**
 * The live view's data: snapshots pushed over a WebSocket (GET /v1/instances/:i/live upgraded),
 * reconnecting with a growing delay. The token goes as the subprotocol `bearer.<token>` (a browser
 * cannot set headers on a WebSocket). When the socket drops, one GET of the snapshot tells why
 * (its error, e.g. 401, is the API's own) and keeps the page filled until the socket is back.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, path } from '../api/client';
import type { LiveSnapshot } from '../api/flow-types';
import type { FlowsApi } from '../api/flows';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export interface LiveSubscription {
  /** Asks for a new snapshot now (e.g. after changing an agent's state). */
  refresh(): void;
  close(): void;
}

export interface LiveHandlers {
  snapshot(s: LiveSnapshot): void;
  error(e: unknown): void;
  status(s: LiveStatus, retryInMs?: number): void;
}

export interface LiveSource {
  subscribe(instance: string, on: LiveHandlers): LiveSubscription;
}

const PROTOCOL = 'hotline.v1';
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

interface ServerMessage {
  type: string;
  snapshot?: LiveSnapshot;
  code?: string;
  message?: string;
}

export function socketLiveSource(token: string, flows: FlowsApi): LiveSource {
  return {
    subscribe(instance, on) {
      let socket: WebSocket | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let failures = 0;
      let stopped = false;

      const connect = () => {
        timer = undefined;
        const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
        const url = `${scheme}//${location.host}${path('/v1/instances', instance, 'live')}`;
        const ws = new WebSocket(url, [PROTOCOL, `bearer.${token}`]);
        socket = ws;
        ws.onopen = () => {
          failures = 0;
          on.status('live');
        };
        ws.onmessage = (e) => {
          const msg = JSON.parse(String(e.data)) as ServerMessage;
          if (msg.type === 'snapshot' && msg.snapshot) on.snapshot(msg.snapshot);
          if (msg.type === 'error') on.error(new ApiError(msg.code ?? 'Error', msg.message ?? '', 0));
        };
        ws.onclose = () => {
          if (stopped || socket !== ws) return;
          socket = undefined;
          const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** failures) * (0.8 + Math.random() * 0.4);
          failures++;
          on.status('reconnecting', delay);
          // One GET says why (a 401 signs the console out) and bridges the gap.
          flows.live(instance).then(
            (s) => !stopped && on.snapshot(s),
            (err: unknown) => !stopped && on.error(err),
          );
          timer = setTimeout(connect, delay);
        };
      };

      on.status('connecting');
      connect();
      return {
        refresh: () => {
          if (socket?.readyState === WebSocket.OPEN) socket.send('{"type":"refresh"}');
        },
        close: () => {
          stopped = true;
          if (timer !== undefined) clearTimeout(timer);
          socket?.close();
        },
      };
    },
  };
}

export function useLive(source: LiveSource, instance: string) {
  const [snapshot, setSnapshot] = useState<LiveSnapshot | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [status, setStatus] = useState<{ status: LiveStatus; retryInMs?: number | undefined }>({
    status: 'connecting',
  });
  const subscription = useRef<LiveSubscription | undefined>(undefined);
  useEffect(() => {
    const sub = source.subscribe(instance, {
      snapshot: (s) => {
        setSnapshot(s);
        setError(undefined);
      },
      error: setError,
      status: (s, retryInMs) => setStatus({ status: s, retryInMs }),
    });
    subscription.current = sub;
    return () => sub.close();
  }, [source, instance]);
  const refresh = useCallback(() => subscription.current?.refresh(), []);
  return { snapshot, error, ...status, refresh };
}
