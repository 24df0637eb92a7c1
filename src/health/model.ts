import type { Sample, Series } from '../backends/prometheus/types.js';
import type { HealthMetric } from './queries.js';

export interface ServiceHealth {
  service: string;
  rps?: number;
  errorRatio?: number;
  p50?: number;
  p95?: number;
  p99?: number;
  /** Quantiles that fell past the top finite bucket: the value shown is that bucket's bound, the truth is at least that ("≥ 2.5s"). */
  atLeast?: Partial<Record<Quantile, true>>;
  up?: boolean;
  trend: { rps: number[]; errorRatio: number[]; p99: number[] };
}

export type Quantile = 'p50' | 'p95' | 'p99';

export type MetricResults = Partial<Record<HealthMetric, Sample[]>>;
export type TrendResults = Partial<Record<'rps' | 'errorRatio' | 'p99', Series[]>>;

/** Fold per-metric vectors (each aggregated by service) into one row per service. */
export function assembleHealth(metrics: MetricResults, trends: TrendResults, serviceLabel = 'service'): ServiceHealth[] {
  const rows = new Map<string, ServiceHealth>();
  const row = (labels: Record<string, string>) => {
    const name = labels[serviceLabel] ?? '';
    let r = rows.get(name);
    if (!r) {
      r = { service: name, trend: { rps: [], errorRatio: [], p99: [] } };
      rows.set(name, r);
    }
    return r;
  };
  for (const s of metrics.rps ?? []) row(s.labels).rps = s.value;
  for (const s of metrics.p50 ?? []) row(s.labels).p50 = finiteOrUndefined(s.value);
  for (const s of metrics.p95 ?? []) row(s.labels).p95 = finiteOrUndefined(s.value);
  for (const s of metrics.p99 ?? []) row(s.labels).p99 = finiteOrUndefined(s.value);
  for (const s of metrics.up ?? []) row(s.labels).up = s.value >= 1;
  for (const s of metrics.ceiling ?? []) {
    const r = row(s.labels);
    for (const q of ['p50', 'p95', 'p99'] as const) if (r[q] !== undefined && Number.isFinite(s.value) && r[q]! >= s.value) r.atLeast = { ...r.atLeast, [q]: true };
  }
  const errors = new Map((metrics.errors ?? []).map((s) => [s.labels[serviceLabel] ?? '', s.value]));
  for (const r of rows.values()) {
    // A service with traffic and no error series has no errors; with no traffic the ratio is unknown.
    if (r.rps !== undefined && r.rps > 0) r.errorRatio = (errors.get(r.service) ?? 0) / r.rps;
  }
  for (const key of ['rps', 'errorRatio', 'p99'] as const) {
    for (const s of trends[key] ?? []) {
      const name = s.labels[serviceLabel];
      if (name === undefined || !rows.has(name)) continue;
      rows.get(name)!.trend[key] = s.points.map((p) => p.value);
    }
  }
  rows.delete('');
  return [...rows.values()];
}

function finiteOrUndefined(v: number): number | undefined {
  return Number.isFinite(v) ? v : undefined;
}

export interface RankInputs {
  firingAlerts?: Record<string, number>;
  /** Fraction of error budget remaining of the worst SLO per service (0..1, may go negative). */
  budgetRemaining?: Record<string, number>;
}

/**
 * How bad a service looks, for "worst first": down beats everything, then firing alerts,
 * exhausted budgets, error ratio and p99 latency.
 */
export function badness(h: ServiceHealth, inputs: RankInputs = {}): number {
  let score = 0;
  if (h.up === false) score += 1000;
  score += Math.min(inputs.firingAlerts?.[h.service] ?? 0, 10) * 50;
  const budget = inputs.budgetRemaining?.[h.service];
  if (budget !== undefined) score += budget <= 0 ? 200 : (1 - Math.min(1, budget)) * 100;
  score += Math.min(h.errorRatio ?? 0, 1) * 500;
  score += Math.min(h.p99 ?? 0, 10) * 10;
  return score;
}

export function sortWorstFirst(rows: ServiceHealth[], inputs: RankInputs = {}): ServiceHealth[] {
  return [...rows].sort((a, b) => badness(b, inputs) - badness(a, inputs) || a.service.localeCompare(b.service));
}
