/**
 * A real Prometheus 2.42 and Alertmanager 0.25 holding services in several naming conventions at
 * once, and obs with no configuration at all: it must find every service by itself.
 *
 *   checkout, payments   OpenTelemetry: http_server_request_duration_seconds{service_name, http_response_status_code}
 *   search               older OpenTelemetry: http_server_duration_milliseconds (a histogram in ms)
 *   cart                 classic, known only by its job: http_requests_total{job, status}
 *   payments-db          a Postgres exporter: pg_up, connections against max_connections
 *   nightly-report       a batch job: up{job} and nothing else
 *
 * The series are backfilled with promtool over the last 2 hours and the next 30 minutes at constant
 * rates, so every 5m rate obs reads is the same whenever the test runs. Expected values are what
 * the test asks Prometheus itself with its own PromQL.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ALERTMANAGER_BIN, PROMETHEUS_BIN, PROMTOOL_BIN, backfill, describeWithBinaries, startAlertmanager, startPrometheus, type RunningServer,
} from '../support/prometheus.js';
import { runObs } from '../support/run-obs.js';
import { hasTmux, TmuxSession } from '../support/tmux.js';

const STEP_S = 15;
const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const START_S = NOW / 1000 - 2 * 3600;
const END_S = NOW / 1000 + 30 * 60;

interface Counter {
  name: string;
  labels: Record<string, string>;
  /** Increase per 15s step (counters), or the value (gauges). */
  perStep: number;
  gauge?: boolean;
}

const BUCKETS_S = ['0.05', '0.1', '0.25', '0.5', '1', '+Inf'];

/** A histogram whose requests per step fall into buckets as `share` (cumulative fractions per bucket). */
function histogram(name: string, labels: Record<string, string>, perStep: number, cumulative: number[], les: string[]): Counter[] {
  return [
    ...les.map((le, i) => ({ name: `${name}_bucket`, labels: { ...labels, le }, perStep: perStep * cumulative[i]! })),
    { name: `${name}_count`, labels, perStep },
    { name: `${name}_sum`, labels, perStep: perStep * 0.2 },
  ];
}

const otel = (service: string, code: string, perStep: number) =>
  histogram('http_server_request_duration_seconds', { service_name: service, http_response_status_code: code, job: 'otel-collector' }, perStep, [0.5, 0.7, 0.9, 0.95, 0.99, 1], BUCKETS_S);

const SERIES: Counter[] = [
  ...otel('checkout', '200', 60),
  ...otel('checkout', '500', 6),
  ...otel('payments', '200', 30),
  ...otel('payments', '503', 15),
  ...histogram('http_server_duration_milliseconds', { service_name: 'search', http_status_code: '200', job: 'otel-collector' }, 120, [0.2, 0.6, 0.8, 0.9, 0.97, 1], ['50', '100', '250', '500', '1000', '+Inf']),
  ...histogram('http_server_duration_milliseconds', { service_name: 'search', http_status_code: '500', job: 'otel-collector' }, 3, [0, 0, 0, 0, 0.5, 1], ['50', '100', '250', '500', '1000', '+Inf']),
  { name: 'http_requests_total', labels: { job: 'cart', status: '200', instance: 'cart-1:8080' }, perStep: 45 },
  { name: 'http_requests_total', labels: { job: 'cart', status: '500', instance: 'cart-1:8080' }, perStep: 1 },
  ...histogram('http_request_duration_seconds', { job: 'cart', instance: 'cart-1:8080' }, 46, [0.8, 0.9, 0.95, 0.99, 1, 1], BUCKETS_S),
  { name: 'up', labels: { job: 'cart', instance: 'cart-1:8080' }, perStep: 1, gauge: true },
  { name: 'up', labels: { job: 'nightly-report', instance: 'report-0:9091' }, perStep: 1, gauge: true },
  { name: 'pg_up', labels: { job: 'payments-db', instance: 'pg-0:9187' }, perStep: 1, gauge: true },
  { name: 'pg_stat_activity_count', labels: { job: 'payments-db', instance: 'pg-0:9187', state: 'active' }, perStep: 72, gauge: true },
  { name: 'pg_stat_activity_count', labels: { job: 'payments-db', instance: 'pg-0:9187', state: 'idle' }, perStep: 8, gauge: true },
  { name: 'pg_settings_max_connections', labels: { job: 'payments-db', instance: 'pg-0:9187' }, perStep: 100, gauge: true },
];

