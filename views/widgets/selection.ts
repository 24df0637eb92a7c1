import type { KeyFlags } from '../keys/keys.js';

/** How far a key moves a selection: j/k and the arrows one row, PgDn/PgUp ten; 0 for other keys. */
export function step(input: string, key: KeyFlags): number {
  if (key.downArrow || input === 'j') return 1;
  if (key.upArrow || input === 'k') return -1;
  if (key.pageDown) return 10;
  if (key.pageUp) return -10;
  return 0;
}

/** `index` kept inside a list of `count` rows (0 for an empty list). */
export function clampIndex(index: number, count: number): number {
  return Math.max(0, Math.min(index, count - 1));
}

/**
 * Row keys made unique: the second and later rows with the same key get "#2", "#3"…, so React
 * never keeps an orphaned row and a selection never matches two rows (log lines written in the
 * same millisecond can be alike in everything).
 */
export function distinctKeys(keys: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return keys.map((key) => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  });
}
