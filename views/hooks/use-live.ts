import { useEffect, useRef, useState } from 'react';

export interface Live<T> {
  data?: T;
  error?: string;
  loading: boolean;
  updatedAt?: number;
  /** The shown data is older than the last attempt (that attempt failed) or than two intervals. */
  stale: boolean;
}

/**
 * Load `loader` now and every `intervalMs` while not paused; `refreshKey` changes force a reload.
 * The next load is scheduled only after the previous one settles, so a slow backend never piles
 * up requests, and nothing runs between refreshes.
 */
export function useLive<T>(loader: (() => Promise<T>) | undefined, intervalMs: number, options: { paused?: boolean; refreshKey?: number; deps?: unknown[]; now?: () => number } = {}): Live<T> {
  const [state, setState] = useState<Live<T>>({ loading: loader !== undefined, stale: false });
  const loaderRef = useRef(loader);
  loaderRef.current = loader;
  const now = options.now ?? Date.now;
  const deps = options.deps ?? [];

  useEffect(() => {
    setState((s) => ({ ...s, data: undefined, error: undefined, loading: loaderRef.current !== undefined, stale: false }));
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!loaderRef.current || options.paused) return;
    let cancelled = false;
    let timer: NodeJS.Timeout | undefined;
    const run = async () => {
      const load = loaderRef.current;
      if (!load) return;
      try {
        const data = await load();
        if (!cancelled) setState({ data, loading: false, updatedAt: now(), stale: false });
      } catch (e) {
        if (!cancelled) setState((s) => ({ ...s, loading: false, error: errorLine(e), stale: s.data !== undefined }));
      }
      if (!cancelled) timer = setTimeout(run, intervalMs);
    };
    void run();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [intervalMs, options.paused, options.refreshKey, ...deps]); // eslint-disable-line react-hooks/exhaustive-deps

  return state;
}

/** One line for a panel: which backend failed and what it said. */
function errorLine(e: unknown): string {
  const err = e as { backend?: string; message?: string };
  const message = err?.message ?? String(e);
  return err?.backend ? `${err.backend}: ${message}` : message;
}
