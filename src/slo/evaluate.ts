/**
 * Evaluate SLOs against a Prometheus-compatible backend through an injected instant-query function.
 * Every window of every SLO is queried at once (the HTTP layer bounds concurrency); numerator and
 * total are separate queries divided here, so there are at most SLOs × windows × 2 queries, whatever
 * the number of series (each query is a `sum(...)` returning one series). Identical queries are
 * sent once. A failure marks only its own SLO NO_DATA.
 */
import { assessSlo, failedSlo, type MeasuredWindow, type SloError, type SloResult } from './assess.js';
import type { Gate } from './gates.js';
import { coverageQuery, latencyTemplates, matchBucket, planWindows, windowQueries, type PlannedWindow, type RatioTemplates } from './plan.js';
import type { MeasuredCoverage } from './assess.js';
import type { SloDefinition, Verdict } from './types.js';
import { overallVerdict } from './verdict.js';
import { burnRate, windowRatio } from './math.js';
import { promRange } from './promql.js';

export interface QuerySeries {
  labels: Record<string, string>;
  value: number;
}

/** An instant query at `atMs`. Throws an Error with a string `kind` when the backend fails. */
export type QueryFn = (promql: string, atMs: number) => Promise<{ series: QuerySeries[] }>;

/** The `le` values of a histogram's buckets, e.g. from `/api/v1/label/le/values?match[]=<selector>`. */
export type BucketBoundariesFn = (bucketSelector: string, atMs: number) => Promise<string[]>;

export interface EvaluateOptions {
  /** Evaluation instant (unix ms); default now. */
  at?: number;
  gates?: readonly Gate[];
  /** Default: one `count by (le) (<selector>)` query per histogram through `query`. */
  bucketBoundaries?: BucketBoundariesFn;
}

export interface SloReport {
  at: number;
  verdict: Verdict;
  results: SloResult[];
}

export async function evaluateSlos(slos: readonly SloDefinition[], query: QueryFn, options: EvaluateOptions = {}): Promise<SloReport> {
  const at = options.at ?? Date.now();
  const gates = options.gates ?? [];
  const gateWindows = gates.flatMap((g) => (g.windowMs === null ? [] : [g.windowMs]));
  const run = memoize((promql: string) => query(promql, at));
  const boundaries = memoize(options.bucketBoundaries ? (sel: string) => options.bucketBoundaries!(sel, at) : (sel: string) => bucketsByQuery(run, sel));

  const results = await Promise.all(
    slos.map(async (slo) => {
      const plan = planWindows(slo, at, gateWindows);
      const bounds = { at, periodStart: plan.periodStart, periodEnd: plan.periodEnd, templates: null };
      try {
        const templates = await templatesFor(slo, boundaries);
        const period = plan.windows.find((w) => w.isPeriod)!;
        const [measured, coverage] = await Promise.all([
          Promise.all(plan.windows.map((w) => measureWindow(run, templates, slo, w))),
          measureCoverage(run, coverageQuery(templates, slo.budgeting, period.range, period.ms), period.ms),
        ]);
        return assessSlo(slo, { ...bounds, templates }, measured, gates, coverage);
      } catch (e) {
        return failedSlo(slo, bounds, asSloError(e));
      }
    }),
  );
  return { at, verdict: overallVerdict(results.map((r) => r.verdict)), results };
}

/**
 * Only the burn rate over one short window per SLO (2 queries each, no 30-day windows): cheap
 * enough to be evidence for alert correlation. SLOs that fail or have no traffic are left out.
 */
