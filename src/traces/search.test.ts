import { describe, expect, it } from 'vitest';
import { dependenciesFromTraces, layoutDependencies, renderDependencies } from './dependencies.js';
import type { Span, Trace } from './model.js';
import { percentile, summarizeSearch } from './search.js';

function span(traceId: string, spanId: string, parentSpanId: string | undefined, service: string, durationUs: number, extra: Partial<Span> = {}): Span {
  return {
    traceId, spanId, service, operation: 'GET /checkout', startUs: 1000, durationUs, kind: 'server', status: 'unset',
    attributes: {}, events: [], ...(parentSpanId === undefined ? {} : { parentSpanId }), ...extra,
  };
}

/** A checkout request: frontend -> checkout -> payments, failing in payments when asked. */
function request(id: string, durationUs: number, fail = false): Trace {
  return {
    traceId: id,
    spans: [
      span(id, 'fe', undefined, 'frontend', durationUs),
      span(id, 'co', 'fe', 'checkout', durationUs / 2, { operation: 'PlaceOrder' }),
      span(id, 'pay', 'co', 'payments', durationUs / 4, { operation: 'Charge', status: fail ? 'error' : 'unset' }),
    ],
  };
}

describe('summarizeSearch', () => {
  it('counts traces, puts error traces first and gives p50/p95/p99 per root operation', () => {
    const traces = Array.from({ length: 100 }, (_, i) => request(`t${i}`, (i + 1) * 1000, i === 3));
    traces.push({ traceId: 'login', spans: [span('login', 'a', undefined, 'auth', 50, { operation: 'POST /login' })] });
    const summary = summarizeSearch(traces);
    expect(summary).toMatchObject({ count: 101, errorCount: 1 });
    expect(summary.traces[0]).toMatchObject({ traceId: 't3', error: true, errorSpanCount: 1, spanCount: 3, rootService: 'frontend' });
    expect(summary.traces[1]!.durationUs).toBe(100_000); // then slowest first
    expect(summary.operations).toEqual([
      { service: 'frontend', operation: 'GET /checkout', count: 100, errorCount: 1, p50Us: 50_000, p95Us: 95_000, p99Us: 99_000, maxUs: 100_000 },
      { service: 'auth', operation: 'POST /login', count: 1, errorCount: 0, p50Us: 50, p95Us: 50, p99Us: 50, maxUs: 50 },
    ]);
  });

  it('summarises the operations of the service searched for, from its own spans, not the root', () => {
    const traces = Array.from({ length: 10 }, (_, i) => request(`t${i}`, (i + 1) * 4000, i === 9));
    const summary = summarizeSearch(traces, 'payments');
    expect(summary.operations).toEqual([
      { service: 'payments', operation: 'Charge', count: 10, errorCount: 1, p50Us: 5000, p95Us: 10_000, p99Us: 10_000, maxUs: 10_000 },
    ]);
    expect(summary.traces[0]).toMatchObject({ traceId: 't9', rootService: 'frontend' });
  });

  it('uses nearest-rank percentiles', () => {
    expect(percentile([], 0.5)).toBe(0);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.99)).toBe(4);
  });
});

describe('dependency graph', () => {
  it('derives calls and error rates between services from traces', () => {
    const edges = dependenciesFromTraces([request('a', 100), request('b', 100, true), request('c', 100), request('d', 100, true)]);
    expect(edges).toEqual([
      { parent: 'checkout', child: 'payments', callCount: 4, errorRate: 0.5 },
      { parent: 'frontend', child: 'checkout', callCount: 4, errorRate: 0 },
    ]);
  });

  it('draws a tree from the entry services, refers back to shared services and marks cycles', () => {
    const lines = renderDependencies([
      { parent: 'frontend', child: 'checkout', callCount: 1204 },
      { parent: 'checkout', child: 'payments', callCount: 980, errorRate: 0.021 },
      { parent: 'payments', child: 'payments-db', callCount: 1960, errorRate: 0.5 },
      { parent: 'frontend', child: 'cart', callCount: 3000 },
      { parent: 'checkout', child: 'cart', callCount: 1 },
      { parent: 'payments-db', child: 'payments', callCount: 2 },
    ]);
    expect(lines).toEqual([
      'frontend',
      '├─▶ cart                  3,000 calls',
      '└─▶ checkout              1,204 calls',
      '    ├─▶ payments            980 calls  2.1% errors',
      '    │   └─▶ payments-db   1,960 calls  50% errors',
      '    │       └─▶ payments      2 calls (cycle)',
      '    └─▶ cart                   1 call (see above)',
    ]);
  });

  it('starts a graph made only of cycles from its busiest caller, and sanitises names', () => {
    const rows = layoutDependencies([
      { parent: 'a', child: 'b\x1b[2J', callCount: 1 },
      { parent: 'b\x1b[2J', child: 'a', callCount: 50 },
    ]);
    expect(rows.map((r) => `${r.prefix}${r.service}${r.cycle ? ' (cycle)' : ''}`)).toEqual(['b', '└─▶ a', '    └─▶ b (cycle)']);
  });
});
