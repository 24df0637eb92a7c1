import type { Backends } from '../backends/index.js';
import type { Backend } from '../config/types.js';
import { BackendError } from '../http/errors.js';
import { loadHealth } from '../health/load.js';
import { identityOf } from '../identity/identity.js';
import { redQueries } from '../identity/queries.js';
import { conventionOf } from '../identity/detect.js';
import { nothingFoundHint } from '../identity/hints.js';
import { buildSpanTree, primaryRoot } from '../traces/index.js';
import type { Trace } from '../traces/model.js';
import type { AlertItem, SuspectsPanel, AnomalyPanel, BackendStatus, ServiceBands, CockpitData, LogLine, Point, ServiceSeries, ServicesPanel, TraceItem } from './types.js';
import { probeBackend } from './probe.js';
import { warnedPrometheus } from '../backends/prometheus/warnings.js';
import { cockpitAlerts } from '../alerts/live.js';
import { analyzeLive } from '../alerts/live-analysis.js';
import type { LiveEvidenceSources } from '../alerts/live-sources.js';
import { suspectsOf } from './suspects.js';
import { serviceSignals } from '../anomaly/signals.js';
import { assessSignals, HISTORY_POINTS } from '../anomaly/live.js';
import { expectedBand } from '../anomaly/band.js';
import { batchedQuery } from '../backends/prometheus/batch.js';
import { chooseStep } from '../time/time.js';
import { DEFAULT_THRESHOLD } from '../anomaly/detector.js';
import { anomaliesByService, anomalousOrder, ANOMALY_HISTORY_MS, ANOMALY_RECENT_MS } from './anomalies.js';
import { askOrderingGraph } from '../anomaly/order.js';

/**
 * The suspects are ranked as `obs alerts correlate` ranks them (alerts of the last 2 hours), with the
 * evidence the command wires (`rankingEvidence`: the SLO burn of the shared SLO report, the suspects'
 * new log patterns); nobody waits on this panel, so the evidence gets 5 s rather than the command's 1.5 s.
 */
const SUSPECTS_SINCE_MS = 2 * 3_600_000;
const SUSPECTS_BUDGET_MS = 5_000;

export interface LiveCockpitOptions {
  now?: () => number;
  /** Extra capabilities wired by the command (SLOs, patterns, incidents, business). */
  extras?: Partial<Pick<CockpitData, 'serviceSlos' | 'slos' | 'serviceLogs' | 'incidents' | 'business' | 'budgets'>>;
  /** The SLO burn and log-pattern sources the suspects are ranked with, as `obs alerts correlate` ranks (live-sources.ts). */
  rankingEvidence?: LiveEvidenceSources;
}

