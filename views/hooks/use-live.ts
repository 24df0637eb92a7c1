import { useEffect, useRef, useState } from 'react';

export interface Live<T> {
  data?: T;
  error?: string;
  loading: boolean;
  updatedAt?: number;
  /** The shown data is older than the last attempt (that attempt failed). */
  stale: boolean;
  /** When the attempt under way started; undefined between attempts. */
  startedAt?: number;
  /** How often this panel refreshes: data older than two intervals is stale too. */
  intervalMs?: number;
}

/**
 * Load `loader` now and every `intervalMs` while not paused; a change of `refreshKey` loads once
 * more, paused or not. The next load is scheduled only after the previous one settles, so a slow
 * backend never piles up requests, and nothing runs between refreshes.
 */
export function useLive<T>(loader: (() => Promise<T>) | undefined, intervalMs: number, options: { paused?: boolean; refreshKey?: number; deps?: unknown[]; now?: () => number } = {}): Live<T> {
  const now = options.now ?? Date.now;
  const [state, setState] = useState<Live<T>>({ loading: loader !== undefined, stale: false, intervalMs, startedAt: loader ? now() : undefined });
  const loaderRef = useRef(loader);
  loaderRef.current = loader;
  const deps = options.deps ?? [];
  const loadedKey = useRef<unknown>(undefined);

  // New deps mean another source (another context, another query): from the very first frame
  // nothing of the old source's data or error is shown, whether or not the new one ever answers.
  const [source, setSource] = useState(deps);
  if (deps.length !== source.length || deps.some((d, i) => !Object.is(d, source[i]))) {
    setSource(deps);
    setState({ loading: loader !== undefined, stale: false, intervalMs, startedAt: loader ? now() : undefined });
  }
  useEffect(() => {
    loadedKey.current = undefined;
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!loaderRef.current) return;
    // Paused: nothing runs on its own, but `r` (a new refreshKey) and a first load still do.
    const refreshAsked = loadedKey.current !== options.refreshKey;
    if (options.paused && !refreshAsked) return;
    loadedKey.current = options.refreshKey;
    let cancelled = false;
    let timer: NodeJS.Timeout | undefined;
    const run = async () => {
      const load = loaderRef.current;
      if (!load) return;
      setState((s) => ({ ...s, loading: true, startedAt: now() }));
      try {
        const data = await load();
        if (!cancelled) setState({ data, loading: false, updatedAt: now(), stale: false, intervalMs });
      } catch (e) {
        if (!cancelled) setState((s) => ({ ...s, loading: false, startedAt: undefined, error: errorLine(e), stale: s.data !== undefined }));
      }
      if (!cancelled && !options.paused) timer = setTimeout(run, intervalMs);
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
export function errorLine(e: unknown): string {
  const err = e as { backend?: string; message?: string; status?: number };
  const message = (err?.message ?? String(e)).replace(/\s+/g, ' ').trim() + (err?.status ? ` [HTTP ${err.status}]` : '');
  return err?.backend && !message.startsWith(err.backend) ? `${err.backend}: ${message}` : message;
}
