/**
 * The demo world cannot drift from the real thing: its series are exported as OpenMetrics, backfilled into a
 * real Prometheus 2.42 with promtool, and the same PromQL (every shape obs builds plus common hand-written
 * queries) is asked of both servers over HTTP. Results must have the same series, timestamps and values
 * (within 1e-9 relative). The alert rules run through `promtool test rules` on the same samples and must fire
 * exactly the alerts (labels and annotations) the simulator reports.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { formatSampleValue } from '../../src/sim/promql/format.js';
import { exportOpenMetrics } from '../../src/sim/prometheus/openmetrics.js';
import { RuleEvaluator, rulesYaml } from '../../src/sim/prometheus/rules.js';
import { createPrometheusServer } from '../../src/sim/prometheus/server.js';
import { SimStorage } from '../../src/sim/prometheus/storage.js';
import { createWorld } from '../../src/sim/world/world.js';
import {
  PROMETHEUS_BIN, PROMTOOL_BIN, backfill, describeWithBinaries, promtoolTestRules, startPrometheus, type RunningServer,
} from '../support/prometheus.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
// A fixed window, so the test is the same on every run: 6 hours at 15 s, the incident in the middle.
const END = Date.UTC(2026, 0, 14, 15, 0, 0);
const START = END - 6 * HOUR;
const ONSET = END - 2 * HOUR;
const world = createWorld({ seed: 42, scenario: 'payments-db-latency', onsetMs: ONSET });

const INSTANT_TIMES = [START + 20 * MIN, ONSET - 30 * MIN, ONSET + 4 * MIN, ONSET + 45 * MIN, END - 11 * MIN - 7_000, END];
const RANGES = [
  { start: START + 10 * MIN, end: END, step: 60 },
  { start: START, end: END, step: 300 },
  { start: END - HOUR - 3_000, end: END, step: 37 },
];

/** Query shapes obs builds itself, then common hand-written ones. */
const QUERIES = [
  'sum by (service) (rate(http_requests_total[5m]))',
  'sum by (service) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (service) (rate(http_requests_total[5m]))',
  'histogram_quantile(0.99, sum by (service, le) (rate(http_request_duration_seconds_bucket[5m])))',
  'histogram_quantile(0.5, sum by (service, le) (rate(http_request_duration_seconds_bucket[5m])))',
  // the share of requests above the top finite bucket: when it exceeds 1%, p99 is only a bound
  '1 - max by (service) (sum by (service, le) (rate(http_request_duration_seconds_bucket{le!="+Inf"}[5m]))) / sum by (service) (rate(http_request_duration_seconds_bucket{le="+Inf"}[5m]))',
  'sum(increase(http_requests_total[1h]))',
  'sum by (service) (increase(http_requests_total{code=~"5.."}[1h]))',
  // the same for the OpenTelemetry-named services (src/identity), and the signals of the rest
  'sum by (service_name) (rate(http_server_request_duration_seconds_count[5m]))',
  'sum by (service_name) (rate(http_server_request_duration_seconds_count{http_response_status_code=~"5.."}[5m]))',
  'histogram_quantile(0.99, sum by (service_name, le) (rate(http_server_request_duration_seconds_bucket[5m])))',
  'histogram_quantile(0.99, sum by (service, le) (rate(db_query_duration_seconds_bucket[5m])))',
  'min by (job) (up)',
  'sum by (service) (db_connections_in_use) / (max by (service) (db_connections_max) > 0)',
  // SLOs: occurrences over a window longer than the data, latency from buckets, timeslices with subqueries
  'sum(increase(http_requests_total{service="checkout",code=~"5.."}[30d]))',
  'sum(increase(http_request_duration_seconds_bucket{service="payments",le="0.5"}[1h])) / sum(increase(http_request_duration_seconds_bucket{service="payments",le="+Inf"}[1h]))',
  'count_over_time((((sum(increase(http_requests_total{service="checkout",code=~"5.."}[1m]))) or vector(0)) / (sum(increase(http_requests_total{service="checkout"}[1m]))) > 0.01)[1h:1m])',
  'count_over_time((sum(increase(http_requests_total{service="checkout"}[1m])) > 0)[1h:1m])',
  'max_over_time(rate(http_requests_total{service="payments",code="503"}[1m])[30m:45s])',
  // boards
  'sum by (kind) (rate(inference_tokens_total[5m])) / ignoring (kind) group_left sum(rate(inference_requests_total[5m]))',
  'sum by (service) (db_connections_in_use) / sum by (service) (db_connections_max)',
  '1000 * sum(increase(inference_cost_dollars_total[1h])) / sum(increase(inference_requests_total[1h]))',
  'min by (service) (up)',
  'sum by (service, route) (rate(http_requests_total[1m]))',
  'sum by (service) (rate(http_request_duration_seconds_sum[5m])) / sum by (service) (rate(http_request_duration_seconds_count[5m]))',
  'histogram_quantile(0.95, sum by (service, le) (rate(db_query_duration_seconds_bucket[5m])))',
  'histogram_quantile(0.99, sum by (model, le) (rate(inference_duration_seconds_bucket[5m])))',
  'sum by (model) (rate(inference_tokens_total[5m]))',
  'sum by (model, status) (rate(inference_requests_total[5m]))',
  'sum(rate(inference_cost_dollars_total[1h])) * 3600',
  'avg by (service) (rate(process_cpu_seconds_total[5m]))',
  'max by (service) (process_resident_memory_bytes)',
  'max by (service) (db_connections_in_use / db_connections_max)',
  '1 - sum by (service) (rate(cache_hits_total[5m])) / sum by (service) (rate(cache_requests_total[5m]))',
  'count by (service) (deploy_version_info)',
  'rate(http_requests_total{service="checkout",code="503"}[5m])',
  'irate(http_requests_total{service="frontend",route="/checkout"}[2m])',
  'increase(http_requests_total{service="payments"}[10m])',
  'histogram_quantile(0.9, rate(http_request_duration_seconds_bucket{service="checkout"}[5m]))',
  'topk(3, sum by (service) (rate(http_requests_total[5m])))',
  'bottomk(2, sum by (service) (rate(http_requests_total[5m])))',
  'min(process_resident_memory_bytes)',
  'count by (service) (up)',
  'sum without (instance, job) (rate(http_server_request_duration_seconds_count{service_name="auth"}[5m]))',
  'up == 0',
  'up == bool 1',
  'queue_depth > 10',
  'avg_over_time(queue_depth[10m])',
  'max_over_time(db_connections_in_use[15m])',
  'min_over_time(db_connections_in_use[15m])',
  'sum_over_time(up[5m])',
  'count_over_time(up{service="checkout"}[5m])',
  'quantile_over_time(0.9, db_connections_in_use[30m])',
  'stddev_over_time(queue_depth[30m])',
  'last_over_time(up[10m])',
  'deploy_version_info',
  'rate(http_requests_total{service="frontend"}[5m] offset 1h)',
  'sum by (service) (rate(http_requests_total[5m])) / on (service) sum by (service) (rate(http_requests_total[5m] offset 30m))',
  'sum by (service, instance) (rate(http_requests_total[5m])) / on (service) group_left () sum by (service) (rate(http_requests_total[5m]))',
  'rate(process_cpu_seconds_total[5m]) * on (service, instance) group_left (job) up',
  'sum by (service) (rate(http_requests_total[5m])) > bool 10',
  'sum by (service) (rate(http_requests_total{code="500"}[5m])) and sum by (service) (rate(http_requests_total{code="503"}[5m])) > 0.1',
  'up{service="cart"} or up{service="auth"}',
  'up unless up{service="frontend"}',
  'absent(nonexistent_metric{service="x",job=~"y"})',
  'absent(up)',
  'scalar(sum(up))',
  'clamp_max(sum by (service) (rate(http_requests_total[5m])), 50)',
  'label_replace(up, "svc", "svc-$1", "job", "(.+)")',
  'label_replace(up, "job", "", "job", ".*")',
  'label_replace(sum(up), "obs_batch_query", "0", "", "") or label_replace(count(up), "obs_batch_query", "1", "", "")',
  'clamp_min(rate(http_requests_total{service="payments"}[5m]), 0.5)',
  'clamp(sum by (service) (rate(http_requests_total[5m])), 5, 60)',
  '-sum by (service) (rate(http_requests_total[5m])) ^ 2',
  'sum by (service) (rate(http_requests_total[5m])) % 7',
  'delta(process_resident_memory_bytes{service="checkout"}[10m])',
  'changes(process_start_time_seconds[1h])',
  'resets(http_requests_total{service="checkout"}[2h])',
  'round(process_resident_memory_bytes / 1048576)',
  'quantile(0.5, rate(process_cpu_seconds_total[5m]))',
  'sum by (code) (rate(http_requests_total[5m]))',
  'http_requests_total{service=~"pay.*",code!~"2.."}',
  '{__name__=~"cache_.*_total"}',
  'sum(rate({__name__="http_requests_total",service!="frontend"}[5m]))',
  'vector(time()) - vector(1700000000)',
  '2 * 3 + 1',
  '1 + -2 ^ 2',
  'stdvar by (service) (rate(http_requests_total[5m]))',
  'group by (service) (up)',
  'sqrt(abs(delta(queue_depth[5m])))',
  ...rulesExprs(),
];