function openMetrics(): string {
  const byName = new Map<string, string[]>();
  for (const s of SERIES) {
    const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(',');
    const lines = byName.get(s.name) ?? [];
    for (let t = START_S, k = 0; t <= END_S; t += STEP_S, k++) lines.push(`${s.name}{${labels}} ${s.gauge ? s.perStep : s.perStep * k} ${t}`);
    byName.set(s.name, lines);
  }
  return [...byName].map(([name, lines]) => `# TYPE ${name} unknown\n${lines.join('\n')}\n`).join('') + '# EOF\n';
}

const ALERTS = [
  { alertname: 'HighErrorRate', service_name: 'payments', severity: 'critical' },
  { alertname: 'SlowRequests', job: 'cart', severity: 'warning' },
  { alertname: 'PostgresTooManyConnections', job: 'payments-db', instance: 'pg-0:9187', severity: 'warning' },
  { alertname: 'ReportMissed', job: 'nightly-report', severity: 'warning' },
  { alertname: 'Watchdog', severity: 'none' },
];

let prometheus: RunningServer;
let alertmanager: RunningServer;
let home: string;

const env = () => ({ OBS_PROMETHEUS_URL: prometheus.url, OBS_ALERTMANAGER_URL: alertmanager.url });
const obs = (args: string[]) => runObs(['--config-dir', home, ...args], { env: env(), now: NOW });

async function promql(query: string): Promise<Map<string, number>> {
  const res = await fetch(`${prometheus.url}/api/v1/query?${new URLSearchParams({ query, time: String(NOW / 1000) })}`);
  const body = (await res.json()) as { status: string; error?: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== 'success') throw new Error(`${query}: ${body.error}`);
  return new Map(body.data.result.map((r) => [Object.values(r.metric)[0] ?? '', Number(r.value[1])]));
}

interface ServiceJson {
  service: string;
  convention: string | null;
  rps: number | null;
  errorRatio: number | null;
  p99: number | null;
  up: boolean | null;
  saturation: number | null;
  firingAlerts: number;
  signals: string[];
}