export async function evaluateBurn(slos: readonly SloDefinition[], query: QueryFn, options: { at?: number; windowMs?: number } = {}): Promise<{ slo: SloDefinition; burn: number }[]> {
  const at = options.at ?? Date.now();
  const windowMs = options.windowMs ?? 3_600_000;
  const run = memoize((promql: string) => query(promql, at));
  const boundaries = memoize((sel: string) => bucketsByQuery(run, sel));
  const burns = await Promise.all(
    slos.map(async (slo) => {
      try {
        const templates = await templatesFor(slo, boundaries);
        const q = windowQueries(templates, slo.budgeting, promRange(windowMs));
        const [numerator, total] = await Promise.all([run(q.numerator), run(q.total)]);
        const { errorRatio } = windowRatio(templates.numerator, singleValue(q.numerator, numerator.series), singleValue(q.total, total.series));
        const burn = burnRate(errorRatio, slo.objective);
        return burn === null ? undefined : { slo, burn };
      } catch (e) {
        asSloError(e);
        return undefined;
      }
    }),
  );
  return burns.filter((b): b is { slo: SloDefinition; burn: number } => b !== undefined);
}

class SloEvaluationError extends Error {
  constructor(
    readonly kind: string,
    message: string,
    readonly field?: SloError['field'],
  ) {
    super(message);
  }
}

async function templatesFor(slo: SloDefinition, boundaries: (selector: string) => Promise<string[]>): Promise<RatioTemplates> {
  const indicator = slo.indicator;
  if (indicator.kind === 'ratio') return indicator;
  const match = matchBucket(await boundaries(indicator.bucketSelector), indicator.threshold);
  if (!match.ok) {
    throw new SloEvaluationError(match.reason === 'not_a_boundary' ? 'spec' : 'no_data', `${indicator.bucketSelector}: ${match.message}`, match.reason === 'not_a_boundary' ? 'threshold' : undefined);
  }
  return latencyTemplates(indicator.bucketSelector, match.thresholdLe, match.infinityLe);
}

async function bucketsByQuery(run: (promql: string) => Promise<{ series: QuerySeries[] }>, selector: string): Promise<string[]> {
  const result = await run(`count by (le) (${selector})`);
  return result.series.map((s) => s.labels.le).filter((le): le is string => le !== undefined);
}

async function measureWindow(run: (promql: string) => Promise<{ series: QuerySeries[] }>, templates: RatioTemplates, slo: SloDefinition, w: PlannedWindow): Promise<MeasuredWindow> {
  const q = windowQueries(templates, slo.budgeting, w.range);
  const [numerator, total] = await Promise.all([run(q.numerator), run(q.total)]);
  return {
    ...w,
    numerator: { kind: templates.numerator, query: q.numerator, value: singleValue(q.numerator, numerator.series) },
    total: { query: q.total, value: singleValue(q.total, total.series) },
  };
}

/** The coverage query's answer; a failure leaves coverage unknown rather than failing the SLO. */
async function measureCoverage(run: (promql: string) => Promise<{ series: QuerySeries[] }>, q: { query: string; stepMs: number }, periodMs: number): Promise<MeasuredCoverage> {
  try {
    const steps = singleValue(q.query, (await run(q.query)).series);
    // The first step may reach back up to one step before the period.
    return { ...q, coveredMs: steps === null ? 0 : Math.min(periodMs, steps * q.stepMs) };
  } catch (e) {
    asSloError(e);
    return { ...q, coveredMs: null };
  }
}

function singleValue(promql: string, series: readonly QuerySeries[]): number | null {
  if (series.length === 0) return null;
  if (series.length > 1) throw new SloEvaluationError('decode', `expected one series from ${promql}, got ${series.length}`);
  return series[0].value;
}

/** Backend failures carry a string `kind`; anything else (a bug, an abort) is not ours to swallow. */
function asSloError(e: unknown): SloError {
  if (e instanceof Error && typeof (e as { kind?: unknown }).kind === 'string') {
    const { kind, field } = e as Error & { kind: string; field?: SloError['field'] };
    return { kind, message: e.message, ...(field ? { field } : {}) };
  }
  throw e;
}

function memoize<T>(fn: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let p = cache.get(key);
    if (!p) {
      p = fn(key);
      cache.set(key, p);
    }
    return p;
  };
}
