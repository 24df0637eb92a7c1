/**
 * When a share in use (0..1) reaches 1, from its history: the forecast (trend and daily/weekly
 * season, the trend carried on undamped, as a leak keeps leaking) gives the likely instant, and
 * its 90% prediction interval the earliest (upper bound reaches 1) and latest (lower bound does).
 */
import { forecast } from '../forecast/forecast.js';

export interface Exhaustion {
  /** The last value seen. */
  now: number;
  /** Change per day at the end of the history (0 when the model found no trend). */
  trendPerDay: number;
  /** Unix ms; null when not reached within the look-ahead. The end of the history when already exhausted. */
  earliest: number | null;
  likely: number | null;
  latest: number | null;
}

const DAY_MS = 86_400_000;

/**
 * `values`: shares in use on a regular grid ending at `endMs`, oldest first (NaN for missing samples).
 * Looks `lookaheadMs` past the end.
 */
export function exhaustion(values: readonly number[], stepMs: number, endMs: number, lookaheadMs: number): Exhaustion {
  const now = lastValue(values);
  if (now >= 1) return { now, trendPerDay: 0, earliest: endMs, likely: endMs, latest: endMs };
  const steps = Math.max(1, Math.ceil(lookaheadMs / stepMs));
  const f = forecast({ values: [...values], stepMs, damping: 1 }, steps);
  const reached = (path: number[]) => {
    const i = path.findIndex((v) => v >= 1);
    return i < 0 ? null : endMs + (i + 1) * stepMs;
  };
  return { now, trendPerDay: f.trendPerStep * (DAY_MS / stepMs), earliest: reached(f.upper), likely: reached(f.mean), latest: reached(f.lower) };
}

/** The last value and the trend per day of a series without a limit (a backlog). */
export function trend(values: readonly number[], stepMs: number): { now: number | null; perDay: number } {
  const now = lastValue(values);
  return { now: Number.isFinite(now) ? now : null, perDay: forecast({ values: [...values], stepMs, damping: 1 }, 1).trendPerStep * (DAY_MS / stepMs) };
}

function lastValue(values: readonly number[]): number {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return values[i]!;
  return NaN;
}
