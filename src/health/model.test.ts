import { describe, expect, it } from 'vitest';
import { assembleHealth, sortWorstFirst } from './model.js';
import { healthQueries } from './queries.js';

const v = (service: string, value: number) => ({ labels: { service }, time: 0, value });

describe('health queries', () => {
  it('aggregates every query by service, with configurable names', () => {
    const q = healthQueries({ requests: 'requests_total', serviceLabel: 'app', codeLabel: 'status', errorCodes: '5..|429' });
    expect(q.rps).toBe('sum by (app) (rate(requests_total[5m]))');
    expect(q.errors).toBe('sum by (app) (rate(requests_total{status=~"5..|429"}[5m]))');
    expect(q.p99).toBe('histogram_quantile(0.99, sum by (app, le) (rate(http_request_duration_seconds_bucket[5m])))');
  });
});

describe('assembleHealth', () => {
  it('joins per-metric vectors into one row per service', () => {
    const rows = assembleHealth(
      { rps: [v('checkout', 10), v('cart', 4)], errors: [v('checkout', 1)], p99: [v('checkout', 0.8), v('cart', NaN)], up: [v('checkout', 1), v('cart', 0)] },
      { rps: [{ labels: { service: 'checkout' }, points: [{ time: 0, value: 9 }, { time: 1, value: 10 }] }] },
    );
    const checkout = rows.find((r) => r.service === 'checkout')!;
    expect(checkout.errorRatio).toBeCloseTo(0.1);
    expect(checkout.trend.rps).toEqual([9, 10]);
    const cart = rows.find((r) => r.service === 'cart')!;
    expect(cart.errorRatio).toBe(0);
    expect(cart.p99).toBeUndefined();
    expect(cart.up).toBe(false);
  });

  it('marks a quantile that fell past the top bucket as a lower bound, not a value', () => {
    const rows = assembleHealth({ p50: [v('checkout', 0.12), v('payments', 2.5)], p99: [v('checkout', 0.9), v('payments', 2.5)], ceiling: [v('checkout', 2.5), v('payments', 2.5)] }, {});
    expect(rows.find((r) => r.service === 'checkout')!.atLeast).toBeUndefined();
    expect(rows.find((r) => r.service === 'payments')!.atLeast).toEqual({ p50: true, p99: true });
  });

  it('leaves the error ratio unknown when there is no traffic', () => {
    const [idle] = assembleHealth({ rps: [v('idle', 0)] }, {});
    expect(idle.errorRatio).toBeUndefined();
  });

  it('sorts the worst first: down, then alerts and errors', () => {
    const rows = assembleHealth({ rps: [v('a', 1), v('b', 1), v('c', 1)], errors: [v('b', 0.5)], up: [v('a', 1), v('b', 1), v('c', 0)] }, {});
    expect(sortWorstFirst(rows).map((r) => r.service)).toEqual(['c', 'b', 'a']);
    expect(sortWorstFirst(rows, { firingAlerts: { a: 10 } }).map((r) => r.service)).toEqual(['c', 'a', 'b']);
  });
});
