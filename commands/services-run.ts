import type { Backends } from '../src/backends/index.js';
import { cockpitAlerts } from '../src/alerts/live.js';
import { anyPartial, warnedPrometheus } from '../src/backends/prometheus/warnings.js';
import { ConfigStore, configDir } from '../src/config/store.js';
import { loadHealth } from '../src/health/load.js';
import { serviceOverview, type ServiceOverview } from '../src/health/overview.js';
import { nothingFoundHint } from '../src/identity/hints.js';
import { identityOf, SIGNAL_LOOKUP_WAIT_MS } from '../src/identity/identity.js';
import { logServices } from '../src/identity/logs.js';
import { fieldColumns, formatNumber, formatPercent } from '../src/output/format.js';
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
  // What did not answer is said on stderr and in the JSON, so a missing column or signal is not read as "none".
  const unanswered: { source: string; message: string; leftOut: string }[] = [];
  const optional = <T>(source: string, leftOut: string, p: Promise<T>): Promise<T | undefined> => p.catch((e: Error) => {
    const message = sanitize(e.message, { maxLength: 300 });
    unanswered.push({ source, message, leftOut });
    s.warn(`${source}: ${message} (${leftOut})`);
    return undefined;
  });
  const [health, firing, budgets, logs, traces] = await Promise.all([
    loadHealth(prometheus, metrics, { now, trends: false }),
    backends.has('alertmanager') || backends.has('prometheus') ? optional('alerts', 'ALERTS shown as ?', firingByService(backends, identity.alertOptions)) : undefined,
    optional('SLO budgets', 'BUDGET shown as ?', budgetsOf(s, backends, prometheus)),
    // Logs and traces only add a signal to each row: a slow Loki or Jaeger is left out, not waited for.
    optional('loki', 'SIGNALS leave out logs', identity.logs(SIGNAL_LOOKUP_WAIT_MS)),
    optional('jaeger', 'SIGNALS leave out traces', identity.traceServices(SIGNAL_LOOKUP_WAIT_MS)),
  ]);
  const rows = serviceOverview({ health: health.services, firingAlerts: firing, budgets, logServices: logs && logServices(logs), traceServices: traces && new Set(traces) });
  const partial = Object.entries(health.errors).map(([query, message]) => ({ query, message: sanitize(message ?? '', { maxLength: 300 }) }));
  const hint = rows.length === 0 ? nothingFoundHint(metrics, backends.context.name) : undefined;
  const data = {
    context: backends.context.name,
    conventions: metrics.conventions.map((c) => ({ name: c.name, source: c.source, serviceLabel: c.serviceLabel, requests: c.requests, services: c.services.length })),
    services: rows.map(jsonRow),
    partial,
    unanswered,
    warnings: [...warnings],
    ...(hint ? { hint } : {}),
  };
  // A column whose source failed reads "?", never a count or a budget that looks healthy.
  const failed = (source: string) => unanswered.some((u) => u.source === source);
  const alertsFailed = failed('alerts');
  const budgetsFailed = failed('SLO budgets');
  // CSV is the JSON as data, one row a service: unrounded, empty where JSON has null, signals space-separated.
  if (s.format() === 'csv') s.output(data.services.map((r) => ({ ...r, signals: r.signals.join(' ') })), fieldColumns(CSV_FIELDS), data);
  else s.output(rows, [
    { header: 'SERVICE', value: (r) => sanitize(r.service, { maxLength: 64 }) },
    { header: 'CONVENTION', value: (r) => r.convention ?? '—' },
    { header: 'RPS', value: (r) => formatNumber(r.rps) },
    { header: 'ERR%', value: (r) => formatPercent(r.errorRatio) },
    // Past the top histogram bucket a quantile is only a bound: "≥2.50s", as obs top shows it.
    { header: 'P50', value: (r) => quantileSeconds(r.p50, 0.5, r.overflow), raw: (r) => r.p50 },
    { header: 'P95', value: (r) => quantileSeconds(r.p95, 0.95, r.overflow), raw: (r) => r.p95 },
    { header: 'P99', value: (r) => quantileSeconds(r.p99, 0.99, r.overflow), raw: (r) => r.p99 },
    { header: 'UP', value: (r) => (r.up === undefined ? '—' : r.up ? 'yes' : 'NO') },
    { header: 'BUDGET', value: (r) => (budgetsFailed ? '?' : formatPercent(r.budgetRemaining, 0)) },
    { header: 'ALERTS', value: (r) => (alertsFailed ? '?' : r.firingAlerts === undefined ? '—' : String(r.firingAlerts)) },
    { header: 'SIGNALS', value: (r) => r.signals.join(',') },
  ], data);
  if (hint) s.warn(hint);
  for (const p of partial) s.warn(`${p.query}: ${p.message}`);
  s.tellWarnings('prometheus', warnings);
  if (partial.length || unanswered.length || anyPartial(warnings)) throw new ExitWith(EXIT.backend);
}

const CSV_FIELDS: (keyof ReturnType<typeof jsonRow>)[] = [
  'service', 'convention', 'rps', 'errorRatio', 'p50', 'p95', 'p99', 'latencyOverflow', 'up', 'saturation', 'backlog', 'budgetRemaining', 'firingAlerts', 'signals',
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
    firingAlerts: r.firingAlerts ?? null,
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
