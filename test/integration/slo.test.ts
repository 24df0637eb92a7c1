/**
 * `obs slo` against a real Prometheus 2.42. Four days of counters and a histogram, one sample a
 * minute, are backfilled with promtool; every per-minute increment is known, so the true count of
 * events in any window is a plain sum computed here. Every series starts at 0 and the evaluation
 * instant is on the sample grid, so Prometheus's `increase` needs no extrapolation and equals that
 * sum exactly: obs must report the very ratio Prometheus computes, and the closed-form one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROMETHEUS_BIN, PROMTOOL_BIN, backfill, describeWithBinaries, startPrometheus, type RunningServer } from '../support/prometheus.js';
import { runObs } from '../support/run-obs.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** The evaluation instant ("now" for obs): Wednesday 15 May 2024, 10:00 UTC. */
const T = Date.UTC(2024, 4, 15, 10, 0, 0);
/** Minutes of history; samples at S + k·MIN for k = 0..N. */
const N = 4 * 1440;
const S = T - N * MIN;

// ---------------------------------------------------------------------------------------------
// The data: per-minute increments of every series (events in the minute ending at sample k).

interface Counter {
  name: string;
  labels: Record<string, string>;
  /** Events in minute k (k = 1..N). */
  inc: (k: number) => number;
  /** Value at k = 0 (a counter that counted before the history starts). */
  initial?: number;
  /** The process restarts right after sample k-1: sample k holds only minute k's events. */
  resetAt?: number;
}

/** api: 2000 requests a minute; an error every 10 minutes, then 100 a minute for the last 20 minutes. */
const apiErrors = (k: number) => (k > N - 20 ? 100 : k % 10 === 0 ? 1 : 0);
/** checkout: 600 a minute, 10 of them 404 (good), a 503 every other minute. */
const checkoutErrors = (k: number) => (k % 2 === 0 ? 1 : 0);
/** worker-0: 50 a minute with a 503 every 5 minutes; it restarts 5 hours before T. */
const workerErrors = (k: number) => (k % 5 === 0 ? 1 : 0);
const WORKER_RESET = N - 300;
/** auth: 100 a minute; 10 fail in one minute out of 240 (a bad 1-minute slice every 4 hours). */
const authErrors = (k: number) => (k % 240 === 120 ? 10 : 0);
/** payments latency buckets: requests a minute at or under each boundary; le="1.0" spelled as Python clients do. */
const PAYMENT_BUCKETS: [string, number][] = [['0.1', 1000], ['0.25', 1150], ['0.5', 1185], ['1.0', 1198], ['+Inf', 1200]];

const http = (service: string, code: string, extra: Record<string, string> = {}) => ({ service, code, ...extra });
const COUNTERS: Counter[] = [
  { name: 'http_requests_total', labels: http('api', '200'), inc: (k) => 2000 - apiErrors(k) },
  { name: 'http_requests_total', labels: http('api', '500'), inc: apiErrors },
  { name: 'http_requests_total', labels: http('checkout', '200'), inc: (k) => 590 - checkoutErrors(k) },
  { name: 'http_requests_total', labels: http('checkout', '404'), inc: () => 10 },
  { name: 'http_requests_total', labels: http('checkout', '503'), inc: checkoutErrors },
  { name: 'http_requests_total', labels: http('worker', '200', { instance: 'worker-0' }), inc: (k) => 50 - workerErrors(k), resetAt: WORKER_RESET },
  { name: 'http_requests_total', labels: http('worker', '503', { instance: 'worker-0' }), inc: workerErrors, resetAt: WORKER_RESET },
  { name: 'http_requests_total', labels: http('worker', '200', { instance: 'worker-1' }), inc: () => 50 },
  { name: 'http_requests_total', labels: http('worker', '503', { instance: 'worker-1' }), inc: () => 0 },
  // batch served traffic once, but none in the last four days
  { name: 'http_requests_total', labels: http('batch', '200'), inc: () => 0, initial: 5000 },
  { name: 'http_requests_total', labels: http('batch', '500'), inc: () => 0, initial: 7 },
  // search has never failed: it has no 5xx series at all
  { name: 'http_requests_total', labels: http('search', '200'), inc: () => 300 },
  { name: 'http_requests_total', labels: http('cart', '200'), inc: () => 992 },
  { name: 'http_requests_total', labels: http('cart', '500'), inc: () => 8 },
  { name: 'http_requests_total', labels: http('auth', '200'), inc: (k) => 100 - authErrors(k) },
  { name: 'http_requests_total', labels: http('auth', '500'), inc: authErrors },
  ...PAYMENT_BUCKETS.map(([le, perMinute]): Counter => ({ name: 'http_request_duration_seconds_bucket', labels: { service: 'payments', le }, inc: () => perMinute })),
];

function openMetrics(): string {
  const byName = new Map<string, string[]>();
  for (const c of COUNTERS) {
    const labels = Object.entries(c.labels).map(([k, v]) => `${k}="${v}"`).join(',');
    const lines = byName.get(c.name) ?? [];
    let value = c.initial ?? 0;
    for (let k = 0; k <= N; k++) {
      if (k > 0) value = k === c.resetAt ? c.inc(k) : value + c.inc(k);
      lines.push(`${c.name}{${labels}} ${value} ${(S + k * MIN) / 1000}`);
    }
    byName.set(c.name, lines);
  }
  return [...byName].map(([name, lines]) => `# TYPE ${name} unknown\n${lines.join('\n')}\n`).join('') + '# EOF\n';
}

