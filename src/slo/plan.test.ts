import { describe, expect, it } from 'vitest';
import { latencyTemplates, leValue, matchBucket, planWindows, windowQueries } from './plan.js';
import type { SloDefinition } from './types.js';

const DAY = 86_400_000;
const AT = Date.parse('2024-05-15T10:00:00Z');

const slo = (period: SloDefinition['period']): SloDefinition => ({
  name: 'api',
  service: 'api',
  description: '',
  objective: 0.999,
  period,
  budgeting: { method: 'Occurrences' },
  indicator: { kind: 'ratio', numerator: 'bad', numeratorQuery: 'sum(increase(errors_total[{{.window}}]))', totalQuery: 'sum(increase(requests_total[{{.window}}]))' },
  format: 'openslo',
  source: { file: 'x.yaml', line: 1, column: 1 },
});

describe('windows', () => {
  it('a rolling period, every alert window and the current-burn window, each once', () => {
    const plan = planWindows(slo({ kind: 'rolling', label: '30d', ms: 30 * DAY }), AT);
    expect(plan.windows.map((w) => [w.label, w.range, w.isPeriod])).toEqual([
      ['30d', '30d', true],
      ['5m', '5m', false],
      ['30m', '30m', false],
      ['1h', '1h', false],
      ['2h', '2h', false],
      ['6h', '6h', false],
      ['1d', '1d', false],
      ['3d', '3d', false],
    ]);
    expect(plan).toMatchObject({ periodStart: AT - 30 * DAY, periodEnd: AT });
  });

  it('adds gate windows, and does not repeat the period', () => {
    const plan = planWindows(slo({ kind: 'rolling', label: '4w', ms: 28 * DAY }), AT, [15 * 60_000, 28 * DAY, 3_600_000]);
    expect(plan.windows.map((w) => w.label)).toEqual(['4w', '5m', '15m', '30m', '1h', '2h', '6h', '1d', '3d']);
    expect(plan.windows[0].range).toBe('28d');
  });

  it('a calendar period is measured from its start to the evaluation instant', () => {
    const plan = planWindows(
      slo({ kind: 'calendar', label: '1M', ms: 30 * DAY, unit: 'M', count: 1, startTime: '2024-01-01 00:00:00', timeZone: 'UTC' }),
      AT,
    );
    expect(plan.windows[0]).toEqual({ label: '1M', range: '14d10h', ms: 14 * DAY + 10 * 3_600_000, isPeriod: true });
    expect(plan).toMatchObject({ periodStart: Date.parse('2024-05-01T00:00:00Z'), periodEnd: Date.parse('2024-06-01T00:00:00Z') });
  });
});

describe('queries per window', () => {
  const ratio = { numerator: 'bad' as const, numeratorQuery: 'sum(increase(errors_total[{{.window}}]))', totalQuery: 'sum(increase(requests_total[{{.window}}]))' };

  it('Occurrences: the templates at the window', () => {
    expect(windowQueries(ratio, { method: 'Occurrences' }, '1h')).toEqual({
      numerator: 'sum(increase(errors_total[1h]))',
      total: 'sum(increase(requests_total[1h]))',
    });
  });

  it('Timeslices: counts of good (or bad) slices and of slices with traffic', () => {
    const slices = { method: 'Timeslices' as const, sliceTarget: 0.99, sliceMs: 60_000 };
    expect(windowQueries(ratio, slices, '1d')).toEqual({
      numerator: 'count_over_time((((sum(increase(errors_total[1m]))) or vector(0)) / (sum(increase(requests_total[1m]))) > 0.01)[1d:1m])',
      total: 'count_over_time((sum(increase(requests_total[1m])) > 0)[1d:1m])',
    });
    expect(windowQueries({ ...ratio, numerator: 'good' }, slices, '1d').numerator).toBe(
      'count_over_time(((sum(increase(errors_total[1m]))) / (sum(increase(requests_total[1m]))) >= 0.99)[1d:1m])',
    );
  });

  it('latency: the threshold bucket over the +Inf bucket', () => {
    const t = latencyTemplates('http_request_duration_seconds_bucket{service="payments"}', '0.5', '+Inf');
    expect(windowQueries(t, { method: 'Occurrences' }, '5m')).toEqual({
      numerator: 'sum(increase(http_request_duration_seconds_bucket{service="payments",le="0.5"}[5m]))',
      total: 'sum(increase(http_request_duration_seconds_bucket{service="payments",le="+Inf"}[5m]))',
    });
  });
});

describe('bucket boundaries', () => {
  it('reads le values numerically', () => {
    expect(leValue('1')).toBe(1);
    expect(leValue('1.0')).toBe(1);
    expect(leValue('+Inf')).toBe(Infinity);
    expect(leValue('1e-3')).toBe(0.001);
    expect(leValue('')).toBeNaN();
  });

  it('matches the threshold to the spelling the backend uses', () => {
    expect(matchBucket(['0.1', '0.5', '1.0', '+Inf'], 1)).toEqual({ ok: true, thresholdLe: '1.0', infinityLe: '+Inf' });
    expect(matchBucket(['0.1', '0.50', '+Inf'], 0.5)).toEqual({ ok: true, thresholdLe: '0.50', infinityLe: '+Inf' });
    expect(matchBucket(['1', '+Inf'], Infinity)).toEqual({ ok: true, thresholdLe: '+Inf', infinityLe: '+Inf' });
  });

  it('a threshold that is not a boundary is an error listing the boundaries', () => {
    expect(matchBucket(['1.0', '0.1', '+Inf', '0.5'], 0.3)).toEqual({
      ok: false,
      reason: 'not_a_boundary',
      message: 'latency threshold 0.3 is not a bucket boundary; the buckets are: 0.1, 0.5, 1.0, +Inf',
    });
    expect(matchBucket([], 0.3)).toMatchObject({ ok: false, reason: 'no_buckets' });
    expect(matchBucket(['0.1', '0.3'], 0.3)).toMatchObject({ ok: false, reason: 'no_buckets', message: 'the histogram has no +Inf bucket to count all requests' });
  });
});
