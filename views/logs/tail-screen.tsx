import { Box, Text, useApp } from 'ink';
import { type MutableRefObject, useEffect, useRef, useState } from 'react';
import type { LogLine } from '../../src/cockpit/types.js';
import { useSyncState } from '../hooks/use-sync-state.js';
import type { KeyFlags, KeyHandler } from '../keys/keys.js';
import { ScreenKeysContext } from '../keys/router.js';
import { LogEntryScreen } from '../screens/log-entry.js';

/** What both live tail views take besides their data: how often to redraw, and how they end. */
export interface TailLifecycle {
  redrawMs?: number;
  onQuit?: () => void;
  signal?: AbortSignal;
}

/** Redraws every `redrawMs` (the data changes outside React), exits when `signal` aborts; returns quit. */
export function useTailLifecycle(props: TailLifecycle): () => void {
  const { exit } = useApp();
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), props.redrawMs ?? 250);
    return () => clearInterval(timer);
  }, [props.redrawMs]);
  useEffect(() => {
    const signal = props.signal;
    if (!signal) return;
    if (signal.aborted) exit();
    signal.addEventListener('abort', () => exit(), { once: true });
  }, [props.signal, exit]);
  return () => {
    props.onQuit?.();
    exit();
  };
}

/**
 * What a tail has opened whole (a line, or a pattern's first line) and the keys it takes while open:
 * esc goes back to the tail, q quits, the rest scroll the entry. `openKey` returns false when
 * nothing is open, so the tail handles the key itself.
 */
export function useOpenEntry<T>(quit: () => void) {
  const [open, setOpen, openRef] = useSyncState<T | undefined>(undefined);
  const entryKeys = useRef<KeyHandler | undefined>(undefined);
  const openKey = (input: string, key: KeyFlags): boolean => {
    if (openRef.current === undefined) return false;
    if (key.escape) setOpen(undefined);
    else if (input === 'q') quit();
    else entryKeys.current?.(input, key);
    return true;
  };
  return { open, setOpen, entryKeys, openKey };
}

/** One entry opened whole from a tail: a title line with the keys, then the entry, scrolled by its own keys. */
export function OpenEntry(props: { title: string; back: string; entry: LogLine; keys: MutableRefObject<KeyHandler | undefined>; columns: number; rows: number }) {
  return (
    <ScreenKeysContext.Provider value={props.keys}>
      <Box flexDirection="column" width={props.columns}>
        <Text wrap="truncate-end" dimColor>{`${props.title}  (esc back to the ${props.back}, j/k scroll, q quit)`}</Text>
        <LogEntryScreen entry={props.entry} width={props.columns} height={props.rows - 2} />
      </Box>
    </ScreenKeysContext.Provider>
  );
}
