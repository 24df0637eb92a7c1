import { describe, expect, it } from 'vitest';
import { parseDuration } from '../time/time.js';
import { evaluateSlos, type QueryFn } from './evaluate.js';
import { parseGate } from './gates.js';
import { parseSloSources } from './load.js';
import type { SloDefinition } from './types.js';
import { exitCode } from './verdict.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const AT = Date.parse('2024-05-15T10:00:00Z');

class FakeBackendError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An in-memory Prometheus: `answer` gets each PromQL and the window it covers, and returns the
 * single value (null: no series; an Error: the backend fails). Every call is recorded.
 */
function fakePrometheus(answer: (promql: string, windowMs: number) => number | null | Error) {
  const calls: { promql: string; at: number }[] = [];
  const query: QueryFn = async (promql, at) => {
    calls.push({ promql, at });
    const range = /\[([0-9a-z]+)\]/.exec(promql)?.[1];
    const value = answer(promql, range ? parseDuration(range) : 0);
    if (value instanceof Error) throw value;
    return { series: value === null ? [] : [{ labels: {}, value }] };
  };
  return { query, calls };
}

/** Steady traffic of `perHour` requests, with `errorRatio(windowMs)` of them failing. */
function traffic(perHour: number, errorRatio: (windowMs: number) => number) {
  return (promql: string, windowMs: number) => {
    const total = (perHour * windowMs) / HOUR;
    return /code=~"5\.\."/.test(promql) ? total * errorRatio(windowMs) : total;
  };
}

function specs(...rows: string[]): SloDefinition[] {
  const { slos, problems } = parseSloSources([{ file: 'slos.yaml', text: rows.join('\n') }]);
  expect(problems).toEqual([]);
  return slos;
}

const sloth = (service: string, objective: number) => [
  'version: prometheus/v1',
  `service: ${service}`,
  'slos:',
  '  - name: availability',
  `    objective: ${objective}`,
  '    sli:',
  '      events:',
  `        error_query: http_requests_total{service="${service}",code=~"5.."}`,
  `        total_query: http_requests_total{service="${service}"}`,
];

const CHECKOUT = specs(...sloth('checkout', 99.5));
const TWO = specs(...sloth('checkout', 99.5), '---', ...sloth('payments', 99.9));
const WINDOWS = ['30d', '5m', '30m', '1h', '2h', '6h', '1d', '3d'];

describe('query plan', () => {
  it('sends SLOs × windows × 2 queries, all at the evaluation instant, each the expected PromQL', async () => {
    const prom = fakePrometheus(traffic(1000, () => 0.001));
    await evaluateSlos(TWO, prom.query, { at: AT });
    expect(prom.calls).toHaveLength(2 * (WINDOWS.length * 2 + 1));
    expect(prom.calls.every((c) => c.at === AT)).toBe(true);
    const expected = ['checkout', 'payments'].flatMap((service) =>
      WINDOWS.flatMap((w) => [
        `sum(increase(http_requests_total{service="${service}",code=~"5.."}[${w}]))`,
        `sum(increase(http_requests_total{service="${service}"}[${w}]))`,
      ]).concat(`count_over_time((sum(increase(http_requests_total{service="${service}"}[1h])))[30d:1h])`),
    );
    expect(prom.calls.map((c) => c.promql).sort()).toEqual(expected.sort());
  });

  it('issues every query before any answer arrives', async () => {
    let started = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const query: QueryFn = async () => {
      started++;
      await gate;
      return { series: [{ labels: {}, value: 1 }] };
    };
    const done = evaluateSlos(TWO, query, { at: AT });
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(34);
    release();
    await done;
  });

  it('sends a query shared by two SLOs once', async () => {
    const prom = fakePrometheus(traffic(1000, () => 0));
    const strictAndLoose = specs(...sloth('checkout', 99.5), '---', ...sloth('checkout', 99.9).map((l) => l.replace('name: availability', 'name: availability-strict')));
    const report = await evaluateSlos(strictAndLoose, prom.query, { at: AT });
    expect(report.results).toHaveLength(2);
    expect(prom.calls).toHaveLength(WINDOWS.length * 2 + 1);
  });
});

