import { describe, expect, it } from 'vitest';
import { assembleHealth, sortWorstFirst, type ConventionResults } from './model.js';

const v = (labels: Record<string, string>, value: number) => ({ labels, time: 0, value });
const classic = (metrics: ConventionResults['metrics'], trends: ConventionResults['trends'] = {}): ConventionResults =>
  ({ convention: 'classic', serviceLabel: 'service', hasErrors: true, metrics, trends });

describe('assembleHealth', () => {
  it('joins per-metric vectors into one row per service', () => {
    const s = (service: string, value: number) => v({ service }, value);
    const rows = assembleHealth([classic(
      { rps: [s('checkout', 10), s('cart', 4)], errors: [s('checkout', 1)], p99: [s('checkout', 0.8), s('cart', NaN)] },
      { rps: [{ labels: { service: 'checkout' }, points: [{ time: 0, value: 9 }, { time: 1, value: 10 }] }] },
    )], { up: [{ source: 'up', label: 'service', samples: [s('checkout', 1), s('cart', 0)] }] });
    const checkout = rows.find((r) => r.service === 'checkout')!;
    expect(checkout).toMatchObject({ convention: 'classic', errorRatio: 0.1, up: true, signals: ['requests', 'errors', 'latency', 'up'] });
    expect(checkout.trend.rps).toEqual([9, 10]);
    const cart = rows.find((r) => r.service === 'cart')!;
    expect(cart.errorRatio).toBe(0);
    expect(cart.p99).toBeUndefined();
    expect(cart.up).toBe(false);
  });

  it('leaves the error ratio unknown when there is no traffic, or no way to tell a failure', () => {
    const [idle] = assembleHealth([classic({ rps: [v({ service: 'idle' }, 0)] })]);
    expect(idle!.errorRatio).toBeUndefined();
    const [db] = assembleHealth([{ ...classic({ rps: [v({ service: 'db' }, 30)] }), hasErrors: false }]);
    expect(db!.errorRatio).toBeUndefined();
    expect(db!.signals).toEqual(['requests']);
  });

  it('merges conventions into one overview, each row saying which it came from', () => {
    const otel: ConventionResults = {
      convention: 'opentelemetry', serviceLabel: 'service_name', hasErrors: true,
      metrics: { rps: [v({ service_name: 'checkout' }, 20)], errors: [v({ service_name: 'checkout' }, 2)] }, trends: {},
    };
    const rows = assembleHealth([otel, classic({ rps: [v({ service: 'checkout' }, 999), v({ service: 'cart' }, 5)] })], {
      up: [{ source: 'up', label: 'job', samples: [v({ job: 'nightly-report' }, 1), v({ job: 'cart' }, 1)] }],
      saturation: [{ source: 'postgres', label: 'service', samples: [v({ service: 'payments-db' }, 0.93)] }],
    });
    const by = Object.fromEntries(rows.map((r) => [r.service, r]));
    // checkout's traffic is counted once, by the first convention naming it.
    expect(by.checkout).toMatchObject({ convention: 'opentelemetry', rps: 20, errorRatio: 0.1 });
    expect(by.cart).toMatchObject({ convention: 'classic', rps: 5, up: true });
    expect(by['nightly-report']).toMatchObject({ convention: 'job', up: true, signals: ['up'] });
    expect(by['nightly-report']!.rps).toBeUndefined();
    expect(by['payments-db']).toMatchObject({ convention: 'postgres', saturation: 0.93, signals: ['saturation'] });
  });

  it('sorts the worst first: down, then alerts and errors', () => {
    const s = (service: string, value: number) => v({ service }, value);
    const rows = assembleHealth([classic({ rps: [s('a', 1), s('b', 1), s('c', 1)], errors: [s('b', 0.5)] })], { up: [{ source: 'up', label: 'service', samples: [s('a', 1), s('b', 1), s('c', 0)] }] });
    expect(sortWorstFirst(rows).map((r) => r.service)).toEqual(['c', 'b', 'a']);
    expect(sortWorstFirst(rows, { firingAlerts: { a: 10 } }).map((r) => r.service)).toEqual(['c', 'a', 'b']);
  });

  it('puts unusual services right after down ones, ahead of alerts and errors, where the trouble most likely started first', () => {
    const s = (service: string, value: number) => v({ service }, value);
    const rows = assembleHealth([classic({ rps: [s('a', 1), s('b', 1), s('c', 1), s('d', 1)], errors: [s('b', 0.5), s('d', 0.2)] })], { up: [{ source: 'up', label: 'service', samples: [s('c', 0)] }] });
    const order = (anomalous: string[]) => sortWorstFirst(rows, { firingAlerts: { b: 3 }, anomalous }).map((r) => r.service);
    expect(order(['d', 'a'])).toEqual(['c', 'd', 'a', 'b']);
    // a, quiet by its errors, comes first when its trouble is the likelier start (obs anomalies' order: earlier, or deeper in the call graph).
    expect(order(['a', 'd'])).toEqual(['c', 'a', 'd', 'b']);
  });
});