/** The cockpit fed by a context's real backends. */
export function liveCockpit(backends: Backends, options: LiveCockpitOptions = {}): CockpitData {
  const now = options.now ?? Date.now;
  const identity = identityOf(backends, now);
  const extras = options.extras ?? {};

  const alerts = (): Promise<AlertItem[]> => cockpitAlerts(backends, identity.alertOptions);

  const data: CockpitData = {
    contextName: backends.context.name,

    async backendStatus(): Promise<BackendStatus[]> {
      const configured = (['prometheus', 'alertmanager', 'loki', 'jaeger', 'amplitude'] as Backend[]).filter((b) => backends.has(b));
      return Promise.all(configured.map((b) => probeBackend(backends, b)));
    },

    async services(): Promise<ServicesPanel> {
      const metrics = await identity.metrics();
      // Firing counts come from the alerts panel: a hanging Alertmanager must not hold up this one.
      const warned = warnedPrometheus(backends.prometheus);
      const health = await loadHealth(warned.prometheus, metrics, { now: now() });
      if (health.services.length === 0 && Object.keys(health.errors).length > 0) throw new Error(Object.values(health.errors)[0]);
      return {
        services: health.services,
        partial: health.errors as Record<string, string>,
        ...(warned.warnings.size ? { warnings: [...warned.warnings] } : {}),
        ...(health.services.length === 0 ? { emptyHint: nothingFoundHint(metrics, backends.context.name) } : {}),
      };
    },

    async anomalies(): Promise<AnomalyPanel> {
      const at = now();
      // The call graph only orders services whose trouble began together: without it, the order does without.
      const graph = backends.has('jaeger') ? askOrderingGraph(() => backends.jaeger.dependencies({ endTs: at, lookbackMs: ANOMALY_RECENT_MS })) : async () => [];
      const signals = serviceSignals((await identity.metrics()).conventions);
      const warned = warnedPrometheus(backends.prometheus);
      const { rows, failed } = await assessSignals(warned.prometheus, signals, { now: at, historyMs: ANOMALY_HISTORY_MS, recentMs: ANOMALY_RECENT_MS, threshold: DEFAULT_THRESHOLD });
      const edges = await graph();
      if (rows.length === 0 && failed.length > 0) throw new Error(failed[0]);
      return { services: anomaliesByService(rows), order: anomalousOrder(rows, edges), failed, ...(warned.warnings.size ? { warnings: [...warned.warnings] } : {}) };
    },

    alerts,

    async suspects(): Promise<SuspectsPanel> {
      const analysis = await analyzeLive(backends, { now: now(), sinceMs: SUSPECTS_SINCE_MS, service: identity.alertOptions, timeBudgetMs: SUSPECTS_BUDGET_MS, ...options.rankingEvidence });
      if (analysis.answered.length === 0) throw new Error(analysis.failed.alerts[0]?.message ?? 'no alert source answered');
      return suspectsOf(analysis.groups);
    },

    budgets: extras.budgets,
    incidents: extras.incidents ?? (async () => []),
    business: extras.business,

    async serviceSeries(service: string, rangeMs: number): Promise<ServiceSeries> {
      const convention = conventionOf(await identity.metrics(), service);
      const end = now();
      const range = { start: end - rangeMs, end, stepMs: Math.max(15_000, Math.ceil(rangeMs / 120 / 1000) * 1000) };
      if (!convention) return { rps: [], errorRatio: [], p50: [], p95: [], p99: [], overflow: [] };
      const q = redQueries(convention, rateWindowFor(rangeMs), service);
      const ask = (expr: string | undefined) => (expr ? backends.prometheus.queryRange(expr, range) : Promise.resolve({ series: [] }));
      const [rps, errors, p50, p95, p99, overflow] = await Promise.all([q.rps, q.errors, q.p50, q.p95, q.p99, q.overflow].map(ask));
      const first = (r: { series: { points: Point[] }[] }) => r.series[0]?.points ?? [];
      const errorByTime = new Map(first(errors).map((p) => [p.time, p.value]));
      return {
        rps: first(rps),
        errorRatio: q.errors ? first(rps).map((p) => ({ time: p.time, value: p.value > 0 ? (errorByTime.get(p.time) ?? 0) / p.value : NaN })) : [],
        p50: first(p50),
        p95: first(p95),
        p99: first(p99),
        overflow: first(overflow),
      };
    },

    async serviceBands(service: string, rangeMs: number): Promise<ServiceBands> {
      const convention = conventionOf(await identity.metrics(), service);
      if (!convention) return {};
      const end = now();
      const range = { start: end - rangeMs - ANOMALY_HISTORY_MS, end };
      const stepMs = chooseStep(range, HISTORY_POINTS);
      // The three signals' histories travel as one request.
      const ask = batchedQuery((expr: string, r: typeof range & { stepMs: number }) => backends.prometheus.queryRange(expr, r));
      const bands = await Promise.all(serviceSignals([convention], service).map(async (s) => {
        const points = (await ask(s.query, { ...range, stepMs })).series[0]?.points ?? [];
        return [s.key, expectedBand(points, end - rangeMs)] as const;
      }));
      return Object.fromEntries(bands);
    },

    serviceSlos: extras.serviceSlos ?? (async () => []),
    slos: extras.slos ?? (async () => []),

    serviceLogs: extras.serviceLogs ?? (async () => []),

    async serviceTraces(name: string): Promise<TraceItem[]> {
      const service = await identity.traceService(name);
      const end = now();
      const start = end - 30 * 60_000;
      const [failed, slow] = await Promise.all([
        backends.jaeger.searchTraces({ service, start, end, limit: 10, error: true }),
        backends.jaeger.searchTraces({ service, start, end, limit: 10, minDurationMs: 500 }),
      ]);
      const seen = new Set<string>();
      const items: TraceItem[] = [];
      for (const t of [...failed, ...slow]) {
        if (seen.has(t.traceId)) continue;
        seen.add(t.traceId);
        items.push(traceItem(t));
      }
      return items.sort((a, b) => Number(b.error) - Number(a.error) || b.durationMs - a.durationMs);
    },

    trace: (traceId: string): Promise<Trace> => backends.jaeger.getTrace(traceId),

    async logs(logql: string): Promise<LogLine[]> {
      const end = now();
      const result = await backends.loki.queryRange(logql, { start: end - 15 * 60_000, end, limit: 500, direction: 'backward' });
      if (result.resultType !== 'streams') throw new BackendError({ backend: 'loki', kind: 'decode', message: 'a metric query has no log lines: use a log query such as {service="x"} |= "error"' });
      return result.entries.map((e) => ({ time: Number(BigInt(e.ts) / 1_000_000n), labels: e.labels, line: e.line }));
    },
  };
  return data;
}

/** Rate windows grow with the chart range so long ranges stay smooth and cheap. */
function rateWindowFor(rangeMs: number): string {
  if (rangeMs <= 3 * 3_600_000) return '5m';
  if (rangeMs <= 24 * 3_600_000) return '15m';
  return '1h';
}

export function traceItem(t: Trace): TraceItem {
  const tree = buildSpanTree(t);
  const root = primaryRoot(tree)?.span ?? t.spans[0];
  const start = Math.min(...t.spans.map((s) => s.startUs));
  const end = Math.max(...t.spans.map((s) => s.startUs + s.durationUs));
  return {
    traceId: t.traceId,
    rootOperation: root ? `${root.service} ${root.operation}` : '',
    durationMs: (end - start) / 1000,
    error: t.spans.some((s) => s.status === 'error'),
    spanCount: t.spans.length,
    startTime: start / 1000,
  };
}
