import { useCallback, useState } from 'react';

export interface Action {
  busy: boolean;
  error: unknown;
  /** Runs fn, keeping its error for display; answers its value, or undefined when it failed. */
  run<T>(fn: () => Promise<T>): Promise<T | undefined>;
  clear(): void;
}

/** A button's action: busy while it runs, and the API's error to show when it fails. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = useCallback(async <T>(fn: () => Promise<T>) => {
    setBusy(true);
    setError(undefined);
    try {
      return await fn();
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(undefined), []);
  return { busy, error, run, clear };
}
