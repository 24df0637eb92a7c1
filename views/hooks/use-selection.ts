import { useRef } from 'react';
import { useSyncState } from './use-sync-state.js';
import { clampIndex, distinctKeys } from '../widgets/selection.js';

export interface Selection {
  /** Index of the selected row in the rows as drawn now. */
  index: number;
  /** The same, read at once (for key handlers): the rows may have re-sorted since the last draw. */
  current(): number;
  move(delta: number): void;
  reset(): void;
}

/**
 * The selected row of a live list, held by its key: when a refresh re-sorts the rows (worst
 * first), the cursor stays on the same service instead of landing on another at its old place.
 * Rows with the same key are told apart by their order (see distinctKeys).
 */
export function useSelection(rowKeys: readonly string[]): Selection {
  const keys = distinctKeys(rowKeys);
  const [, setKey, keyRef] = useSyncState<string | undefined>(undefined);
  const lastIndex = useRef(0);
  const keysRef = useRef(keys);
  keysRef.current = keys;
  const current = () => {
    const at = keyRef.current === undefined ? -1 : keysRef.current.indexOf(keyRef.current);
    // A row that left the list (filtered out, gone) leaves the cursor where it was.
    if (at >= 0) lastIndex.current = at;
    return clampIndex(at >= 0 ? at : lastIndex.current, keysRef.current.length);
  };
  return {
    index: current(),
    current,
    move(delta) {
      const next = clampIndex(current() + delta, keysRef.current.length);
      lastIndex.current = next;
      setKey(keysRef.current[next]);
    },
    reset() {
      lastIndex.current = 0;
      setKey(undefined);
    },
  };
}
