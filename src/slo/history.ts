/**
 * Budget burn-down over the period, for the `obs slo status` sparkline: two range queries per SLO
 * (numerator and total counted per step), summed up step by step here. Point k shows the budget
 * left after the errors from the period start up to its time, out of the whole period's budget, so
 * the line starts near 100% and ends at the SLO's current `budget.remaining`.
 */
import type { SloResult } from './assess.js';
import { allowedErrorRatio } from './math.js';
import { windowQueries } from './plan.js';
import { promRange } from './promql.js';

export interface RangeSeries {
  labels: Record<string, string>;
  /** [unix ms, value], in time order; gaps are simply absent. */
  points: [number, number][];
}

/** A range query (`/api/v1/query_range`); throws an Error with a string `kind` when the backend fails. */
export type RangeQueryFn = (promql: string, startMs: number, endMs: number, stepMs: number) => Promise<{ series: RangeSeries[] }>;

export interface BudgetPoint {
  t: number;
  /** Fraction of the period's budget left at `t`; null when the period had no traffic. */
  remaining: number | null;
}

const MIN_STEP_MS = 60_000;

/** The burn-down of one evaluated SLO, about `points` points; null when it could not be evaluated. */
export async function budgetHistory(result: SloResult, rangeQuery: RangeQueryFn, points = 24): Promise<BudgetPoint[] | null> {
  if (!result.templates) return null;
  const span = result.at - result.periodStart;
  const step = Math.max(MIN_STEP_MS, Math.ceil(span / points / 1000) * 1000);
  const count = Math.max(1, Math.floor(span / step));
  const start = result.at - (count - 1) * step;
  const q = windowQueries(result.templates, result.slo.budgeting, promRange(step));
  const [numerator, total] = await Promise.all([rangeQuery(q.numerator, start, result.at, step), rangeQuery(q.total, start, result.at, step)]);
  const times = Array.from({ length: count }, (_, i) => start + i * step);
  const at = (series: readonly RangeSeries[]) => stepValues(series, start, step, count);
  const remaining = burnDown(result.templates.numerator, at(numerator.series), at(total.series), result.slo.objective);
  return times.map((t, i) => ({ t, remaining: remaining[i] }));
}

/** Budget histories for several SLOs at once; an SLO whose queries fail gets null. */
export async function budgetHistories(results: readonly SloResult[], rangeQuery: RangeQueryFn, points = 24): Promise<(BudgetPoint[] | null)[]> {
  return Promise.all(
    results.map((r) =>
      budgetHistory(r, rangeQuery, points).catch((e: unknown) => {
        if (e instanceof Error && typeof (e as { kind?: unknown }).kind === 'string') return null;
        throw e;
      }),
    ),
  );
}

/**
 * Budget left after each step, from per-step event counts (null: no series at that step, i.e. no
 * events). Budget = (1 - objective) × all events of the period.
 */
export function burnDown(
  numeratorKind: 'good' | 'bad',
  numerators: readonly (number | null)[],
  totals: readonly (number | null)[],
  objective: number,
): (number | null)[] {
  const allEvents = totals.reduce<number>((sum, x) => sum + (x ?? 0), 0);
  if (!(allEvents > 0)) return totals.map(() => null);
  const budget = allowedErrorRatio(objective) * allEvents;
  let bad = 0;
  return totals.map((total, i) => {
    const n = numerators[i] ?? 0;
    bad += numeratorKind === 'bad' ? n : (total ?? 0) - n;
    return 1 - bad / budget;
  });
}

/** Values by step index (timestamps matched to the nearest step, whatever their rounding). */
function stepValues(series: readonly RangeSeries[], start: number, step: number, count: number): (number | null)[] {
  const values: (number | null)[] = new Array(count).fill(null);
  for (const s of series) {
    for (const [t, v] of s.points) {
      const i = Math.round((t - start) / step);
      if (i >= 0 && i < count && Number.isFinite(v)) values[i] = (values[i] ?? 0) + v;
    }
  }
  return values;
}