describe('closed-form results', () => {
  it('steady 0.2% errors against 99.5%: burn 0.4 everywhere, 40% of the budget spent, OK', async () => {
    const prom = fakePrometheus(traffic(10_000, () => 0.002));
    const { results, verdict } = await evaluateSlos(CHECKOUT, prom.query, { at: AT });
    const r = results[0];
    expect(verdict).toBe('OK');
    expect(r.sli).toBeCloseTo(0.998, 12);
    expect(r.budget!.total).toBeCloseTo(0.005, 15);
    expect(r.budget!.consumed).toBeCloseTo(0.4, 12);
    expect(r.budget!.remaining).toBeCloseTo(0.6, 12);
    expect(Object.keys(r.burnRates)).toEqual(WINDOWS);
    for (const burn of Object.values(r.burnRates)) expect(burn).toBeCloseTo(0.4, 12);
    expect(r.alerts.map((a) => a.firing)).toEqual([false, false, false, false]);
    // 60% left at 0.4× burn: 0.6 × 30d / 0.4 = 45 days
    expect(r.exhaustsAt! - AT).toBeCloseTo(45 * DAY, 0);
    const w1h = r.windows.find((w) => w.label === '1h')!;
    expect(w1h.numerator).toEqual({ kind: 'bad', query: 'sum(increase(http_requests_total{service="checkout",code=~"5.."}[1h]))', value: 20 });
    expect(w1h.total).toEqual({ query: 'sum(increase(http_requests_total{service="checkout"}[1h]))', value: 10_000 });
  });

  it('an error burst in the last hour pages: BREACHED', async () => {
    // 10% of the last hour's requests fail; nothing before.
    const prom = fakePrometheus((promql, windowMs) => {
      const total = (10_000 * windowMs) / HOUR;
      return /code=~"5\.\."/.test(promql) ? 0.1 * 10_000 * (Math.min(windowMs, HOUR) / HOUR) : total;
    });
    const r = (await evaluateSlos(CHECKOUT, prom.query, { at: AT })).results[0];
    expect(r.burnRates['5m']).toBeCloseTo(20, 10);
    expect(r.burnRates['1h']).toBeCloseTo(20, 10);
    expect(r.burnRates['6h']).toBeCloseTo(20 / 6, 10);
    expect(r.alerts.filter((a) => a.firing).map((a) => `${a.severity} ${a.longMs / HOUR}h`)).toEqual(['page 1h']);
    expect(r.budget!.consumed).toBeCloseTo(1000 / (10_000 * 720) / 0.005, 12);
    expect(r.verdict).toBe('BREACHED');
    expect(r.reasons).toEqual(['page alert: burn rate 20 over 1h and 20 over 5m, both above 14.4']);
  });

  it('a slow steady burn opens a ticket: WARNING', async () => {
    const prom = fakePrometheus(traffic(10_000, () => 0.005 * 4)); // burn 4
    const r = (await evaluateSlos(CHECKOUT, prom.query, { at: AT })).results[0];
    expect(r.alerts.map((a) => a.firing)).toEqual([false, false, true, true]);
    // 4× for 30 days spends the budget 4 times over
    expect(r.budget!.remaining).toBeCloseTo(-3, 10);
    expect(r.verdict).toBe('BREACHED');
    expect(r.reasons).toEqual([
      'error budget exhausted: 400% spent over 30d',
      'ticket alert: burn rate 4 over 1d and 4 over 2h, both above 3',
      'ticket alert: burn rate 4 over 3d and 4 over 6h, both above 1',
    ]);
    expect(r.exhaustsAt).toBe(AT);
  });

  it('a ticket without an exhausted budget is a WARNING', async () => {
    // burn 4 over the last 3 days only: 3d/30d × 4 = 40% of the budget spent.
    const prom = fakePrometheus((promql, windowMs) => {
      const total = (10_000 * windowMs) / HOUR;
      return /code=~"5\.\."/.test(promql) ? (10_000 * 0.02 * Math.min(windowMs, 3 * DAY)) / HOUR : total;
    });
    const r = (await evaluateSlos(CHECKOUT, prom.query, { at: AT })).results[0];
    expect(r.budget!.consumed).toBeCloseTo(0.4, 10);
    expect(r.verdict).toBe('WARNING');
  });

  it('scales the alert thresholds to a 7-day period', async () => {
    const weekly = specs(
      'apiVersion: openslo/v1',
      'kind: SLO',
      'metadata: {name: checkout-weekly}',
      'spec:',
      '  service: checkout',
      '  indicator:',
      '    spec:',
      '      ratioMetric:',
      '        bad: {metricSource: {spec: {query: \'http_requests_total{service="checkout",code=~"5.."}\'}}}',
      '        total: {metricSource: {spec: {query: \'http_requests_total{service="checkout"}\'}}}',
      '  timeWindow: [{duration: 7d, isRolling: true}]',
      '  objectives: [{target: 0.995}]',
    );
    // burn 3.5: above the 7-day page threshold 3.36, below 30 days' 14.4
    const prom = fakePrometheus(traffic(10_000, () => 0.005 * 3.5));
    const r = (await evaluateSlos(weekly, prom.query, { at: AT })).results[0];
    expect(r.alerts[0].threshold).toBeCloseTo(3.36, 12);
    expect(r.alerts[0].firing).toBe(true);
    expect(Object.keys(r.burnRates)).toEqual(['7d', '5m', '30m', '1h', '2h', '6h', '1d', '3d']);
  });
});