function rulesExprs(): string[] {
  return new RuleEvaluator(new SimStorage(world, { now: () => END })).groups.flatMap((g) => g.rules.map((r) => r.expr));
}

interface ApiResult {
  status: string;
  errorType?: string;
  data?: { resultType: string; result: unknown };
}

let prometheus: RunningServer;
let sim: Server;
let simUrl: string;

async function get(base: string, path: string, params: Record<string, string | number>): Promise<ApiResult> {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await fetch(`${base}${path}?${qs}`);
  return (await res.json()) as ApiResult;
}

function num(s: string): number {
  return s === '+Inf' ? Infinity : s === '-Inf' ? -Infinity : Number(s);
}

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) || Math.abs(a - b) < 1e-12;
}

type Point = [number, string];
interface SeriesJson {
  metric: Record<string, string>;
  value?: Point;
  values?: Point[];
}

/** Compare two API answers: same status and type; same label sets; same timestamps; values within 1e-9. */
function compare(what: string, real: ApiResult, mine: ApiResult): void {
  expect(mine.status, `${what}: status (real errorType ${real.errorType})`).toBe(real.status);
  if (real.status !== 'success') {
    expect(mine.errorType, what).toBe(real.errorType);
    return;
  }
  expect(mine.data!.resultType, what).toBe(real.data!.resultType);
  if (real.data!.resultType === 'scalar' || real.data!.resultType === 'string') {
    const [rt, rv] = real.data!.result as Point;
    const [mt, mv] = mine.data!.result as Point;
    expect(mt, what).toBe(rt);
    expect(close(num(mv), num(rv)), `${what}: ${mv} vs ${rv}`).toBe(true);
    return;
  }
  const key = (m: Record<string, string>) => JSON.stringify(Object.entries(m).sort());
  const realSeries = new Map((real.data!.result as SeriesJson[]).map((s) => [key(s.metric), s]));
  const mineSeries = new Map((mine.data!.result as SeriesJson[]).map((s) => [key(s.metric), s]));
  expect([...mineSeries.keys()].sort(), `${what}: series`).toEqual([...realSeries.keys()].sort());
  for (const [k, r] of realSeries) {
    const m = mineSeries.get(k)!;
    const rp = r.values ?? [r.value!];
    const mp = m.values ?? [m.value!];
    expect(mp.map((p) => p[0]), `${what} ${k}: timestamps`).toEqual(rp.map((p) => p[0]));
    rp.forEach(([t, rv], i) => {
      const mv = mp[i][1];
      if (!close(num(mv), num(rv))) expect.fail(`${what} ${k} at ${t}: sim ${mv}, prometheus ${rv}`);
    });
  }
}