/** True events of the matching series in the window (at - w, at]: the closed form. */
function events(match: (labels: Record<string, string>) => boolean, windowMs: number, at = T): number {
  const last = N - (T - at) / MIN;
  const first = Math.max(1, last - windowMs / MIN + 1);
  let sum = 0;
  for (const c of COUNTERS.filter((x) => match(x.labels))) for (let k = first; k <= last; k++) sum += c.inc(k);
  return sum;
}

const of = (service: string, code?: (c: string) => boolean) => (l: Record<string, string>) => l.service === service && (code ? code(l.code) : true);
const is5xx = (c: string) => /^5/.test(c);

// ---------------------------------------------------------------------------------------------
// The specs, as teams write them.

const SPECS: Record<string, string> = {
  'api.sloth.yaml': `
version: "prometheus/v1"
service: "api"
slos:
  - name: "availability"
    objective: 99.9
    description: "API requests without a 5xx."
    sli:
      events:
        error_query: http_requests_total{service="api",code=~"5.."}
        total_query: http_requests_total{service="api"}
`,
  'checkout.openslo.yaml': `
apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
spec:
  service: checkout
  indicator:
    metadata:
      name: checkout-good-requests
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{service="checkout",code!~"5.."}
        total:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{service="checkout"}
  timeWindow:
    - duration: 7d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.995
`,
  'worker.openslo.yaml': openSloBadTotal('worker-availability', 'worker', '7d', 0.99),
  'search.openslo.yaml': openSloBadTotal('search-availability', 'search', '7d', 0.999),
  'batch.sloth.yaml': `
version: "prometheus/v1"
service: "batch"
slos:
  - name: "availability"
    objective: 99
    sli:
      events:
        error_query: sum(increase(http_requests_total{service="batch",code=~"5.."}[{{.window}}]))
        total_query: sum(increase(http_requests_total{service="batch"}[{{.window}}]))
`,
  'cart.openslo.yaml': `
apiVersion: openslo/v1
kind: SLO
metadata:
  name: cart-availability-weekly
spec:
  service: cart
  indicator:
    metadata:
      name: cart-errors
    spec:
      ratioMetric:
        counter: true
        bad:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{service="cart",code=~"5.."}
        total:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{service="cart"}
  timeWindow:
    - duration: 1w
      isRolling: false
      calendar:
        startTime: "2024-01-01 00:00:00"
        timeZone: Europe/Paris
  budgetingMethod: Occurrences
  objectives:
    - target: 0.99
`,
  'payments-latency.openslo.yaml': latencySpec('payments-latency', 1),
  'auth.openslo.yaml': `
apiVersion: openslo/v1
kind: SLO
metadata:
  name: auth-uptime
spec:
  service: auth
  indicator:
    metadata:
      name: auth-requests
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{service="auth",code!~"5.."}
        total:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{service="auth"}
  timeWindow:
    - duration: 1d
      isRolling: true
  budgetingMethod: Timeslices
  objectives:
    - target: 0.99
      timeSliceTarget: 0.95
      timeSliceWindow: 1m
`,
};

function openSloBadTotal(name: string, service: string, period: string, target: number): string {
  return `
apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${name}
spec:
  service: ${service}
  indicator:
    metadata:
      name: ${service}-errors
    spec:
      ratioMetric:
        counter: true
        bad:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{service="${service}",code=~"5.."}
        total:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{service="${service}"}
  timeWindow:
    - duration: ${period}
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: ${target}
`;
}

function latencySpec(name: string, threshold: number): string {
  return `
apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${name}
spec:
  service: payments
  indicator:
    metadata:
      name: ${name}-sli
    spec:
      thresholdMetric:
        metricSource:
          type: Prometheus
          spec:
            query: http_request_duration_seconds_bucket{service="payments"}
  timeWindow:
    - duration: 7d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - op: lte
      value: ${threshold}
      target: 0.99
`;
}

/**
 * For each Occurrences SLO: the numerator and total as the test writes them for Prometheus, and
 * the closed form of each. `or vector(0)` only where the numerator series does not exist.
 */
