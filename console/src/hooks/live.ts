/**
 * Where the live view's data comes from. Today it polls GET /v1/instances/:i/live every 2 s; a
 * WebSocket source can replace it behind the same interface.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveSnapshot } from '../api/flow-types';
import type { FlowsApi } from '../api/flows';

export interface LiveSubscription {
  /** Asks for a new snapshot now (e.g. after changing an agent's state). */
  refresh(): void;
  close(): void;
}

export interface LiveSource {
  /** Calls onSnapshot with each new snapshot until the subscription is closed. */
  subscribe(
    instance: string,
    onSnapshot: (s: LiveSnapshot) => void,
    onError: (e: unknown) => void,
  ): LiveSubscription;
}

export function pollingLiveSource(flows: FlowsApi, intervalMs = 2000): LiveSource {
  return {
    subscribe(instance, onSnapshot, onError) {
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const tick = async () => {
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
        try {
          const snapshot = await flows.live(instance);
          if (!stopped) onSnapshot(snapshot);
        } catch (err) {
          if (!stopped) onError(err);
        }
        if (!stopped) timer = setTimeout(tick, intervalMs);
      };
      void tick();
      return {
        refresh: () => void tick(),
        close: () => {
          stopped = true;
          if (timer !== undefined) clearTimeout(timer);
        },
      };
    },
  };
}

export function useLive(source: LiveSource, instance: string) {
  const [snapshot, setSnapshot] = useState<LiveSnapshot | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [updatedAt, setUpdatedAt] = useState<number | undefined>(undefined);
  const subscription = useRef<LiveSubscription | undefined>(undefined);
  useEffect(() => {
    const sub = source.subscribe(
      instance,
      (s) => {
        setSnapshot(s);
        setError(undefined);
        setUpdatedAt(Date.now());
      },
      setError,
    );
    subscription.current = sub;
    return () => sub.close();
  }, [source, instance]);
  const refresh = useCallback(() => subscription.current?.refresh(), []);
  return { snapshot, error, updatedAt, refresh };
}
