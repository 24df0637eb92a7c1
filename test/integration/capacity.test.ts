/**
 * `obs capacity` against a real Prometheus 2.42. Four days of node_exporter, postgres_exporter and
 * Kafka exporter series and one service's request counters, one sample a minute, are backfilled
 * with promtool. Every series is a closed form, so when each resource runs out is known here:
 * obs must find it through the exporters' own names, one range query per kind.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROMETHEUS_BIN, PROMTOOL_BIN, backfill, describeWithBinaries, startPrometheus, type RunningServer } from '../support/prometheus.js';
import { runObs } from '../support/run-obs.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** "Now" for obs: Wednesday 15 May 2024, 10:00 UTC. */
const T = Date.UTC(2024, 4, 15, 10, 0, 0);
/** Minutes of history: samples at S + k·MIN for k = 0..N. */
const N = 4 * 1440;
const S = T - N * MIN;
const GIB = 2 ** 30;

/** Days from T (negative: the past). */
const day = (k: number) => ((k - N) * MIN) / DAY;
/** A small daily ripple, so that no series is a perfect line. */
const ripple = (k: number, size: number) => size * Math.sin(2 * Math.PI * day(k));

interface Gauge {
  name: string;
  labels: Record<string, string>;
  value: (k: number) => number;
}

const fs = (instance: string, mountpoint: string, fstype: string) => ({ job: 'node', instance, device: '/dev/sda1', fstype, mountpoint });
const free = (size: number, used: (k: number) => number) => (k: number) => Math.round(size * (1 - used(k)));
/** 70% used at T, 10 points more a day: full 3 days after T. */
const filling = (k: number) => 0.7 + 0.1 * day(k) + ripple(k, 0.002);

const GAUGES: Gauge[] = [
  { name: 'node_filesystem_size_bytes', labels: fs('db-1:9100', '/var/lib/postgresql', 'ext4'), value: () => 100 * GIB },
  { name: 'node_filesystem_avail_bytes', labels: fs('db-1:9100', '/var/lib/postgresql', 'ext4'), value: free(100 * GIB, filling) },
  // 90% used, and staying there: not flagged.
  { name: 'node_filesystem_size_bytes', labels: fs('web-1:9100', '/', 'ext4'), value: () => 40 * GIB },
  { name: 'node_filesystem_avail_bytes', labels: fs('web-1:9100', '/', 'ext4'), value: free(40 * GIB, (k) => 0.9 + ripple(k, 0.005)) },
  // Memory-backed: not a disk, however fast it fills.
  { name: 'node_filesystem_size_bytes', labels: fs('web-1:9100', '/run', 'tmpfs'), value: () => GIB },
  { name: 'node_filesystem_avail_bytes', labels: fs('web-1:9100', '/run', 'tmpfs'), value: free(GIB, (k) => 0.6 + 0.2 * day(k)) },
  { name: 'node_memory_MemTotal_bytes', labels: { job: 'node', instance: 'web-1:9100' }, value: () => 16 * GIB },
  { name: 'node_memory_MemAvailable_bytes', labels: { job: 'node', instance: 'web-1:9100' }, value: free(16 * GIB, (k) => 0.6 + ripple(k, 0.1)) },
  // Postgres: 60 of 100 connections at T, 5 more a day: full 8 days after T.
  { name: 'pg_stat_activity_count', labels: { job: 'postgres', instance: 'db-1:9187', datname: 'app', state: 'active' }, value: (k) => Math.round(20 + 2 * day(k)) },
  { name: 'pg_stat_activity_count', labels: { job: 'postgres', instance: 'db-1:9187', datname: 'app', state: 'idle' }, value: (k) => Math.round(40 + 3 * day(k)) },
  { name: 'pg_settings_max_connections', labels: { job: 'postgres', instance: 'db-1:9187' }, value: () => 100 },
  { name: 'kafka_consumergroup_lag', labels: { job: 'kafka', consumergroup: 'billing', topic: 'orders', partition: '0' }, value: () => 120 },
  { name: 'kafka_consumergroup_lag', labels: { job: 'kafka', consumergroup: 'billing', topic: 'orders', partition: '1' }, value: () => 80 },
];