describeWithBinaries('obs finds services in several conventions on real Prometheus and Alertmanager, with no configuration', [PROMETHEUS_BIN, PROMTOOL_BIN, ALERTMANAGER_BIN], () => {
  let services: ServiceJson[];
  let code: number;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'obs-home-'));
    [prometheus, alertmanager] = await Promise.all([startPrometheus({ dataDir: await backfill(openMetrics()) }), startAlertmanager()]);
    const posted = ALERTS.map((labels) => ({ labels, annotations: { summary: `${labels.alertname} firing` }, startsAt: new Date(Date.now() - 120_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString() }));
    const res = await fetch(`${alertmanager.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(posted) });
    expect(res.status).toBe(200);
    const r = await obs(['services', '-o', 'json']);
    code = r.code;
    services = r.stdout ? (JSON.parse(r.stdout) as { services: ServiceJson[] }).services : [];
    if (code !== 0) throw new Error(`obs services exited ${code}: ${r.stderr}`);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([prometheus?.stop(), alertmanager?.stop()]);
  });

  const row = (name: string) => {
    const r = services.find((s) => s.service === name);
    if (!r) throw new Error(`no row for ${name} in ${services.map((s) => s.service).join(', ')}`);
    return r;
  };

  it('lists every service with the convention it was found by', () => {
    expect(Object.fromEntries(services.map((s) => [s.service, s.convention]))).toEqual({
      checkout: 'opentelemetry',
      payments: 'opentelemetry',
      search: 'opentelemetry-legacy',
      cart: 'classic',
      'payments-db': 'postgres',
      'nightly-report': 'job',
    });
    expect(code).toBe(0);
  });

  it('gives RPS, error ratio and p99 equal to Prometheus\'s own answers', async () => {
    const otelRps = await promql('sum by (service_name) (rate(http_server_request_duration_seconds_count[5m]))');
    const otelErrors = await promql('sum by (service_name) (rate(http_server_request_duration_seconds_count{http_response_status_code=~"5.."}[5m])) / sum by (service_name) (rate(http_server_request_duration_seconds_count[5m]))');
    const otelP99 = await promql('histogram_quantile(0.99, sum by (service_name, le) (rate(http_server_request_duration_seconds_bucket[5m])))');
    for (const name of ['checkout', 'payments']) {
      expect(row(name).rps).toBeCloseTo(otelRps.get(name)!, 9);
      expect(row(name).errorRatio).toBeCloseTo(otelErrors.get(name)!, 9);
      expect(row(name).p99).toBeCloseTo(otelP99.get(name)!, 9);
    }
    // Constant increments make the answers exact: checkout 66 requests per 15s, 6 failed.
    expect(row('checkout').rps).toBeCloseTo(66 / 15, 9);
    expect(row('checkout').errorRatio).toBeCloseTo(6 / 66, 9);

    // Milliseconds come out as seconds.
    const searchP99Ms = await promql('histogram_quantile(0.99, sum by (service_name, le) (rate(http_server_duration_milliseconds_bucket[5m])))');
    expect(row('search').p99).toBeCloseTo(searchP99Ms.get('search')! / 1000, 9);
    expect(row('search').p99).toBeGreaterThan(0.5);
    expect(row('search').p99).toBeLessThanOrEqual(1); // the top finite bucket is 1000ms: not 1000s
    const searchErrors = await promql('sum by (service_name) (rate(http_server_duration_milliseconds_count{http_status_code=~"5.."}[5m])) / sum by (service_name) (rate(http_server_duration_milliseconds_count[5m]))');
    expect(row('search').errorRatio).toBeCloseTo(searchErrors.get('search')!, 9);

    const cartRps = await promql('sum by (job) (rate(http_requests_total[5m]))');
    const cartErrors = await promql('sum by (job) (rate(http_requests_total{status=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m]))');
    const cartP99 = await promql('histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket[5m])))');
    expect(row('cart').rps).toBeCloseTo(cartRps.get('cart')!, 9);
    expect(row('cart').errorRatio).toBeCloseTo(cartErrors.get('cart')!, 9);
    expect(row('cart').p99).toBeCloseTo(cartP99.get('cart')!, 9);
  });

  it('shows a datastore by its exporter\'s health and saturation, and a batch job by up', () => {
    expect(row('payments-db')).toMatchObject({ up: true, saturation: 0.8, rps: null, signals: ['up', 'saturation', 'alerts'] });
    expect(row('nightly-report')).toMatchObject({ up: true, rps: null, firingAlerts: 1, signals: ['up', 'alerts'] });
    expect(row('payments').firingAlerts).toBe(1);
    expect(row('cart').firingAlerts).toBe(1);
  });

  it('attaches every alert that names a service to it in obs alerts correlate', async () => {
    const r = await obs(['alerts', 'correlate', '--since', '1h', '-o', 'json']);
    expect(r.code).toBe(0);
    const groups = (JSON.parse(r.stdout) as { groups: { services: string[]; alerts: string[]; title: string }[] }).groups;
    const am = (await (await fetch(`${alertmanager.url}/api/v2/alerts`)).json()) as { fingerprint: string; labels: Record<string, string> }[];
    const expected: Record<string, string | undefined> = { HighErrorRate: 'payments', SlowRequests: 'cart', PostgresTooManyConnections: 'payments-db', ReportMissed: 'nightly-report', Watchdog: undefined };
    for (const alert of am) {
      const group = groups.find((g) => g.alerts.includes(alert.fingerprint));
      expect(group, alert.labels.alertname).toBeDefined();
      const service = expected[alert.labels.alertname!];
      if (service) expect(group!.services).toContain(service);
      else expect(group!.services).toEqual([]);
    }
  });

  it('says in obs doctor what it detected', async () => {
    const r = await obs(['doctor', '-o', 'json']);
    const findings = (JSON.parse(r.stdout) as { findings: { subject: string; check: string; status: string; message: string }[] }).findings;
    const metrics = findings.find((f) => f.check === 'metrics')!;
    expect(metrics.status).toBe('ok');
    expect(metrics.message).toContain('opentelemetry (2 services by service_name)');
    expect(metrics.message).toContain('opentelemetry-legacy (1 service by service_name, ms)');
    expect(metrics.message).toContain('classic (1 service by job)');
    expect(metrics.message).toContain('postgres exporter (1 service by job)');
    expect(findings.find((f) => f.check === 'alerts')!.message).toMatch(/^1 of 5 firing alerts name no service/);
  });

  it.skipIf(!hasTmux)('shows them all in obs top', async () => {
    const t = new TmuxSession({ width: 120, height: 40, env: { TERM: 'xterm', LANG: 'C.UTF-8', NO_COLOR: '1', OBS_HOME: home, ...env() } });
    try {
      t.start(`node ${resolve(import.meta.dirname, '../../bin/obs.js')} top --refresh 2s`);
      const names = ['checkout', 'payments', 'search', 'cart', 'payments-db', 'nightly-report'];
      const screen = await t.waitFor((s) => names.every((n) => new RegExp(`[│|][▶> ] [!? ] ${n}\\s`).test(s)), 45_000);
      for (const n of names) expect(screen).toMatch(new RegExp(`[│|][▶> ] [!? ] ${n}\\s`));
    } finally {
      t.kill();
    }
  }, 60_000);
});

describeWithBinaries('obs on a Prometheus with none of the conventions', [PROMETHEUS_BIN, PROMTOOL_BIN], () => {
  let bare: RunningServer;
  beforeAll(async () => {
    const lines = Array.from({ length: 41 }, (_, k) => `node_load1{instance="host-1:9100"} 0.5 ${NOW / 1000 - 600 + k * STEP_S}`);
    bare = await startPrometheus({ dataDir: await backfill(`# TYPE node_load1 gauge\n${lines.join('\n')}\n# EOF\n`) });
  }, 60_000);
  afterAll(async () => {
    await bare?.stop();
  });

  it('says so in obs doctor and obs services, naming the keys to set', async () => {
    const home = mkdtempSync(join(tmpdir(), 'obs-home-'));
    const doctor = await runObs(['--config-dir', home, 'doctor', '-o', 'json'], { env: { OBS_PROMETHEUS_URL: bare.url }, now: NOW });
    const metrics = (JSON.parse(doctor.stdout) as { findings: { check: string; status: string; message: string; fix?: string }[] }).findings.find((f) => f.check === 'metrics')!;
    expect(metrics.status).toBe('warn');
    expect(metrics.message).toMatch(/^none of the conventions obs knows is in this Prometheus/);
    expect(metrics.fix).toContain('services.requests, services.duration, services.serviceLabel');
    const services = await runObs(['--config-dir', home, 'services', '-o', 'json'], { env: { OBS_PROMETHEUS_URL: bare.url }, now: NOW });
    expect(services.code).toBe(0);
    expect(JSON.parse(services.stdout)).toMatchObject({ services: [], hint: expect.stringContaining('services.serviceLabel') });
    expect(services.stderr).toMatch(/^obs: no services found: /);
  });
});