describe('no data', () => {
  it('no traffic is NO_DATA, never 0% or 100%', async () => {
    const prom = fakePrometheus(() => 0);
    const r = (await evaluateSlos(CHECKOUT, prom.query, { at: AT })).results[0];
    expect(r.sli).toBeNull();
    expect(r.budget).toBeNull();
    expect(r.verdict).toBe('NO_DATA');
    expect(r.reasons).toEqual(['no data: no traffic over 30d (total is 0)']);
  });

  it('a missing total series is NO_DATA', async () => {
    const prom = fakePrometheus((promql) => (/code=/.test(promql) ? 3 : null));
    const r = (await evaluateSlos(CHECKOUT, prom.query, { at: AT })).results[0];
    expect(r.verdict).toBe('NO_DATA');
    expect(r.reasons).toEqual(['no data: the total query returned no series over 30d']);
  });

  it('a missing error series counts as zero errors', async () => {
    const prom = fakePrometheus((promql, windowMs) => (/code=/.test(promql) ? null : windowMs / 1000));
    const r = (await evaluateSlos(CHECKOUT, prom.query, { at: AT })).results[0];
    expect(r.sli).toBe(1);
    expect(r.budget!.remaining).toBe(1);
    expect(r.verdict).toBe('OK');
    expect(r.windows[0].numerator.value).toBeNull();
  });

  it('a quiet short window has no burn rate and fires no alert', async () => {
    const prom = fakePrometheus((promql, windowMs) => (windowMs <= 5 * 60_000 ? 0 : /code=/.test(promql) ? windowMs / 1000 : windowMs / 10));
    const r = (await evaluateSlos(CHECKOUT, prom.query, { at: AT })).results[0];
    expect(r.burnRates['5m']).toBeNull();
    expect(r.alerts[0]).toMatchObject({ shortBurn: null, firing: false });
  });
});

describe('failures', () => {
  it('a backend error marks only its own SLO NO_DATA, with the message', async () => {
    const steady = traffic(1000, () => 0.001);
    const prom = fakePrometheus((promql, windowMs) =>
      promql.includes('payments') ? new FakeBackendError('timeout', 'prometheus: query timed out after 30s') : steady(promql, windowMs),
    );
    const report = await evaluateSlos(TWO, prom.query, { at: AT });
    expect(report.results.map((r) => [r.slo.name, r.verdict])).toEqual([
      ['checkout-availability', 'OK'],
      ['payments-availability', 'NO_DATA'],
    ]);
    expect(report.results[1].error).toEqual({ kind: 'timeout', message: 'prometheus: query timed out after 30s' });
    expect(report.results[1].reasons).toEqual(['prometheus: query timed out after 30s']);
    expect(report.verdict).toBe('NO_DATA');
    expect(exitCode(report.results)).toBe(3);
  });

  it('an error that is not a backend failure is not swallowed', async () => {
    const query: QueryFn = async () => {
      throw new TypeError('bug');
    };
    await expect(evaluateSlos(CHECKOUT, query, { at: AT })).rejects.toThrow('bug');
  });
});

