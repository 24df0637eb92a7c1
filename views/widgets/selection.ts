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