const EXPECTED: Record<string, { kind: 'good' | 'bad'; num: (w: string) => string; total: (w: string) => string; closedNum: (ms: number, at?: number) => number; closedTotal: (ms: number, at?: number) => number }> = {
  'api-availability': {
    kind: 'bad',
    num: (w) => `sum(increase(http_requests_total{service="api",code=~"5.."}[${w}]))`,
    total: (w) => `sum(increase(http_requests_total{service="api"}[${w}]))`,
    closedNum: (ms, at) => events(of('api', is5xx), ms, at),
    closedTotal: (ms, at) => events(of('api'), ms, at),
  },
  'checkout-availability': {
    kind: 'good',
    num: (w) => `sum(increase(http_requests_total{service="checkout",code!~"5.."}[${w}]))`,
    total: (w) => `sum(increase(http_requests_total{service="checkout"}[${w}]))`,
    closedNum: (ms, at) => events(of('checkout', (c) => !is5xx(c)), ms, at),
    closedTotal: (ms, at) => events(of('checkout'), ms, at),
  },
  'worker-availability': {
    kind: 'bad',
    num: (w) => `sum(increase(http_requests_total{service="worker",code=~"5.."}[${w}]))`,
    total: (w) => `sum(increase(http_requests_total{service="worker"}[${w}]))`,
    closedNum: (ms, at) => events(of('worker', is5xx), ms, at),
    closedTotal: (ms, at) => events(of('worker'), ms, at),
  },
  'search-availability': {
    kind: 'bad',
    num: (w) => `(sum(increase(http_requests_total{service="search",code=~"5.."}[${w}])) or vector(0))`,
    total: (w) => `sum(increase(http_requests_total{service="search"}[${w}]))`,
    closedNum: () => 0,
    closedTotal: (ms, at) => events(of('search'), ms, at),
  },
  'cart-availability-weekly': {
    kind: 'bad',
    num: (w) => `sum(increase(http_requests_total{service="cart",code=~"5.."}[${w}]))`,
    total: (w) => `sum(increase(http_requests_total{service="cart"}[${w}]))`,
    closedNum: (ms, at) => events(of('cart', is5xx), ms, at),
    closedTotal: (ms, at) => events(of('cart'), ms, at),
  },
  'payments-latency': {
    kind: 'good',
    num: (w) => `sum(increase(http_request_duration_seconds_bucket{service="payments",le="1.0"}[${w}]))`,
    total: (w) => `sum(increase(http_request_duration_seconds_bucket{service="payments",le="+Inf"}[${w}]))`,
    closedNum: (ms, at) => events((l) => l.service === 'payments' && l.le === '1.0', ms, at),
    closedTotal: (ms, at) => events((l) => l.service === 'payments' && l.le === '+Inf', ms, at),
  },
};

// ---------------------------------------------------------------------------------------------

interface WindowJson {
  window: string;
  range: string;
  numerator: { kind: 'good' | 'bad'; query: string; value: number | null };
  total: { query: string; value: number | null };
  sli: number | null;
  errorRatio: number | null;
  burnRate: number | null;
  coverage: number | null;
}
interface SloJson {
  name: string;
  verdict: string;
  sli: number | null;
  errorRatio: number | null;
  budget: { total: number; consumed: number; remaining: number } | null;
  burnRates: Record<string, number | null>;
  coverage: { ratio: number | null; covered: string | null; step: string; query: string } | null;
  alerts: { severity: string; long: string; short: string; threshold: number; firing: boolean }[];
  exhaustsAt: string | null;
  reasons: string[];
  error: { kind: string; message: string } | null;
  windows: WindowJson[];
  [key: string]: unknown;
}

let prometheus: RunningServer;
let specDir: string;
let home: string;
const spec = (file: string) => join(specDir, file);

/** obs with an empty config directory, Prometheus from the environment, and T as "now". */
function obs(args: string[], options: { env?: NodeJS.ProcessEnv; now?: number; tty?: boolean; configDir?: string; columns?: number } = {}) {
  return runObs(['--config-dir', options.configDir ?? home, ...args], { now: T, ...options, env: { OBS_PROMETHEUS_URL: prometheus.url, ...options.env } });
}

async function check(args: string[], at = T) {
  const r = await obs(['slo', 'check', ...args, '-o', 'json'], { now: at });
  return { ...r, report: r.stdout ? (JSON.parse(r.stdout) as { at: string; verdict: string; slos: SloJson[] }) : undefined };
}

/** The ratio Prometheus itself computes at `at` (NaN for 0/0, null for no series). */
async function promRatio(promql: string, at = T): Promise<number | null> {
  const res = await fetch(`${prometheus.url}/api/v1/query?${new URLSearchParams({ query: promql, time: String(at / 1000) })}`);
  const body = (await res.json()) as { status: string; error?: string; data: { result: { value: [number, string] }[] } };
  if (body.status !== 'success') throw new Error(`${promql}: ${body.error}`);
  return body.data.result.length === 0 ? null : Number(body.data.result[0].value[1]);
}

