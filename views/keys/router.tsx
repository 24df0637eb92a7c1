import { useInput } from 'ink';
import { createContext, useContext, useLayoutEffect, useRef, useState, type MutableRefObject, type ReactNode } from 'react';
import { splitKeys, type Key, type KeyHandler } from './keys.js';

/** Where the screen on top registers its keys; the app asks it first for each key in normal mode. */
export type ScreenKeysSlot = MutableRefObject<KeyHandler | undefined>;
export const ScreenKeysContext = createContext<ScreenKeysSlot>({ current: undefined });

/**
 * The one key path of an app: every key press goes to `handle`, exactly once and in order, one
 * per render unless `handle` says the next may follow at once. A key that opens a screen, sets a filter or changes mode is fully drawn (and the new
 * screen's keys registered) before the next key is handled, however fast the keys came.
 */
export function useKeyPath(handle: (input: string, key: Key['key']) => boolean | void): void {
  const queue = useRef<Key[]>([]);
  const [turn, setTurn] = useState(0);
  const handleRef = useRef(handle);
  handleRef.current = handle;
  useInput((input, key) => {
    queue.current.push(...splitKeys(input, key));
    setTurn((t) => t + 1);
  });
  // A layout effect runs as soon as the frame is committed, after a new screen registered its keys.
  useLayoutEffect(() => {
    let next = queue.current.shift();
    // `handle` returns true when the next key needs no new frame first (text typed into a bar).
    while (next && handleRef.current(next.input, next.key) === true) next = queue.current.shift();
    // The next key on a later tick: a long paste must not nest hundreds of renders in one.
    if (queue.current.length > 0) setImmediate(() => setTurn((t) => t + 1));
  }, [turn]);
}

/** A screen's keys: called while the screen is on top and no bar, filter or help has the keys. */
export function useScreenKeys(handler: KeyHandler): void {
  const slot = useContext(ScreenKeysContext);
  const ref = useRef(handler);
  ref.current = handler;
  useLayoutEffect(() => {
    const registered: KeyHandler = (input, key) => ref.current(input, key);
    slot.current = registered;
    return () => {
      if (slot.current === registered) slot.current = undefined;
    };
  }, [slot]);
}

/** A key path for a screen shown on its own: every key goes to the screen inside. */
export function KeyRoot(props: { children: ReactNode }) {
  const slot = useRef<KeyHandler | undefined>(undefined);
  useKeyPath((input, key) => {
    slot.current?.(input, key);
  });
  return <ScreenKeysContext.Provider value={slot}>{props.children}</ScreenKeysContext.Provider>;
}
