/** Number and time formatting shared by the SLO reports. null (no data) prints as an em dash. */
import { promRange } from './promql.js';

const NONE = '—';

function trimmed(x: number, decimals: number): string {
  const s = x.toFixed(decimals);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** 0.99951 -> "99.951%", 0.999 -> "99.9%". */
export function percent(x: number | null, decimals = 3): string {
  return x === null ? NONE : `${trimmed(x * 100, decimals)}%`;
}

/** Burn rates and other plain numbers: 14.4 -> "14.4", 0.123456 -> "0.12". */
export function decimal(x: number | null, decimals = 2): string {
  return x === null ? NONE : trimmed(x, decimals);
}

/** A raw query value exactly as returned, so explain output can be checked by hand. */
export function raw(x: number | null): string {
  return x === null ? 'no series' : String(x);
}

/** RFC3339 in UTC, without milliseconds when they are zero. */
export function instant(ms: number | null): string {
  return ms === null ? NONE : new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** A measured length of time, exact: "0s" when there is none (not a PromQL range, which cannot be zero). */
export function measured(ms: number): string {
  return ms <= 0 ? '0s' : promRange(ms);
}

/** A duration rounded to minutes, in days rather than weeks: "45d", "2d3h". */
export function span(ms: number): string {
  return ms < 60_000 ? 'under 1m' : promRange(Math.round(ms / 60_000) * 60_000);
}