function relativeDifference(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

describeWithBinaries('obs slo against real Prometheus 2.42', [PROMETHEUS_BIN, PROMTOOL_BIN], () => {
  let full: Awaited<ReturnType<typeof check>>;
  const slo = (name: string) => full.report!.slos.find((s) => s.name === name)!;

  beforeAll(async () => {
    specDir = mkdtempSync(join(tmpdir(), 'obs-slo-specs-'));
    home = mkdtempSync(join(tmpdir(), 'obs-home-'));
    for (const [file, text] of Object.entries(SPECS)) writeFileSync(join(specDir, file), text.trimStart());
    prometheus = await startPrometheus({ dataDir: await backfill(openMetrics()) });
    full = await check(['-f', specDir]);
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
  });

  it('evaluates every spec and exits 1 because one SLO is breached', () => {
    expect(full.stderr).toBe('');
    expect(full.code).toBe(1);
    expect(full.report!.at).toBe('2024-05-15T10:00:00Z');
    expect(full.report!.verdict).toBe('BREACHED');
    expect(Object.fromEntries(full.report!.slos.map((s) => [s.name, s.verdict]))).toEqual({
      'api-availability': 'BREACHED', // error burst: 1h and 5m burn above 14.4
      'auth-uptime': 'WARNING', // a bad slice 2h ago: 1d and 2h burn above the 1d period's ticket threshold
      'batch-availability': 'NO_DATA', // no traffic in four days
      'cart-availability-weekly': 'WARNING', // steady burn 0.8 of a calendar week: ticket 1d/2h > 0.7
      'checkout-availability': 'WARNING', // fine, but four days of data for a 7-day SLO
      'payments-latency': 'WARNING', // the same
      'search-availability': 'WARNING', // no 5xx series at all: zero errors; four days of 30
      'worker-availability': 'WARNING', // counter reset 5h ago, counted right; four days of 30
    });
  });

  it('measures how much of each period has data: four days of history', () => {
    const coverage = Object.fromEntries(full.report!.slos.map((s) => [s.name, s.coverage]));
    // Steps of 1h over 30d: the 96 hours after the first sample.
    expect(coverage['api-availability']).toEqual({ ratio: 4 / 30, covered: '4d', step: '1h', query: 'count_over_time((sum(increase(http_requests_total{service="api"}[1h])))[30d:1h])' });
    // Steps of 14m over 7d: the steps after the first sample, at multiples of 14 minutes.
    expect(coverage['checkout-availability']!.step).toBe('14m');
    expect(Math.abs(coverage['checkout-availability']!.ratio! - 4 / 7)).toBeLessThan(14 / (7 * 1440));
    // A calendar week 2d12h in, and a 1-day Timeslices SLO: all of it has data.
    expect(coverage['cart-availability-weekly']!.ratio).toBe(1);
    expect(coverage['auth-uptime']).toMatchObject({ ratio: 1, step: '1m' });
    expect(coverage['batch-availability']!.ratio).toBe(4 / 30); // data, though no traffic
    expect(slo('checkout-availability').reasons).toEqual([expect.stringMatching(/^data covers only 57\.\d% of 7d \(about 4d\d*m?\): the figures are for that part, not the whole period$/)]);
    expect(slo('api-availability').windows.map((w) => [w.window, w.coverage])).toEqual([['30d', 4 / 30], ['5m', 1], ['30m', 1], ['1h', 1], ['2h', 1], ['6h', 1], ['1d', 1], ['3d', 1]]);
  });

  it('reports for every window exactly the ratio Prometheus computes, and the closed form', async () => {
    let compared = 0;
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const s = slo(name);
      expect(s.windows.length).toBeGreaterThanOrEqual(7);
      for (const w of s.windows) {
        const ms = parseRange(w.range);
        const fromProm = await promRatio(`${expected.num(w.range)} / ${expected.total(w.range)}`);
        const reported = expected.kind === 'bad' ? w.errorRatio : w.sli;
        const closed = expected.closedNum(ms) / expected.closedTotal(ms);
        expect(fromProm, `${name} ${w.window}`).not.toBeNull();
        expect(reported, `${name} ${w.window}`).not.toBeNull();
        expect(relativeDifference(reported!, fromProm!), `${name} ${w.window}: obs ${reported} vs Prometheus ${fromProm}`).toBeLessThan(1e-9);
        expect(relativeDifference(reported!, closed), `${name} ${w.window}: obs ${reported} vs closed form ${closed}`).toBeLessThan(1e-12);
        expect(w.total.value).toBe(expected.closedTotal(ms));
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(6 * 7);
  });

  it('computes the burst, the budget and the page alert of the API SLO', () => {
    const api = slo('api-availability');
    // 1h: 20 burst minutes of 100 errors + 4 background errors, out of 60 × 2000
    expect(api.burnRates['1h']).toBeCloseTo(2004 / 120_000 / 0.001, 9);
    expect(api.burnRates['5m']).toBeCloseTo(500 / 10_000 / 0.001, 9);
    expect(api.alerts[0]).toMatchObject({ severity: 'page', long: '1h', short: '5m', threshold: 14.4, firing: true });
    expect(api.alerts.slice(1).map((a) => a.firing)).toEqual([false, false, false]);
    // the 30d period holds the four days of history: 574 background errors + 2000
    expect(api.windows[0]).toMatchObject({ window: '30d', numerator: { value: 2574 }, total: { value: N * 2000 } });
    expect(api.budget!.remaining).toBeCloseTo(1 - 2574 / (N * 2000) / 0.001, 12);
    expect(api.reasons).toEqual(['page alert: burn rate 16.7 over 1h and 50 over 5m, both above 14.4', 'data covers only 13.3% of 30d (about 4d): the figures are for that part, not the whole period']);
    // at the 1h burn rate, what is left lasts remaining × 30d / burn
    const exhausts = T + (api.budget!.remaining * 30 * DAY) / api.burnRates['1h']!;
    expect(Math.abs(Date.parse(api.exhaustsAt!) - exhausts)).toBeLessThan(1000);
  });

  it('counts across a counter reset', () => {
    const worker = slo('worker-availability');
    const sixHours = worker.windows.find((w) => w.window === '6h')!;
    expect(sixHours.numerator.value).toBe(events(of('worker', is5xx), 6 * HOUR));
    expect(sixHours.total.value).toBe(6 * 60 * 100);
  });

  it('says no data for a service without traffic, and counts a missing error series as no errors', async () => {
    const batch = slo('batch-availability');
    expect(batch).toMatchObject({ sli: null, errorRatio: null, budget: null, exhaustsAt: null, error: null });
    expect(batch.reasons).toEqual(['no data: no traffic over 30d (total is 0)']);
    expect(Object.values(batch.burnRates).every((b) => b === null)).toBe(true);
    expect(await promRatio('sum(increase(http_requests_total{service="batch",code=~"5.."}[30d])) / sum(increase(http_requests_total{service="batch"}[30d]))')).toBeNaN();

    const search = slo('search-availability');
    expect(search.windows.every((w) => w.numerator.value === null && w.sli === 1)).toBe(true);
    expect(search.budget).toEqual({ total: 0.001, consumed: 0, remaining: 1 });
  });

  it('measures a calendar week from its start in the time zone', () => {
    const cart = slo('cart-availability-weekly');
    // Monday 00:00 in Paris (UTC+2) is Sunday 22:00 UTC: 2 days 12 hours before T
    expect(cart).toMatchObject({ period: '1w', periodKind: 'calendar', periodStart: '2024-05-12T22:00:00Z', periodEnd: '2024-05-19T22:00:00Z' });
    expect(cart.windows[0]).toMatchObject({ window: '1w', range: '2d12h', numerator: { value: 8 * 3600 }, total: { value: 1000 * 3600 } });
    expect(cart.budget!.consumed).toBeCloseTo(0.8, 12);
    expect(cart.alerts.filter((a) => a.firing).map((a) => `${a.severity} ${a.long}/${a.short}`)).toEqual(['ticket 1d/2h', 'ticket 3d/6h']);
  });

  it('matches a latency threshold of 1 to the le="1.0" bucket', () => {
    const latency = slo('payments-latency');
    expect(latency.windows[0].numerator.query).toBe('sum(increase(http_request_duration_seconds_bucket{service="payments",le="1.0"}[7d]))');
    expect(latency.sli).toBe(1198 / 1200);
  });

  it('counts 1-minute time slices with a subquery', () => {
    const auth = slo('auth-uptime');
    // slices at T - j minutes, j = 0..W (Prometheus 2.x ranges include both ends)
    const slices = (windowMs: number) => {
      let good = 0;
      let total = 0;
      for (let j = 0; j <= windowMs / MIN; j++) {
        const k = N - j;
        if (k < 1) continue;
        total++;
        if ((100 - authErrors(k)) / 100 >= 0.95) good++;
      }
      return { good, total };
    };
    for (const w of auth.windows) {
      const { good, total } = slices(parseRange(w.range));
      expect([w.window, w.numerator.value, w.total.value]).toEqual([w.window, good, total]);
    }
    expect(auth.burnRates['2h']).toBeCloseTo(1 / 121 / 0.01, 9);
  });

  it('asks each distinct query once, 25 to a request: SLOs × (windows × 2 + coverage) / 25, never per series', async () => {
    const r = await obs(['--debug', 'slo', 'check', '-f', specDir, '-o', 'json']);
    const requests = r.stderr.split('\n').filter((l) => l.startsWith('[debug] → ')).length;
    const report = JSON.parse(r.stdout) as { slos: SloJson[] };
    const distinct = new Set(report.slos.flatMap((s) => [...s.windows.flatMap((w) => [w.numerator.query, w.total.query]), s.coverage!.query]));
    // at most one batch more than the queries fill: the bucket boundaries of the latency SLO are asked first
    expect(distinct.size).toBeGreaterThan(25);
    expect(requests).toBeGreaterThanOrEqual(Math.ceil(distinct.size / 25));
    expect(requests).toBeLessThanOrEqual(Math.ceil(distinct.size / 25) + 1);
  });

  it('evaluates at a past instant with --at: before the burst the API was fine', async () => {
    const before = T - 2 * HOUR;
    const r = await check(['-f', spec('api.sloth.yaml'), '--at', new Date(before).toISOString()]);
    expect(r.code).toBe(0);
    const api = r.report!.slos[0];
    expect(r.report!.at).toBe('2024-05-15T08:00:00Z');
    // Fine, over the 3d22h of data there was then.
    expect(api.verdict).toBe('WARNING');
    expect(api.reasons).toEqual(['data covers only 13.1% of 30d (about 3d22h): the figures are for that part, not the whole period']);
    for (const w of api.windows) {
      const ms = parseRange(w.range);
      const fromProm = await promRatio(`${EXPECTED['api-availability'].num(w.range)} / ${EXPECTED['api-availability'].total(w.range)}`, before);
      expect(relativeDifference(w.errorRatio!, fromProm!)).toBeLessThan(1e-9);
      expect(w.errorRatio).toBe(events(of('api', is5xx), ms, before) / events(of('api'), ms, before));
    }
  });

  describe('exit codes', () => {
    it('0 when no SLO breaches (four days of a 7- or 30-day period only warns)', async () => {
      expect((await check(['-f', spec('checkout.openslo.yaml'), '-f', spec('search.openslo.yaml')])).code).toBe(0);
    });

    it('0 on WARNING, 1 with --strict', async () => {
      expect((await check(['-f', spec('cart.openslo.yaml')])).code).toBe(0);
      expect((await check(['-f', spec('cart.openslo.yaml'), '--strict'])).code).toBe(1);
    });

    it('1 when a gate fails; a warn: gate only warns', async () => {
      const failed = await check(['-f', spec('checkout.openslo.yaml'), '--gate', 'remaining<90%']);
      expect(failed.code).toBe(1);
      expect(failed.report!.slos[0].reasons[0]).toBe('gate remaining<90% failed: remaining is 83.333%');
      expect((await check(['-f', spec('checkout.openslo.yaml'), '--gate', 'warn:remaining<90%'])).code).toBe(0);
      expect((await check(['-f', spec('checkout.openslo.yaml'), '--gate', 'burn(1h)>2'])).code).toBe(0);
    });

    it('2 for a gate that does not parse', async () => {
      const r = await check(['-f', spec('checkout.openslo.yaml'), '--gate', 'remaining<<10%']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^obs: invalid gate "remaining<<10%"/);
    });

    it('3 when the only SLO has no data', async () => {
      const r = await check(['-f', spec('batch.sloth.yaml')]);
      expect(r.code).toBe(3);
      expect(r.report!.verdict).toBe('NO_DATA');
    });

    it('3 with one line on stderr when Prometheus is down', async () => {
      const stopped = await startPrometheus({});
      await stopped.stop();
      const r = await obs(['slo', 'check', '-f', spec('checkout.openslo.yaml'), '-o', 'json'], { env: { OBS_PROMETHEUS_URL: stopped.url } });
      expect(r.code).toBe(3);
      expect(r.stderr.trim().split('\n')).toEqual([`obs: prometheus (${stopped.url}/api/v1/query): connection refused — is it running? check the URL in the context (obs context show)`]);
      expect(JSON.parse(r.stdout).slos[0]).toMatchObject({ verdict: 'NO_DATA', error: { kind: 'unreachable' } });
    });

    it('2 with file:line when a latency threshold is not a bucket boundary, at the threshold\'s line', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'obs-slo-bad-'));
      writeFileSync(join(dir, 'latency.yaml'), latencySpec('payments-latency-300ms', 0.3).trimStart());
      const r = await check(['-f', dir]);
      expect(r.code).toBe(2);
      // Line 22 is "value: 0.3" of the objective.
      expect(r.stderr).toBe(
        `${join(dir, 'latency.yaml')}:22: payments-latency-300ms: http_request_duration_seconds_bucket{service="payments"}: ` +
          'latency threshold 0.3 is not a bucket boundary; the buckets are: 0.1, 0.25, 0.5, 1.0, +Inf\n',
      );
    });

    it('2 with file:line when Prometheus refuses a spec\'s query', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'obs-slo-refused-'));
      writeFileSync(join(dir, 'api.yaml'), SPECS['api.sloth.yaml'].trimStart().replace('error_query: http_requests_total{service="api",code=~"5.."}', 'error_query: sum(increase(rate(http_requests_total{service="api",code=~"5.."}[5m])[{{.window}}]))'));
      const r = await check(['-f', dir]);
      expect(r.code).toBe(2);
      expect(r.report!.slos[0]).toMatchObject({ verdict: 'NO_DATA', error: { kind: 'spec' } });
      expect(r.stderr).toMatch(new RegExp(`^${escapeRegex(join(dir, 'api.yaml'))}:4: api-availability: Prometheus refused sum\\(increase\\(rate\\(.*bad_data: .*\n$`));
    });

    it('2 with every spec problem as file:line', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'obs-slo-broken-'));
      writeFileSync(join(dir, 'a.yaml'), openSloBadTotal('a', 'a', '7d', 1));
      writeFileSync(join(dir, 'b.sloth.yaml'), 'version: "prometheus/v1"\nservice: b\nslos:\n  - name: x\n    objective: 99\n    sli:\n      raw:\n        error_ratio_query: x\n');
      const r = await obs(['slo', 'check', '-f', dir]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(new RegExp(`^${escapeRegex(join(dir, 'a.yaml'))}:\\d+: spec\\.objectives\\[0\\]\\.target: target must be below 1`));
      expect(lines[1]).toMatch(new RegExp(`^${escapeRegex(join(dir, 'b.sloth.yaml'))}:\\d+: .*raw`));
      expect(lines[2]).toBe('obs: 2 problems in the SLO specs');
    });

    it('2 when no specs can be found', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'obs-slo-none-'));
      const cwd = process.cwd();
      process.chdir(empty);
      try {
        const r = await obs(['slo', 'check']);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^obs: no SLO specs found\n {2}hint: pass -f FILE\|DIR, set the context's sloDir/);
      } finally {
        process.chdir(cwd);
      }
    });
  });

  it('finds the specs through the context\'s sloDir, relative to the config file', async () => {
    const configHome = mkdtempSync(join(tmpdir(), 'obs-home-'));
    mkdirSync(join(configHome, 'team-slos'));
    writeFileSync(join(configHome, 'team-slos', 'checkout.yaml'), SPECS['checkout.openslo.yaml']);
    writeFileSync(join(configHome, 'config.json'), JSON.stringify({ currentContext: 'prod', contexts: { prod: { prometheus: { url: prometheus.url }, sloDir: 'team-slos' } } }));
    const r = await runObs(['--config-dir', configHome, 'slo', 'list', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).slos.map((s: { name: string }) => s.name)).toEqual(['checkout-availability']);
    const checked = await runObs(['--config-dir', configHome, 'slo', 'check', '-o', 'json'], { now: T });
    expect(checked.code).toBe(0);
  });

  describe('outputs', () => {
    it('JSON has the documented fields', () => {
      const api = slo('api-availability');
      expect(Object.keys(api)).toEqual([
        'name', 'service', 'description', 'objective', 'period', 'periodKind', 'periodStart', 'periodEnd', 'budgetingMethod',
        'sli', 'errorRatio', 'budget', 'burnRates', 'coverage', 'alerts', 'gates', 'exhaustsAt', 'verdict', 'reasons', 'error', 'windows',
      ]);
      expect(api).toMatchObject({ service: 'api', objective: 0.999, period: '30d', periodKind: 'rolling', budgetingMethod: 'Occurrences', periodStart: '2024-04-15T10:00:00Z' });
      expect(Object.keys(api.burnRates)).toEqual(['30d', '5m', '30m', '1h', '2h', '6h', '1d', '3d']);
      expect(Object.keys(api.alerts[0])).toEqual(['severity', 'long', 'short', 'threshold', 'firing', 'longBurn', 'shortBurn']);
      expect(Object.keys(api.windows[0])).toEqual(['window', 'range', 'numerator', 'total', 'sli', 'errorRatio', 'burnRate', 'coverage']);
    });

    it('JUnit: a well-formed report with one testcase per SLO', async () => {
      const r = await obs(['slo', 'check', '-f', specDir, '-o', 'junit']);
      expect(r.code).toBe(1);
      const root = parseXml(r.stdout);
      expect(root.name).toBe('testsuites');
      expect(root.attrs).toMatchObject({ tests: '8', failures: '1', errors: '1' });
      const cases = root.children[0].children.filter((c) => c.name === 'testcase');
      expect(cases.map((c) => c.attrs.name).sort()).toEqual(full.report!.slos.map((s) => s.name).sort());
      const api = cases.find((c) => c.attrs.name === 'api-availability')!;
      expect(api.attrs.classname).toBe('api');
      expect(api.children[0]).toMatchObject({ name: 'failure', attrs: { type: 'BREACHED' } });
      expect(cases.find((c) => c.attrs.name === 'batch-availability')!.children[0]).toMatchObject({ name: 'error', attrs: { type: 'NO_DATA' } });
    });

    it('Markdown: a PR comment with one row per SLO', async () => {
      const r = await obs(['slo', 'check', '-f', specDir, '-o', 'markdown']);
      expect(r.stdout.split('\n')[0]).toBe('### ❌ BREACHED: SLO check');
      expect(r.stdout).toContain('| ❌ BREACHED | api-availability | api | 99.9% / 30d |');
      expect(r.stdout.match(/^\| (✅|⚠️|❌|❔) /gm)).toHaveLength(8);
    });

    it('YAML: the same document as JSON', async () => {
      const r = await obs(['slo', 'check', '-f', spec('checkout.openslo.yaml'), '-o', 'yaml']);
      const { parse } = await import('yaml');
      const json = await check(['-f', spec('checkout.openslo.yaml')]);
      expect(parse(r.stdout)).toEqual(json.report);
    });

    it('a table on a terminal, verdicts coloured unless NO_COLOR', async () => {
      const r = await obs(['slo', 'check', '-f', specDir], { tty: true });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('\u001b[31m\u001b[1mBREACHED\u001b[22m\u001b[39m');
      expect(r.stdout).toContain('api-availability: page alert: burn rate 16.7 over 1h and 50 over 5m, both above 14.4');
      const plain = await obs(['slo', 'check', '-f', specDir], { env: { NO_COLOR: '1' }, tty: true, columns: 140 });
      expect(plain.stdout).not.toContain('\u001b');
      expect(plain.stdout.split('\n')[0]).toMatch(/^ VERDICT +SLO +OBJECTIVE +SLI +BUDGET LEFT +BURN 1h +ALERT +EXHAUSTS +DATA$/);
      expect(plain.stdout).toMatch(/^ BREACHED +api-availability +99\.9% \/ 30d +99\.978% +77\.7% +16\.7 +page 1h\/5m +in 1d9h29m +13%$/m);
      expect(plain.stdout).toMatch(/^ WARNING +checkout-availability +99\.5% \/ 7d +99\.917% +83\.3% +0\.17 +— +— +57%$/m);
      expect(plain.stdout).toContain('checkout-availability: data covers only 57.');
      expect(plain.stdout.trim().split('\n').at(-1)).toBe('BREACHED at 2024-05-15T10:00:00Z (1 BREACHED, 1 NO_DATA, 6 WARNING)');
    });
  });

  describe('obs slo status', () => {
    it('shows the budget as a bar and its burn-down as a sparkline', async () => {
      const r = await obs(['slo', 'status', '-f', spec('api.sloth.yaml'), '-f', spec('cart.openslo.yaml')], { env: { NO_COLOR: '1', LANG: 'en_US.UTF-8' }, tty: true });
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toMatch(/^ VERDICT +SLO +SLI +BUDGET LEFT +BURN 1h +TREND +ALERT$/);
      expect(r.stdout).toMatch(/BREACHED +api-availability +99\.978% +██████░░ +77\.7% +16\.7 +[▁-█ ]+ +page 1h\/5m/);
      expect(r.stdout).toMatch(/WARNING +cart-availability-weekly +99\.2% +██░░░░░░ +20% +0\.8 +[▁-█ ]+ +ticket 1d\/2h/);
      const ascii = await obs(['slo', 'status', '-f', spec('api.sloth.yaml')], { env: { NO_COLOR: '1', LANG: 'C' }, tty: true });
      expect(ascii.stdout).toMatch(/######-- +77\.7%/);
      expect(ascii.stdout).not.toMatch(/[^\x20-\x7e\n]/);
    });

    it('JSON: the burn-down ends at the budget remaining', async () => {
      const r = await obs(['slo', 'status', '-f', spec('cart.openslo.yaml'), '-o', 'json']);
      const cart = JSON.parse(r.stdout).slos[0];
      expect(cart).toMatchObject({ name: 'cart-availability-weekly', verdict: 'WARNING', firingAlert: 'ticket 1d/2h' });
      expect(cart.budgetHistory.length).toBeGreaterThan(10);
      expect(cart.budgetHistory.at(-1).t).toBe('2024-05-15T10:00:00Z');
      expect(cart.budgetHistory.at(-1).remaining).toBeCloseTo(0.2, 9);
      // a steady burn: the line falls evenly from near 100%
      expect(cart.budgetHistory[0].remaining).toBeGreaterThan(0.9);
    });
  });

  it('explain shows each query, its value and the arithmetic', async () => {
    const r = await obs(['slo', 'explain', 'api-availability', '-f', specDir], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('window 1h\n  bad    sum(increase(http_requests_total{service="api",code=~"5.."}[1h]))\n         = 2004\n  total  sum(increase(http_requests_total{service="api"}[1h]))\n         = 120000\n  data coverage 100%\n  error ratio = 2004 / 120000 = 0.0167');
    expect(r.stdout).toContain('verdict: BREACHED');
    const unknown = await obs(['slo', 'explain', 'nope', '-f', specDir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^obs: no SLO named "nope"\n {2}hint: the specs define: api-availability, /);
  });

  it('list names each SLO and where it is defined, without asking Prometheus', async () => {
    const r = await obs(['slo', 'list', '-f', specDir, '-o', 'json'], { env: { OBS_PROMETHEUS_URL: 'http://127.0.0.1:1' } });
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout).slos as { name: string; file: string; line: number; indicator: { kind: string } }[];
    expect(list).toHaveLength(8);
    expect(list.find((s) => s.name === 'payments-latency')).toMatchObject({ file: spec('payments-latency.openslo.yaml'), line: 1, indicator: { kind: 'latency' } });
    // Where the threshold was read is for error messages, not part of the indicator.
    expect(list.find((s) => s.name === 'payments-latency')!.indicator).not.toHaveProperty('thresholdAt');
  });
});