/** api: 1000 requests a minute; an error every 4 minutes (burn 0.25 of a 99.9% objective), 3 a minute for the last 6 hours (burn 3). */
const apiErrors = (k: number) => (k > N - 360 ? 3 : k % 4 === 0 ? 1 : 0);
const COUNTERS = [
  { labels: { service: 'api', code: '200' }, inc: (k: number) => 1000 - apiErrors(k) },
  { labels: { service: 'api', code: '500' }, inc: apiErrors },
];

const SPEC = `
apiVersion: openslo/v1
kind: SLO
metadata:
  name: api-availability
spec:
  service: api
  indicator:
    metadata:
      name: api-good
    spec:
      ratioMetric:
        counter: true
        bad:
          metricSource:
            spec:
              query: http_requests_total{service="api",code=~"5.."}
        total:
          metricSource:
            spec:
              query: http_requests_total{service="api"}
  timeWindow:
    - duration: 7d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.999
`;

function openMetrics(): string {
  const byName = new Map<string, string[]>();
  const labelText = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
  const add = (name: string, line: string) => byName.set(name, [...(byName.get(name) ?? []), line]);
  for (const g of GAUGES) for (let k = 0; k <= N; k++) add(g.name, `${g.name}{${labelText(g.labels)}} ${g.value(k)} ${(S + k * MIN) / 1000}`);
  for (const c of COUNTERS) {
    let value = 0;
    for (let k = 0; k <= N; k++) {
      if (k > 0) value += c.inc(k);
      add('http_requests_total', `http_requests_total{${labelText(c.labels)}} ${value} ${(S + k * MIN) / 1000}`);
    }
  }
  return [...byName].map(([name, lines]) => `# TYPE ${name} unknown\n${lines.join('\n')}\n`).join('') + '# EOF\n';
}

/** Errors over requests of the api in the window (at - w, at]: the closed form. */
function errorRatio(windowMs: number): number {
  let errors = 0;
  let total = 0;
  for (let k = Math.max(1, N - windowMs / MIN + 1); k <= N; k++) {
    errors += apiErrors(k);
    total += 1000;
  }
  return errors / total;
}

interface Resource {
  kind: string;
  source: string;
  labels: Record<string, string>;
  status: string;
  used: number | null;
  trendPerDay: number | null;
  earliest: string | null;
  likely: string | null;
  latest: string | null;
  note?: string;
}

let prometheus: RunningServer;
let specDir: string;
let home: string;

async function capacity(args: string[], url = prometheus.url) {
  const r = await runObs(['--config-dir', home, 'capacity', '--since', '4d', '-o', 'json', ...args], { now: T, env: { OBS_PROMETHEUS_URL: url } });
  return { ...r, report: r.stdout ? (JSON.parse(r.stdout) as { at: string; failures: string[]; resources: Resource[] }) : undefined };
}

const daysFromT = (iso: string | null) => (iso === null ? null : (Date.parse(iso) - T) / DAY);

