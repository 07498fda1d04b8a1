/**
 * Waits for work unless one of the signals aborts first: then `onAbort` runs (to stop the work) and
 * the promise rejects with that signal's reason. Listeners are removed once it settles.
 */
export function untilAborted<T>(
  work: Promise<T>,
  signals: readonly AbortSignal[],
  onAbort?: () => void,
): Promise<T> {
  const aborted = signals.find((s) => s.aborted);
  if (aborted) {
    onAbort?.();
    return Promise.reject(aborted.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const listeners = signals.map((signal) => {
      const listener = () => {
        detach();
        onAbort?.();
        reject(signal.reason);
      };
      signal.addEventListener('abort', listener, { once: true });
      return { signal, listener };
    });
    const detach = () => {
      for (const { signal, listener } of listeners) signal.removeEventListener('abort', listener);
    };
    work.then(
      (value) => {
        detach();
        resolve(value);
      },
      (err: unknown) => {
        detach();
        reject(err);
      },
    );
  });
}
