import { formatNumber, formatPercent, formatSeconds } from '../src/output/format.js';
import type { Color } from './theme.js';
import type { Point } from '../src/cockpit/types.js';
import { SEVERITY_RANK, severityOf } from '../src/alerts/classify.js';

export const rate = (v?: number): string => (v === undefined || Number.isNaN(v) ? '—' : `${formatNumber(v, 3)}/s`);
export const percent = (v?: number): string => formatPercent(v, 2);
export const seconds = (v?: number): string => formatSeconds(v);

/**
 * The error budget left, in the overview's 6-cell column: whole percent ("50%", "-2990%"); past what
 * 6 cells hold, as a multiple of the budget ("-299x" is -29900%, "-12kx"), so a cut never turns it
 * into another number.
 */
export function budgetCell(remaining: number | undefined): string {
  if (remaining !== undefined && !Number.isFinite(remaining) && !Number.isNaN(remaining)) return remaining < 0 ? '-Inf' : 'Inf';
  const whole = percent(remaining).replace(/\.\d+%/, '%');
  if (whole.length <= BUDGET_CELLS || remaining === undefined) return whole;
  const sign = remaining < 0 ? '-' : '';
  const times = Math.abs(remaining);
  if (times < 9999.5) return `${sign}${Math.round(times)}x`;
  return times < 1e6 ? `${sign}${Math.floor(times / 1e3)}kx` : `${sign}${Math.min(999, Math.floor(times / 1e6))}Mx`;
}
export const BUDGET_CELLS = 6;

/**
 * Whether a latency quantile `q` of a histogram is only a bound: when more than 1 - q of the
 * requests were slower than the top finite bucket (`overflow`), histogram_quantile can only answer
 * that bucket.
 */
export const pinnedAtTop = (q: number, overflow?: number): boolean => overflow !== undefined && overflow > 1 - q;

/** A quantile `q` in seconds, "≥" when it is pinned at the top bucket. */
export const quantileSeconds = (v: number | undefined, q: number, overflow?: number): string =>
  v !== undefined && pinnedAtTop(q, overflow) ? `≥${seconds(v)}` : seconds(v);

/** The top-bucket value a quantile series sat at wherever it was pinned (by `overflow` at the same time), if it ever was. */
export function pinnedLevel(quantile: readonly Point[], overflow: readonly Point[], q: number): number | undefined {
  const overflowAt = new Map(overflow.map((p) => [p.time, p.value]));
  const pinned = quantile.filter((p) => Number.isFinite(p.value) && pinnedAtTop(q, overflowAt.get(p.time))).map((p) => p.value);
  return pinned.length ? Math.min(...pinned) : undefined;
}

/** Axis labels of a quantile chart: from the pinned level up, a label is a bound. */
export const quantileAxis = (pinned: number | undefined) => (v: number): string =>
  // asciichart computes its top label, so it may miss the level by a rounding error.
  pinned !== undefined && v >= pinned * (1 - 1e-9) ? `≥${seconds(v)}` : seconds(v);

export function errorColor(ratio?: number): Color | undefined {
  if (ratio === undefined) return undefined;
  if (ratio >= 0.05) return 'red';
  if (ratio >= 0.01) return 'yellow';
  return 'green';
}

export function latencyColor(p99?: number): Color | undefined {
  if (p99 === undefined) return undefined;
  if (p99 >= 1) return 'red';
  if (p99 >= 0.5) return 'yellow';
  return undefined;
}

export function budgetColor(remaining?: number): Color | undefined {
  if (remaining === undefined) return undefined;
  if (remaining <= 0) return 'red';
  if (remaining < 0.25) return 'yellow';
  return 'green';
}

export function severityColor(severity: string): Color | undefined {
  const s = severity.toLowerCase();
  if (s === 'critical' || s === 'page' || s === 'error') return 'red';
  if (s === 'warning' || s === 'ticket') return 'yellow';
  return 'cyan';
}

/** Most severe first, then the oldest: the order of every alert list. */
export function bySeverity<T extends { severity: string; startsAt: number }>(alerts: T[]): T[] {
  const rank = (a: T) => SEVERITY_RANK[severityOf({ severity: a.severity })];
  return [...alerts].sort((a, b) => rank(b) - rank(a) || a.startsAt - b.startsAt);
}

/**
 * Sparklines of a ratio or a latency are drawn from 0 to at least the level that turns the value
 * red, so a flat 0.01% error ratio is a low line and never looks like 10%.
 */
export const ERROR_RATIO_SCALE = 0.05;
export const LATENCY_SCALE_S = 1;
export function scaleTop(values: readonly number[], floor: number): number {
  return Math.max(floor, ...values.filter((v) => Number.isFinite(v)));
}
