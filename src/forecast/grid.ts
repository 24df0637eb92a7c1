/** Samples from a range query laid on the regular grid a forecast needs. */

/** The samples on a regular grid from start to end, NaN where there were none; leading gaps (the series began later) are dropped, not guessed. */
export function toGrid(points: readonly { time: number; value: number }[], start: number, stepMs: number, end: number): number[] {
  const n = Math.floor((end - start) / stepMs) + 1;
  const grid = new Array<number>(n).fill(NaN);
  for (const p of points) {
    const i = Math.round((p.time - start) / stepMs);
    if (i >= 0 && i < n) grid[i] = p.value;
  }
  const first = grid.findIndex((v) => Number.isFinite(v));
  return first > 0 ? grid.slice(first) : grid;
}
