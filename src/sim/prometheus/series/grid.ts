/** The scrape grid every generated series shares. */
export const SCRAPE_MS = 15_000;
/** counters are summed in blocks of this many scrapes */
export const STEPS = 20;
export const BLOCK_MS = SCRAPE_MS * STEPS;
export const BLOCKS_PER_DAY = 86_400_000 / BLOCK_MS;
/** resolution of float counters (CPU seconds, latency sums, dollars): a power of two keeps sums exact */
export const FLOAT_UNIT = 2 ** -20;
/** how far back the world has data */
export const HISTORY_MS = 30 * 86_400_000;

export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Infinity];

/** `le` label value as client libraries write it */
export function leLabel(bound: number): string {
  return bound === Infinity ? '+Inf' : String(bound);
}
