import type { Backends } from '../src/backends/index.js';
import { cockpitAlerts } from '../src/alerts/live.js';
import { warnedPrometheus } from '../src/backends/prometheus/warnings.js';
import { ConfigStore, configDir } from '../src/config/store.js';
import { loadHealth } from '../src/health/load.js';
import { serviceOverview, type ServiceOverview } from '../src/health/overview.js';
import { nothingFoundHint } from '../src/identity/hints.js';
import { identityOf, LOG_LABELS_WAIT_MS } from '../src/identity/identity.js';
import { logServices } from '../src/identity/logs.js';
import { formatNumber, formatPercent, type Column } from '../src/output/format.js';
import { quantileSeconds } from '../views/format.js';
import { sanitize } from '../src/output/sanitize.js';
import { loadContextSlos, sloCockpit } from '../src/slo/live.js';
import { EXIT, ExitWith } from './io.js';
import type { Session } from './session.js';

export async function runServices(s: Session): Promise<void> {
  const backends = await s.backends();
  // backends.prometheus throws naming the key when the context has none.
  const { prometheus, warnings } = warnedPrometheus(backends.prometheus);
  const now = s.io.now();
  const identity = identityOf(backends, s.io.now);
  // Loki's labels are asked at once, so they have the metrics' detection time as well as their own wait below.
  identity.logs().catch(() => undefined);
  const metrics = await identity.metrics();
  const optional = <T>(what: string, p: Promise<T>): Promise<T | undefined> => p.catch((e: Error) => {
    s.warn(`${what}: ${sanitize(e.message, { maxLength: 300 })}`);
    return undefined;
  });
  const [health, firing, budgets, logs, traces] = await Promise.all([
    loadHealth(prometheus, metrics, { now, trends: false }),
    backends.has('alertmanager') || backends.has('prometheus') ? optional('alerts', firingByService(backends, identity.alertOptions)) : undefined,
    optional('SLO budgets', budgetsOf(s, backends, prometheus)),
    // The logs only add a signal to each row: a slow Loki is left out, not waited for.
    optional('loki', identity.logs(LOG_LABELS_WAIT_MS)),
    optional('jaeger', identity.traceServices()),
  ]);
  const rows = serviceOverview({ health: health.services, firingAlerts: firing, budgets, logServices: logs && logServices(logs), traceServices: traces && new Set(traces) });
  const partial = Object.entries(health.errors).map(([query, message]) => ({ query, message: sanitize(message ?? '', { maxLength: 300 }) }));
  const hint = rows.length === 0 ? nothingFoundHint(metrics, backends.context.name) : undefined;
  s.output(rows, s.format() === 'csv' ? CSV_COLUMNS : [
    { header: 'SERVICE', value: (r) => sanitize(r.service, { maxLength: 64 }) },
    { header: 'CONVENTION', value: (r) => r.convention ?? '—' },
    { header: 'RPS', value: (r) => formatNumber(r.rps) },
    { header: 'ERR%', value: (r) => formatPercent(r.errorRatio) },
    // Past the top histogram bucket a quantile is only a bound: "≥2.50s", as obs top shows it.
    { header: 'P50', value: (r) => quantileSeconds(r.p50, 0.5, r.overflow), raw: (r) => r.p50 },
    { header: 'P95', value: (r) => quantileSeconds(r.p95, 0.95, r.overflow), raw: (r) => r.p95 },
    { header: 'P99', value: (r) => quantileSeconds(r.p99, 0.99, r.overflow), raw: (r) => r.p99 },
    { header: 'UP', value: (r) => (r.up === undefined ? '—' : r.up ? 'yes' : 'NO') },
    { header: 'BUDGET', value: (r) => formatPercent(r.budgetRemaining, 0) },
    { header: 'ALERTS', value: (r) => String(r.firingAlerts) },
    { header: 'SIGNALS', value: (r) => r.signals.join(',') },
  ], {
    context: backends.context.name,
    conventions: metrics.conventions.map((c) => ({ name: c.name, source: c.source, serviceLabel: c.serviceLabel, requests: c.requests, services: c.services.length })),
    services: rows.map(jsonRow),
    partial,
    warnings: [...warnings],
    ...(hint ? { hint } : {}),
  });
  if (hint) s.warn(hint);
  for (const p of partial) s.warn(`${p.query}: ${p.message}`);
  s.tellWarnings('prometheus', warnings);
  if (partial.length || warnings.size) throw new ExitWith(EXIT.backend);
}

/** The services as data, one row each: the JSON fields (ratios 0..1, seconds), unrounded, empty when not measured. */
const CSV_COLUMNS: Column<ServiceOverview>[] = [
  { header: 'service', value: (r) => r.service },
  { header: 'convention', value: (r) => r.convention },
  { header: 'rps', value: (r) => r.rps },
  { header: 'errorRatio', value: (r) => r.errorRatio },
  { header: 'p50', value: (r) => r.p50 },
  { header: 'p95', value: (r) => r.p95 },
  { header: 'p99', value: (r) => r.p99 },
  { header: 'latencyOverflow', value: (r) => r.overflow },
  { header: 'up', value: (r) => r.up },
  { header: 'saturation', value: (r) => r.saturation },
  { header: 'backlog', value: (r) => r.backlog },
  { header: 'budgetRemaining', value: (r) => r.budgetRemaining },
  { header: 'firingAlerts', value: (r) => r.firingAlerts },
  { header: 'signals', value: (r) => r.signals.join(' ') },
];

/** JSON keeps every key, with null for what is unknown, so scripts can tell "0" from "not measured". */
function jsonRow(r: ServiceOverview) {
  return {
    service: r.service,
    convention: r.convention ?? null,
    rps: r.rps ?? null,
    errorRatio: r.errorRatio ?? null,
    p50: r.p50 ?? null,
    p95: r.p95 ?? null,
    p99: r.p99 ?? null,
    /** Share of requests slower than the top histogram bucket: a quantile q is a lower bound when it exceeds 1 - q. */
    latencyOverflow: r.overflow ?? null,
    up: r.up ?? null,
    saturation: r.saturation ?? null,
    backlog: r.backlog ?? null,
    budgetRemaining: r.budgetRemaining ?? null,
    firingAlerts: r.firingAlerts,
    signals: r.signals,
  };
}

async function firingByService(backends: Backends, options: Parameters<typeof cockpitAlerts>[1]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const a of await cockpitAlerts(backends, options)) if (a.service) counts[a.service] = (counts[a.service] ?? 0) + 1;
  return counts;
}

async function budgetsOf(s: Session, backends: Backends, prometheus: Backends['prometheus']): Promise<Record<string, number> | undefined> {
  const configFile = s.opts.demo ? undefined : new ConfigStore(configDir(s.opts.configDir, s.io.env)).path;
  const { slos, problems } = await loadContextSlos(backends.context.context, process.cwd(), configFile);
  for (const p of problems.slice(0, 3)) s.warn(`SLO spec ${p.file}:${p.line}: ${p.message}`);
  return slos.length ? sloCockpit(prometheus, slos, s.io.now).budgetByService() : undefined;
}