describe('latency SLOs', () => {
  const latency = (value: string) =>
    specs(
      'apiVersion: openslo/v1',
      'kind: SLO',
      'metadata: {name: payments-latency}',
      'spec:',
      '  service: payments',
      '  indicator:',
      '    spec:',
      '      thresholdMetric:',
      '        metricSource: {spec: {query: \'http_request_duration_seconds_bucket{service="payments"}\'}}',
      '  timeWindow: [{duration: 30d, isRolling: true}]',
      `  objectives: [{op: lte, value: ${value}, target: 0.99}]`,
    );
  const histogram = () =>
    fakePrometheus((promql, windowMs) => {
      if (promql.startsWith('count by (le)')) return null;
      const n = windowMs / 1000;
      return promql.includes('le="+Inf"') ? n : n * 0.995;
    });

  it('looks up the bucket boundaries, matches 1 to "1.0", and divides the bucket by +Inf', async () => {
    const boundaries = ['0.1', '0.5', '1.0', '+Inf'];
    const prom = histogram();
    const seen: string[] = [];
    const report = await evaluateSlos(latency('1'), prom.query, {
      at: AT,
      bucketBoundaries: async (selector) => {
        seen.push(selector);
        return boundaries;
      },
    });
    const r = report.results[0];
    expect(seen).toEqual(['http_request_duration_seconds_bucket{service="payments"}']);
    expect(prom.calls).toHaveLength(WINDOWS.length * 2 + 1);
    expect(r.windows[0].numerator.query).toBe('sum(increase(http_request_duration_seconds_bucket{service="payments",le="1.0"}[30d]))');
    expect(r.windows[0].total.query).toBe('sum(increase(http_request_duration_seconds_bucket{service="payments",le="+Inf"}[30d]))');
    expect(r.sli).toBeCloseTo(0.995, 12);
    expect(r.verdict).toBe('OK');
  });

  it('by default asks the backend for the le values of the selector', async () => {
    const query: QueryFn = async (promql) => {
      if (promql === 'count by (le) (http_request_duration_seconds_bucket{service="payments"})') {
        return { series: ['0.25', '0.5', '+Inf'].map((le) => ({ labels: { le }, value: 3 })) };
      }
      return { series: [{ labels: {}, value: promql.includes('+Inf') ? 100 : 99.5 }] };
    };
    const r = (await evaluateSlos(latency('0.5'), query, { at: AT })).results[0];
    expect(r.windows[0].numerator.query).toContain('le="0.5"');
    expect(r.sli).toBeCloseTo(0.995, 12);
  });

  it('a threshold that is not a bucket boundary is a spec error (exit 2)', async () => {
    const report = await evaluateSlos(latency('0.3'), histogram().query, { at: AT, bucketBoundaries: async () => ['0.1', '0.5', '+Inf'] });
    expect(report.results[0].error).toEqual({
      kind: 'spec',
      message: 'http_request_duration_seconds_bucket{service="payments"}: latency threshold 0.3 is not a bucket boundary; the buckets are: 0.1, 0.5, +Inf',
      field: 'threshold',
    });
    expect(report.results[0].verdict).toBe('NO_DATA');
    expect(exitCode(report.results)).toBe(2);
  });

  it('a histogram with no series is NO_DATA', async () => {
    const report = await evaluateSlos(latency('0.5'), histogram().query, { at: AT, bucketBoundaries: async () => [] });
    expect(report.results[0]).toMatchObject({ verdict: 'NO_DATA', error: { kind: 'no_data' } });
  });
});

