import type { Sample, Series } from '../backends/prometheus/types.js';
import type { RedMetric } from '../identity/queries.js';

/** What a service row can be built from. */
export type Signal = 'requests' | 'errors' | 'latency' | 'up' | 'saturation' | 'backlog';

export interface ServiceHealth {
  service: string;
  /** The convention its rates and latencies come from; for a service known only by `up`, "job" (or "up" when named by another label). */
  convention?: string;
  signals?: Signal[];
  rps?: number;
  errorRatio?: number;
  p50?: number;
  p95?: number;
  p99?: number;
  /** Share of requests slower than the histogram's top finite bucket: p99 is then a bound ("≥"). */
  overflow?: number;
  up?: boolean;
  /** Used against the maximum (connections, memory), 0..1. */
  saturation?: number;
  /** Messages waiting or consumer lag. */
  backlog?: number;
  trend: { rps: number[]; errorRatio: number[]; p99: number[] };
}

export type MetricResults = Partial<Record<RedMetric, Sample[]>>;
export type TrendResults = Partial<Record<'rps' | 'errorRatio' | 'p99', Series[]>>;

/** The answers of one convention's queries, each aggregated by its service label. */
export interface ConventionResults {
  convention: string;
  serviceLabel: string;
  /** Whether the convention can tell failed requests (else the error ratio stays unknown). */
  hasErrors: boolean;
  metrics: MetricResults;
  trends: TrendResults;
}

/** A vector aggregated by `label`, from `source` (a convention or exporter name, or "job"). */
export interface LabelledSamples {
  source: string;
  label: string;
  samples: Sample[];
}

export interface SignalResults {
  up?: LabelledSamples[];
  saturation?: LabelledSamples[];
  backlog?: LabelledSamples[];
}

/**
 * Fold per-convention vectors into one row per service. A service named by several conventions
 * takes its rates and latencies from the first that has its traffic (conventions come most
 * specific first), so nothing is counted twice; `up`, saturation and backlog join by name.
 */
export function assembleHealth(conventions: ConventionResults[], signals: SignalResults = {}): ServiceHealth[] {
  const rows = new Map<string, ServiceHealth>();
  const row = (name: string, convention: string) => {
    let r = rows.get(name);
    if (!r) rows.set(name, (r = { service: name, convention, signals: [], trend: { rps: [], errorRatio: [], p99: [] } }));
    return r;
  };
  for (const c of conventions) {
    const name = (s: { labels: Record<string, string> }) => s.labels[c.serviceLabel] ?? '';
    const owned = new Set<string>();
    for (const s of c.metrics.rps ?? []) {
      const existing = rows.get(name(s));
      if (existing?.rps !== undefined) continue;
      const r = existing ?? row(name(s), c.convention);
      r.convention = c.convention;
      r.rps = s.value;
      owned.add(r.service);
      addSignal(r, 'requests');
      if (c.hasErrors) addSignal(r, 'errors');
    }
    const mine = (s: { labels: Record<string, string> }) => (owned.has(name(s)) ? rows.get(name(s)) : undefined);
    for (const key of ['p50', 'p95', 'p99', 'overflow'] as const) {
      for (const s of c.metrics[key] ?? []) {
        const r = mine(s);
        if (!r) continue;
        r[key] = finiteOrUndefined(s.value);
        addSignal(r, 'latency');
      }
    }
    const errors = new Map((c.metrics.errors ?? []).map((s) => [name(s), s.value]));
    for (const service of owned) {
      const r = rows.get(service)!;
      // A service with traffic and no error series has no errors; with no traffic the ratio is unknown.
      if (c.hasErrors && r.rps! > 0) r.errorRatio = (errors.get(service) ?? 0) / r.rps!;
    }
    for (const key of ['rps', 'errorRatio', 'p99'] as const) {
      for (const s of c.trends[key] ?? []) {
        const r = mine(s);
        if (r) r.trend[key] = s.points.map((p) => p.value);
      }
    }
  }
  for (const { source, label, samples } of signals.up ?? []) {
    for (const s of samples) {
      const name = s.labels[label];
      if (!name) continue;
      const r = row(name, source === 'up' ? (label === 'job' ? 'job' : 'up') : source);
      r.up = (r.up ?? true) && s.value >= 1;
      addSignal(r, 'up');
    }
  }
  for (const [key, fold] of [['saturation', Math.max], ['backlog', (a: number, b: number) => a + b]] as const) {
    for (const { source, label, samples } of signals[key] ?? []) {
      for (const s of samples) {
        const name = s.labels[label];
        if (!name || !Number.isFinite(s.value)) continue;
        const r = row(name, source);
        r[key] = r[key] === undefined ? s.value : fold(r[key]!, s.value);
        addSignal(r, key);
      }
    }
  }
  rows.delete('');
  return [...rows.values()];
}

function addSignal(r: ServiceHealth, signal: Signal): void {
  r.signals ??= [];
  if (!r.signals.includes(signal)) r.signals.push(signal);
}

function finiteOrUndefined(v: number): number | undefined {
  return Number.isFinite(v) ? v : undefined;
}

export interface RankInputs {
  firingAlerts?: Record<string, number>;
  /** Fraction of error budget remaining of the worst SLO per service (0..1, may go negative). */
  budgetRemaining?: Record<string, number>;
  /** Services whose signals are unusual against their own history, where an incident most likely started first (src/cockpit/anomalies.ts). */
  anomalous?: readonly string[];
}

/**
 * How bad a service looks, for "worst first": firing alerts, exhausted budgets, error ratio, p99
 * latency and saturation. Down services and then unusual ones come before all others (see sortWorstFirst).
 */
export type Rankable = Pick<ServiceHealth, 'service' | 'up' | 'errorRatio' | 'p99' | 'saturation'>;

export function badness(h: Rankable, inputs: RankInputs = {}): number {
  let score = 0;
  if (h.up === false) score += 1000;
  score += Math.min(inputs.firingAlerts?.[h.service] ?? 0, 10) * 50;
  const budget = inputs.budgetRemaining?.[h.service];
  if (budget !== undefined) score += budget <= 0 ? 200 : (1 - Math.min(1, budget)) * 100;
  score += Math.min(h.errorRatio ?? 0, 1) * 500;
  score += Math.min(h.p99 ?? 0, 10) * 10;
  score += Math.min(h.saturation ?? 0, 1) * 50;
  return score;
}

export function sortWorstFirst<T extends Rankable>(rows: T[], inputs: RankInputs = {}): T[] {
  // Down beats everything, then what is unusual for the service: a change against its own normal
  // often shows where an incident starts before any threshold or alert does, so the unusual come in
  // the order that says where it most likely started.
  const unusual = new Map((inputs.anomalous ?? []).map((service, i) => [service, i]));
  const tier = (h: T) => (h.up === false ? 2 : unusual.has(h.service) ? 1 : 0);
  const place = (h: T) => (h.up === false ? 0 : unusual.get(h.service) ?? 0);
  return [...rows].sort((a, b) => tier(b) - tier(a) || place(a) - place(b) || badness(b, inputs) - badness(a, inputs) || a.service.localeCompare(b.service));
}
