/**
 * The query plan of one SLO at one instant: which windows, and for each the two PromQL queries
 * (numerator and total) whose ratio is the window's SLI. Pure.
 */
import { calendarPeriodAt } from './calendar.js';
import { CURRENT_BURN_WINDOW_MS, alertThresholds } from './math.js';
import { counterIncrease, promNumber, promRange, renderWindow, withLabelMatcher } from './promql.js';
import type { Budgeting, SloDefinition } from './types.js';

export interface PlannedWindow {
  /** The key in burn-rate maps: "1h", or the period's own label ("30d", "1M"). */
  label: string;
  /** The PromQL range queried; for a calendar period, the time elapsed since it began. */
  range: string;
  ms: number;
  isPeriod: boolean;
}

export interface SloPlan {
  periodStart: number;
  /** A rolling period ends at the evaluation instant; a calendar one at the end of the calendar period. */
  periodEnd: number;
  windows: PlannedWindow[];
}

/** The windows to measure: the period, every alert window, the current-burn window and `extraWindowMs` (gates). */
export function planWindows(slo: SloDefinition, at: number, extraWindowMs: readonly number[] = []): SloPlan {
  const period = slo.period;
  const windows: PlannedWindow[] = [];
  const seen = new Set<number>();
  let periodStart: number;
  let periodEnd: number;
  if (period.kind === 'rolling') {
    periodStart = at - period.ms;
    periodEnd = at;
    windows.push({ label: period.label, range: promRange(period.ms), ms: period.ms, isPeriod: true });
    seen.add(period.ms);
  } else {
    ({ start: periodStart, end: periodEnd } = calendarPeriodAt(period, at));
    const elapsed = Math.max(1000, at - periodStart);
    windows.push({ label: period.label, range: promRange(elapsed), ms: elapsed, isPeriod: true });
  }
  const alertWindows = alertThresholds(period.ms).flatMap((r) => [r.shortMs, r.longMs]);
  const others = [...alertWindows, CURRENT_BURN_WINDOW_MS, ...extraWindowMs].sort((a, b) => a - b);
  for (const ms of others) {
    if (seen.has(ms)) continue;
    seen.add(ms);
    windows.push({ label: promRange(ms), range: promRange(ms), ms, isPeriod: false });
  }
  return { periodStart, periodEnd, windows };
}

/** An indicator reduced to two window templates (latency already resolved to concrete buckets). */
export interface RatioTemplates {
  numerator: 'good' | 'bad';
  numeratorQuery: string;
  totalQuery: string;
}

/** good = the bucket at the threshold, total = the +Inf bucket; `le` values exactly as the backend spells them. */
export function latencyTemplates(bucketSelector: string, thresholdLe: string, infinityLe: string): RatioTemplates {
  return {
    numerator: 'good',
    numeratorQuery: counterIncrease(withLabelMatcher(bucketSelector, 'le', thresholdLe)),
    totalQuery: counterIncrease(withLabelMatcher(bucketSelector, 'le', infinityLe)),
  };
}

export interface WindowQueries {
  numerator: string;
  total: string;
}

/**
 * The two queries for one window. Occurrences: the templates at the window. Timeslices: counts of
 * slices (subquery at the slice resolution) where the slice's ratio meets the slice target, and of
 * slices with traffic; slices without traffic are left out of both.
 */
export function windowQueries(templates: RatioTemplates, budgeting: Budgeting, range: string): WindowQueries {
  if (budgeting.method === 'Occurrences') {
    return { numerator: renderWindow(templates.numeratorQuery, range), total: renderWindow(templates.totalQuery, range) };
  }
  const slice = promRange(budgeting.sliceMs);
  const num = renderWindow(templates.numeratorQuery, slice);
  const total = renderWindow(templates.totalQuery, slice);
  const over = `[${range}:${slice}]`;
  const numerator =
    templates.numerator === 'good'
      ? `count_over_time(((${num}) / (${total}) >= ${promNumber(budgeting.sliceTarget)})${over})`
      : `count_over_time((((${num}) or vector(0)) / (${total}) > ${promNumber(1 - budgeting.sliceTarget)})${over})`;
  return { numerator, total: `count_over_time((${total} > 0)${over})` };
}

/** Below this share of the period with data, a verdict says so (and is a WARNING at best; `--strict` fails it). */
export const MIN_DATA_COVERAGE = 0.9;

/** The finest and coarsest step of the coverage query; about this many steps over the period. */
const COVERAGE_STEP_MIN_MS = 5 * 60_000;
const COVERAGE_STEPS = 720;

export interface CoverageQuery {
  /** Counts the steps of the period at which the total query had a value. */
  query: string;
  stepMs: number;
}

/**
 * How much of the period has data: the total query at a coarse step (the slice for Timeslices;
 * else about 720 steps, never under 5m), counted over the period with a subquery. The count times
 * the step is the time covered, measured to that step.
 */
export function coverageQuery(templates: RatioTemplates, budgeting: Budgeting, periodRange: string, periodMs: number): CoverageQuery {
  const stepMs = budgeting.method === 'Timeslices' ? budgeting.sliceMs : Math.max(COVERAGE_STEP_MIN_MS, Math.ceil(periodMs / COVERAGE_STEPS / 60_000) * 60_000);
  const step = promRange(stepMs);
  return { query: `count_over_time((${renderWindow(templates.totalQuery, step)})[${periodRange}:${step}])`, stepMs };
}

/** Read a histogram `le` label value as a number (`+Inf` included); NaN when it is not one. */
export function leValue(le: string): number {
  const s = le.trim();
  if (/^\+?Inf$/i.test(s)) return Infinity;
  if (/^-Inf$/i.test(s)) return -Infinity;
  return s === '' ? NaN : Number(s);
}

export type BucketMatch = { ok: true; thresholdLe: string; infinityLe: string } | { ok: false; reason: 'no_buckets' | 'not_a_boundary'; message: string };

/** Find the `le` spelling of a threshold among a histogram's bucket boundaries (numerically: 1 matches "1.0"). */
export function matchBucket(boundaries: readonly string[], threshold: number): BucketMatch {
  const usable = boundaries.filter((b) => !Number.isNaN(leValue(b)));
  if (usable.length === 0) return { ok: false, reason: 'no_buckets', message: 'no histogram buckets found (no series with an le label)' };
  const infinityLe = usable.find((b) => leValue(b) === Infinity);
  if (infinityLe === undefined) return { ok: false, reason: 'no_buckets', message: 'the histogram has no +Inf bucket to count all requests' };
  const thresholdLe = usable.find((b) => leValue(b) === threshold);
  if (thresholdLe === undefined) {
    const list = [...new Set(usable)].sort((a, b) => leValue(a) - leValue(b)).join(', ');
    return { ok: false, reason: 'not_a_boundary', message: `latency threshold ${promNumber(threshold)} is not a bucket boundary; the buckets are: ${list}` };
  }
  return { ok: true, thresholdLe, infinityLe };
}