describe('calendar periods, gates and past instants', () => {
  it('measures a calendar month from its start, at the --at instant', async () => {
    const monthly = specs(
      'apiVersion: openslo/v1',
      'kind: SLO',
      'metadata: {name: checkout-monthly}',
      'spec:',
      '  service: checkout',
      '  indicator:',
      '    spec:',
      '      ratioMetric:',
      '        bad: {metricSource: {spec: {query: \'http_requests_total{service="checkout",code=~"5.."}\'}}}',
      '        total: {metricSource: {spec: {query: \'http_requests_total{service="checkout"}\'}}}',
      '  timeWindow: [{duration: 1M, isRolling: false, calendar: {startTime: "2024-01-01 00:00:00", timeZone: UTC}}]',
      '  objectives: [{target: 0.995}]',
    );
    const past = Date.parse('2024-02-10T06:30:00Z');
    const prom = fakePrometheus(traffic(1000, () => 0.001));
    const r = (await evaluateSlos(monthly, prom.query, { at: past })).results[0];
    expect(prom.calls.every((c) => c.at === past)).toBe(true);
    expect(r.windows[0]).toMatchObject({ label: '1M', range: '9d6h30m' });
    expect(r.windows[0].total.query).toBe('sum(increase(http_requests_total{service="checkout"}[9d6h30m]))');
    expect(r).toMatchObject({ periodStart: Date.parse('2024-02-01T00:00:00Z'), periodEnd: Date.parse('2024-03-01T00:00:00Z') });
    expect(r.budget!.consumed).toBeCloseTo(0.2, 12);
    // 80% left at burn 0.2 would last 120 days: after the month ends, so no exhaustion this period
    expect(r.exhaustsAt).toBeNull();
  });

  it('queries the windows gates need and applies the gates', async () => {
    const prom = fakePrometheus(traffic(10_000, () => 0.005 * 2.5)); // burn 2.5 everywhere
    const gates = [parseGate('burn(15m)>2'), parseGate('warn:sli(1d)<99%'), parseGate('remaining<10%')];
    const report = await evaluateSlos(CHECKOUT, prom.query, { at: AT, gates });
    const r = report.results[0];
    expect(prom.calls.map((c) => c.promql)).toContain('sum(increase(http_requests_total{service="checkout"}[15m]))');
    expect(prom.calls).toHaveLength((WINDOWS.length + 1) * 2 + 1);
    expect(r.gates.map((g) => [g.gate.text, g.firing])).toEqual([
      ['burn(15m)>2', true],
      ['warn:sli(1d)<99%', true],
      ['remaining<10%', true],
    ]);
    expect(r.gates[0].value).toBeCloseTo(2.5, 12);
    expect(r.gates[1].value).toBeCloseTo(0.9875, 12);
    expect(r.gates[2].value).toBeCloseTo(-1.5, 12);
    expect(r.verdict).toBe('BREACHED');
    expect(r.reasons).toContain('gate burn(15m)>2 failed: burn(15m) is 2.5');
    expect(r.reasons).toContain('gate warn:sli(1d)<99% warns: sli(1d) is 98.75%');
  });

  it('Timeslices SLOs divide slice counts', async () => {
    const slices = specs(
      'apiVersion: openslo/v1',
      'kind: SLO',
      'metadata: {name: auth-uptime}',
      'spec:',
      '  service: auth',
      '  indicator:',
      '    spec:',
      '      ratioMetric:',
      '        good: {metricSource: {spec: {query: \'http_requests_total{service="auth",code!~"5.."}\'}}}',
      '        total: {metricSource: {spec: {query: \'http_requests_total{service="auth"}\'}}}',
      '  timeWindow: [{duration: 28d, isRolling: true}]',
      '  budgetingMethod: Timeslices',
      '  objectives: [{target: 0.999, timeSliceTarget: 0.95, timeSliceWindow: 1m}]',
    );
    // 28 days of 1-minute slices, 20 of them bad
    const prom = fakePrometheus((promql) => {
      const slicesInWindow = parseDuration(/\[([0-9a-z]+):1m\]/.exec(promql)![1]) / 60_000;
      return promql.includes('>= 0.95') ? slicesInWindow - 20 : slicesInWindow;
    });
    const r = (await evaluateSlos(slices, prom.query, { at: AT })).results[0];
    expect(r.sli).toBeCloseTo(1 - 20 / 40_320, 12);
    expect(r.budget!.consumed).toBeCloseTo(20 / 40_320 / 0.001, 10);
  });

});