describeWithBinaries('the demo world against real Prometheus 2.42', [PROMETHEUS_BIN, PROMTOOL_BIN], () => {
  beforeAll(async () => {
    const dataDir = await backfill(exportOpenMetrics(world, { startMs: START, endMs: END }));
    prometheus = await startPrometheus({ dataDir, rulesYaml: rulesYaml() });
    const storage = new SimStorage(world, { now: () => END, minT: START, maxT: END });
    sim = createPrometheusServer(world, { now: () => END, storage });
    await new Promise<void>((resolve) => sim.listen(0, '127.0.0.1', resolve));
    simUrl = `http://127.0.0.1:${(sim.address() as AddressInfo).port}`;
  }, 180_000);

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise<void>((resolve) => (sim ? sim.close(() => resolve()) : resolve()));
  });

  it(`covers at least 40 expressions`, () => {
    expect(QUERIES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(QUERIES)('instant: %s', async (q) => {
    for (const t of INSTANT_TIMES) {
      const params = { query: q, time: t / 1000 };
      compare(`${q} @ ${t / 1000}`, await get(prometheus.url, '/api/v1/query', params), await get(simUrl, '/api/v1/query', params));
    }
  });

  it.each(QUERIES.filter((q) => !q.startsWith('sort')))('range: %s', async (q) => {
    for (const r of RANGES) {
      const params = { query: q, start: r.start / 1000, end: r.end / 1000, step: r.step };
      compare(`${q} [${r.start / 1000}..${r.end / 1000}/${r.step}]`, await get(prometheus.url, '/api/v1/query_range', params), await get(simUrl, '/api/v1/query_range', params));
    }
  });

  it.each(['db_connections_in_use[2m]', 'sum(rate(http_requests_total[1m]))[10m:2m]'])('returns raw samples for an instant %s', async (q) => {
    const params = { query: q, time: (END - 30 * MIN + 1_234) / 1000 };
    compare(q, await get(prometheus.url, '/api/v1/query', params), await get(simUrl, '/api/v1/query', params));
  });

  it.each([
    ['parse error', 'sum(rate(http_requests_total[5m])'],
    ['type error', 'rate(http_requests_total)'],
    ['many-to-many', 'http_requests_total / on (service) up'],
    ['scalar comparison without bool', '1 > 2'],
  ])('fails like Prometheus on a %s', async (_, q) => {
    const params = { query: q, time: END / 1000 };
    compare(q, await get(prometheus.url, '/api/v1/query', params), await get(simUrl, '/api/v1/query', params));
  });

  it('lists the same series, label names and label values', async () => {
    const range = { start: START / 1000, end: END / 1000 };
    for (const [path, params] of [
      ['/api/v1/series', { 'match[]': 'up', ...range }],
      ['/api/v1/series', { 'match[]': 'http_requests_total{service="checkout",code="503"}', ...range }],
      ['/api/v1/labels', range],
      ['/api/v1/label/service/values', range],
      ['/api/v1/label/__name__/values', range],
    ] as const) {
      const real = await get(prometheus.url, path, params);
      const mine = await get(simUrl, path, params);
      const norm = (r: ApiResult) => (r.data as unknown as unknown[]).map((x) => JSON.stringify(x)).sort();
      expect(norm(mine), path).toEqual(norm(real));
    }
  });

  it('loads the demo rules into real Prometheus', async () => {
    const res = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as { data: { groups: { rules: { name: string; health: string }[] }[] } };
    const loaded = res.data.groups.flatMap((g) => g.rules.map((r) => r.name)).sort();
    const mine = rulesExprs().length;
    expect(loaded).toHaveLength(mine);
    expect(res.data.groups.flatMap((g) => g.rules.map((r) => r.health))).not.toContain('err');
  });

  it('fires the same alerts as promtool test rules on the same samples', async () => {
    const storage = new SimStorage(world, { now: () => END, minT: START, maxT: END });
    const rules = new RuleEvaluator(storage, undefined, 6 * HOUR);
    const names = [
      'http_requests_total', 'http_request_duration_seconds_bucket', 'db_query_duration_seconds_bucket', 'db_connections_in_use',
      'db_connections_max', 'cache_hits_total', 'cache_requests_total', 'up', 'process_start_time_seconds',
    ];
    const steps = (END - START) / 15_000 + 1;
    const inputSeries = names.flatMap((name) =>
      storage.select([{ name: '__name__', type: '=', value: name }], START, END).map((s) => {
        const samples = s.samples(START, END);
        const byT = new Map<number, number>();
        for (let i = 0; i < samples.t.length; i++) byT.set(samples.t[i], samples.v[i]);
        const values: string[] = [];
        for (let i = 0; i < steps; i++) {
          const v = byT.get(START + i * 15_000);
          values.push(v === undefined ? '_' : formatSampleValue(v));
        }
        const { __name__, ...labels } = s.labels;
        const text = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',');
        return { series: `${__name__}{${text}}`, values: values.join(' ') };
      }),
    );
    const evalTimes = [ONSET - 30 * MIN, ONSET + 3 * MIN, ONSET + 12 * MIN, ONSET + 60 * MIN, END - 8 * MIN, END];
    const alertNames = rules.groups.flatMap((g) => g.rules.map((r) => r.alert));
    let firing = 0;
    const tests = evalTimes.flatMap((t) => {
      const status = rules.statusAt(t);
      return alertNames.map((alertname) => {
        const alerts = status.find((s) => s.rule.alert === alertname)!.alerts.filter((a) => a.state === 'firing');
        firing += alerts.length;
        return {
          eval_time: `${(t - START) / 1000}s`,
          alertname,
          exp_alerts: alerts.map((a) => ({ exp_labels: a.labels, exp_annotations: a.annotations })),
        };
      });
    });
    expect(firing, 'the scenario should fire alerts at some of the evaluation times').toBeGreaterThan(3);
    const testYaml = stringify(
      { rule_files: ['rules.yml'], evaluation_interval: '30s', tests: [{ interval: '15s', input_series: inputSeries, alert_rule_test: tests }] },
      { lineWidth: 0 },
    );
    const result = await promtoolTestRules(rulesYaml(), testYaml);
    expect(result.output, 'promtool test rules').toContain('SUCCESS');
    expect(result.code).toBe(0);
  }, 120_000);
});