describeWithBinaries('obs capacity against real Prometheus 2.42', [PROMETHEUS_BIN, PROMTOOL_BIN], () => {
  let full: Awaited<ReturnType<typeof capacity>>;
  const find = (kind: string, match: Record<string, string> = {}) =>
    full.report!.resources.filter((r) => r.kind === kind && Object.entries(match).every(([k, v]) => r.labels[k] === v));

  beforeAll(async () => {
    specDir = mkdtempSync(join(tmpdir(), 'obs-capacity-specs-'));
    home = mkdtempSync(join(tmpdir(), 'obs-home-'));
    writeFileSync(join(specDir, 'api.yaml'), SPEC.trimStart());
    prometheus = await startPrometheus({ dataDir: await backfill(openMetrics()) });
    full = await capacity(['-f', specDir]);
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
  });

  it('finds the filling disk by node_exporter\'s names and dates it 3 days out, exit 1', () => {
    expect(full.stderr).toBe('');
    expect(full.code).toBe(1);
    expect(full.report!.at).toBe('2024-05-15T10:00:00Z');
    const [disk] = find('disk', { mountpoint: '/var/lib/postgresql' });
    expect(disk).toMatchObject({ source: 'node_exporter', labels: { instance: 'db-1:9100', mountpoint: '/var/lib/postgresql' }, status: 'runs out' });
    expect(disk!.used!).toBeCloseTo(0.7, 2);
    expect(disk!.trendPerDay!).toBeCloseTo(0.1, 2);
    // The forecast reads the trend from the last two days, where the daily ripple tilts it a little:
    // within 4 hours of the true date.
    expect(Math.abs(daysFromT(disk!.likely)! - 3)).toBeLessThan(4 / 24);
    expect(daysFromT(disk!.earliest)!).toBeLessThanOrEqual(daysFromT(disk!.likely)!);
    expect(daysFromT(disk!.latest)!).toBeGreaterThanOrEqual(daysFromT(disk!.likely)!);
  });

  it('leaves the steady 90% disk and the memory alone, and memory-backed filesystems out', () => {
    expect(find('disk').map((d) => d.labels.mountpoint).sort()).toEqual(['/', '/var/lib/postgresql']);
    expect(find('disk', { mountpoint: '/' })[0]).toMatchObject({ status: 'ok', likely: null });
    expect(find('disk', { mountpoint: '/' })[0]!.used!).toBeCloseTo(0.9, 2);
    expect(find('memory')).toMatchObject([{ source: 'node_exporter', labels: { instance: 'web-1:9100' }, status: 'ok' }]);
  });

  it('sums postgres connections over databases and states against max_connections: 8 days out', () => {
    const [pool] = find('connections');
    expect(pool).toMatchObject({ source: 'postgres', labels: { job: 'postgres', instance: 'db-1:9187' }, used: 0.6, status: 'ok' });
    expect(daysFromT(pool!.likely)!).toBeCloseTo(8, 0);
  });

  it('reports the Kafka backlog summed over partitions, without a date', () => {
    expect(find('queue')).toMatchObject([{ source: 'kafka', labels: { consumergroup: 'billing', job: 'kafka' }, used: 200, status: 'no limit', likely: null }]);
  });

  it('dates the error budget at the last hour\'s burn, between the fastest and slowest recent burns', () => {
    const [budget] = find('error budget');
    const remaining = 1 - errorRatio(7 * DAY) / 0.001;
    expect(budget).toMatchObject({ labels: { slo: 'api-availability', service: 'api' }, status: 'runs out' });
    expect(budget!.source).toMatch(/api\.yaml:\d+$/);
    expect(budget!.used!).toBeCloseTo(1 - remaining, 6);
    const at = (window: number) => (remaining * 7) / (errorRatio(window) / 0.001);
    expect(daysFromT(budget!.likely)!).toBeCloseTo(at(HOUR), 3);
    expect(daysFromT(budget!.earliest)!).toBeCloseTo(at(HOUR), 3); // 1h and 6h burn alike, the fastest
    expect(daysFromT(budget!.latest)!).toBeCloseTo(at(3 * DAY), 3); // the 3-day burn, the slowest
  });

  it('without SLOs in the specs the error budgets are "not found"; within 2d nothing runs out, exit 0', async () => {
    const noSlos = mkdtempSync(join(tmpdir(), 'obs-no-slos-'));
    writeFileSync(join(noSlos, 'service.yaml'), 'apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  description: the API\n');
    const r = await capacity(['--within', '2d', '-f', noSlos]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.report!.resources.find((x) => x.kind === 'error budget')).toMatchObject({ status: 'not found', note: 'no SLO specs' });
    expect(r.report!.resources.find((x) => x.labels.mountpoint === '/var/lib/postgresql')).toMatchObject({ status: 'ok' });
  });

  it('a wrong SLO spec is named by file:line before anything is queried, exit 2', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'obs-bad-slo-'));
    writeFileSync(join(bad, 'api.yaml'), SPEC.trimStart().replace('target: 0.999', 'target: 1'));
    const r = await capacity(['-f', bad], 'http://127.0.0.1:1');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/api\.yaml:\d+: .*target must be below 1/);
  });

  it('a Prometheus that does not answer: every kind failed, said on stderr, exit 3', async () => {
    const stopped = await startPrometheus({});
    await stopped.stop();
    const r = await capacity(['-f', specDir], stopped.url);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/disk: .*prometheus/i);
    expect(r.report!.resources.filter((x) => x.status === 'failed').map((x) => x.kind)).toEqual(['disk', 'memory', 'connections', 'queue', 'error budget']);
  }, 60_000);
});
