import { useCallback, useRef, useState } from 'react';

/**
 * State whose latest value is readable at once through `ref`, for keyboard handlers: keys typed
 * or pasted faster than React re-renders must see the mode the previous key switched to.
 */
export function useSyncState<T>(initial: T): [T, (next: T | ((prev: T) => T)) => void, { readonly current: T }] {
  const [value, setValue] = useState(initial);
  const ref = useRef(initial);
  const set = useCallback((next: T | ((prev: T) => T)) => {
    ref.current = typeof next === 'function' ? (next as (prev: T) => T)(ref.current) : next;
    setValue(ref.current);
  }, []);
  return [value, set, ref];
}