function parseRange(range: string): number {
  let ms = 0;
  for (const [, n, unit] of range.matchAll(/(\d+)(d|h|m|s)/g)) ms += Number(n) * { d: DAY, h: HOUR, m: MIN, s: 1000 }[unit as 'd' | 'h' | 'm' | 's'];
  return ms;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
}

/** A strict little XML reader: the declaration, elements, quoted attributes, known entities; throws on anything malformed. */
function parseXml(text: string): XmlElement {
  const body = text.replace(/^<\?xml [^?]*\?>\s*/, '');
  const stack: XmlElement[] = [{ name: '#document', attrs: {}, children: [] }];
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = token.exec(body))) {
    at = token.lastIndex;
    const [, closing, name, attrText, selfClosing, textPart] = m;
    if (textPart !== undefined) {
      const bad = textPart.replace(/&(amp|lt|gt|quot|apos);/g, '');
      if (/[&<>]/.test(bad)) throw new Error(`bad character data near: ${textPart.slice(0, 40)}`);
      continue;
    }
    if (closing) {
      const open = stack.pop()!;
      if (open.name !== name) throw new Error(`</${name}> closes <${open.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const [, k, v] of attrText.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(v)) throw new Error(`bad entity in ${k}="${v}"`);
      attrs[k] = v;
    }
    const element = { name, attrs, children: [] };
    stack.at(-1)!.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (at !== body.length) throw new Error(`unparsable XML at ${at}: ${body.slice(at, at + 40)}`);
  if (stack.length !== 1 || stack[0].children.length !== 1) throw new Error('unbalanced XML');
  return stack[0].children[0];
}