describe('data coverage', () => {
  const COVERAGE = /^count_over_time\(/;

  it('a 30-day SLO over 30 minutes of data says how little it saw, per window', async () => {
    // Every request of the last 30 minutes failed; there is no data before.
    const prom = fakePrometheus((promql, windowMs) => (COVERAGE.test(promql) ? 1 : (1000 * Math.min(windowMs, 30 * 60_000)) / HOUR));
    const r = (await evaluateSlos(CHECKOUT, prom.query, { at: AT })).results[0];
    expect(r.verdict).toBe('BREACHED');
    expect(r.coverage).toMatchObject({ query: 'count_over_time((sum(increase(http_requests_total{service="checkout"}[1h])))[30d:1h])', stepMs: HOUR, coveredMs: HOUR });
    expect(r.coverage!.ratio).toBeCloseTo(1 / 720, 12);
    expect(r.reasons).toContain('data covers only 0.1% of 30d (about 1h): the figures are for that part, not the whole period');
    expect(Object.fromEntries(r.windows.map((w) => [w.label, w.coverage]))).toMatchObject({ '1h': 1, '2h': 0.5, '1d': 1 / 24 });
  });

  it('data for less than one coverage step is said to be that, never "0% (about 1ms)"', async () => {
    const prom = fakePrometheus((promql, windowMs) => (COVERAGE.test(promql) ? 0 : (1000 * Math.min(windowMs, 10 * 60_000)) / HOUR));
    const r = (await evaluateSlos(CHECKOUT, prom.query, { at: AT })).results[0];
    expect(r.coverage).toMatchObject({ stepMs: HOUR, coveredMs: 0 });
    expect(r.reasons).toContain('data covers less than 1h of 30d: the figures are for that part, not the whole period');
  });

  it('a 7-day Timeslices SLO over 7 slices warns instead of saying OK, and --strict fails it', async () => {
    const weekly = specs(
      'apiVersion: openslo/v1',
      'kind: SLO',
      'metadata: {name: auth-uptime}',
      'spec:',
      '  service: auth',
      '  indicator:',
      '    spec:',
      '      ratioMetric:',
      '        good: {metricSource: {spec: {query: \'http_requests_total{service="auth",code!~"5.."}\'}}}',
      '        total: {metricSource: {spec: {query: \'http_requests_total{service="auth"}\'}}}',
      '  timeWindow: [{duration: 7d, isRolling: true}]',
      '  budgetingMethod: Timeslices',
      '  objectives: [{target: 0.999, timeSliceTarget: 0.95, timeSliceWindow: 1m}]',
    );
    const prom = fakePrometheus(() => 7);
    const r = (await evaluateSlos(weekly, prom.query, { at: AT })).results[0];
    expect(r.sli).toBe(1);
    expect(r.coverage).toMatchObject({ stepMs: 60_000, coveredMs: 7 * 60_000 });
    expect(r.verdict).toBe('WARNING');
    expect(r.reasons[0]).toMatch(/^data covers only 0\.1% of 7d \(about 7m\)/);
    expect(exitCode([r])).toBe(0);
    expect(exitCode([r], { strict: true })).toBe(1);
  });

  it('full coverage adds nothing, and a failed coverage query leaves coverage unknown, not the SLO failed', async () => {
    const full = await evaluateSlos(CHECKOUT, fakePrometheus(traffic(1000, () => 0)).query, { at: AT });
    expect(full.results[0]).toMatchObject({ verdict: 'OK', reasons: [], coverage: { ratio: 1 } });
    const failing = fakePrometheus((promql, windowMs) => (COVERAGE.test(promql) ? new FakeBackendError('timeout', 'slow') : traffic(1000, () => 0)(promql, windowMs)));
    const r = (await evaluateSlos(CHECKOUT, failing.query, { at: AT })).results[0];
    expect(r).toMatchObject({ verdict: 'OK', coverage: { coveredMs: null, ratio: null } });
    expect(r.windows[0].coverage).toBeNull();
  });
});
