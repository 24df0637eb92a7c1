import { describe, expect, it } from 'vitest';
import type { Board, Panel } from './model.js';
import { boardPanels } from './model.js';
import { parseBoard } from './parse.js';
import { panelData, reduce, type PanelData, type RequestOutcome } from './panel-data.js';

function panels(source: string): Record<string, Panel> {
  const { board, problems } = parseBoard(source, 'b.yaml');
  expect(problems).toEqual([]);
  return Object.fromEntries(boardPanels(board as Board).map((p) => [p.id, p]));
}

const P = panels(`
title: Data
rows:
  - panels:
      - kind: stat
        title: Errors
        query: sum(rate(errors_total[5m]))
        unit: ratio
        decimals: 1
        thresholds: [{ value: 0.01, color: yellow }, { value: 0.05, color: red }]
      - kind: timeseries
        title: Latency
        unit: seconds
        queries:
          - { query: 'histogram_quantile(0.5, rate(h_bucket[5m]))', legend: p50 }
          - { query: 'histogram_quantile(0.99, rate(h_bucket[5m]))', legend: p99 }
      - { kind: bar, title: Pool, query: 'pool_used / pool_max', legend: '{{service}}', unit: ratio }
      - { kind: gauge, title: Queue, query: 'queue_depth', min: 10 }
      - kind: table
        title: Services
        labels: [service]
        sortBy: errors
        sortDesc: true
        queries:
          - { query: 'sum by (service) (rate(r[5m]))', column: rps, unit: reqps }
          - { query: 'sum by (service) (rate(e[5m]))', column: errors, unit: ratio }
      - { kind: logs, title: Lines, query: '{app="x"}' }
      - { kind: logs, title: Patterns, query: '{app="x"}', mode: patterns }
      - { kind: alerts, title: Alerts, matchers: ['severity="page"'], limit: 1 }
      - { kind: analytics, title: Checkouts, event: checkout_completed }
`);

const series = (labels: Record<string, string>, values: number[], t0 = 0) => ({ labels, points: values.map((value, i) => ({ time: t0 + i * 60_000, value })) });
const data = (panel: Panel, outcomes: RequestOutcome[]): PanelData => {
  const state = panelData(panel, outcomes);
  if ('error' in state) throw new Error(state.error);
  return state.data;
};

describe('panel data', () => {
  it('reduces a stat to its last value, formatted in its unit and coloured by its thresholds, with the series as trend', () => {
    const d = data(P.errors, [{ kind: 'series', series: [series({}, [0.001, 0.02, 0.07, NaN])] }]);
    expect(d).toEqual({ kind: 'stat', items: [{ name: '', value: 0.07, text: '7.0%', color: 'red', trend: [0.001, 0.02, 0.07, NaN] }] });
  });

  it('reduces with mean, max, min and sum, ignoring non-finite samples', () => {
    expect(reduce([1, 2, NaN, 3], 'mean')).toBe(2);
    expect(reduce([1, 2, Infinity, 3], 'max')).toBe(3);
    expect(reduce([4, 2, 3], 'min')).toBe(2);
    expect(reduce([1, 2, 3], 'sum')).toBe(6);
    expect(reduce([NaN, NaN], 'last')).toBeUndefined();
    expect(reduce([], 'mean')).toBeUndefined();
  });

  it('puts every series of every query on one time grid, named by its legend', () => {
    const d = data(P.latency, [
      { kind: 'series', series: [series({}, [0.1, 0.2, 0.3])] },
      { kind: 'series', series: [series({}, [0.9, 1.1], 60_000)] },
    ]);
    if (d.kind !== 'timeseries') throw new Error(d.kind);
    expect(d.times).toEqual([0, 60_000, 120_000]);
    expect(d.series.map((s) => [s.name, s.values, s.text])).toEqual([
      ['p50', [0.1, 0.2, 0.3], '300 ms'],
      ['p99', [NaN, 0.9, 1.1], '1.1 s'],
    ]);
  });

  it('places gauge values between min and max: 1 for a ratio, else the largest value shown', () => {
    const bar = data(P.pool, [{ kind: 'samples', samples: [{ labels: { service: 'db' }, value: 0.95 }, { labels: { service: 'cache' }, value: 2 }] }]);
    expect(bar).toMatchObject({ kind: 'gauge', min: 0, max: 1, items: [{ name: 'db', fraction: 0.95, text: '95%' }, { name: 'cache', fraction: 1 }] });
    const queue = data(P.queue, [{ kind: 'samples', samples: [{ labels: { q: 'a' }, value: 20 }, { labels: { q: 'b' }, value: 30 }] }]);
    expect(queue).toMatchObject({ min: 10, max: 30, items: [{ fraction: 0.5 }, { fraction: 1 }] });
  });

  it('joins table queries on the label columns and sorts by a value column, missing values last', () => {
    const d = data(P.services, [
      { kind: 'samples', samples: [{ labels: { service: 'a' }, value: 10 }, { labels: { service: 'b' }, value: 20 }, { labels: { service: 'c' }, value: 5 }] },
      { kind: 'samples', samples: [{ labels: { service: 'a' }, value: 0.5 }, { labels: { service: 'b' }, value: 0.01 }] },
    ]);
    if (d.kind !== 'table') throw new Error(d.kind);
    expect(d.columns.map((c) => c.name)).toEqual(['service', 'rps', 'errors']);
    expect(d.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['a', '10 req/s', '50%'],
      ['b', '20 req/s', '1%'],
      ['c', '5 req/s', '-'],
    ]);
  });

  it('sanitises label values and log lines so they cannot move the cursor', () => {
    const d = data(P.lines, [{ kind: 'logs', lines: [{ time: 1, labels: { service: 'x\x1b[2J' }, line: 'boom\x1b]0;pwned\x07 done' }], start: 0, end: 10 }]);
    expect(JSON.stringify(d)).not.toMatch(/\\u001b/);
    expect(d).toMatchObject({ kind: 'logs', lines: [{ labels: { service: 'x' }, line: 'boom done' }] });
  });

  it('clusters the lines of a patterns panel, most frequent pattern first', () => {
    const lines = [
      ...[1, 2, 3].map((i) => ({ time: i, labels: {}, line: `timeout after ${i * 100}ms talking to db` })),
      { time: 5, labels: {}, line: 'user 42 logged in' },
    ];
    const d = data(P.patterns, [{ kind: 'logs', lines, start: 0, end: 10 }]);
    if (d.kind !== 'patterns') throw new Error(d.kind);
    expect(d.lines).toBe(4);
    expect(d.patterns[0]).toMatchObject({ count: 3, share: 0.75 });
    expect(d.patterns[0].template).toContain('talking to db');
  });

  it('keeps the limit of an alerts panel and the total', () => {
    const alert = (name: string) => ({ fingerprint: name, name, service: 's', severity: 'page', state: 'active', startsAt: 0, summary: '' });
    expect(data(P.alerts, [{ kind: 'alerts', alerts: [alert('A'), alert('B')] }])).toMatchObject({ kind: 'alerts', total: 2, alerts: [{ name: 'A' }] });
  });

  it('compares an analytics value with the earlier period', () => {
    const d = data(P.checkouts, [{ kind: 'analytics', label: 'checkout_completed (events)', current: 80, previous: 100, buckets: [40, 40] }]);
    expect(d).toMatchObject({ kind: 'analytics', current: { text: '80' }, previous: { text: '100' }, change: -0.2, trend: [40, 40] });
  });

  it('fails a panel with the message of its first failed request', () => {
    expect(panelData(P.latency, [{ kind: 'series', series: [] }, { kind: 'error', message: 'prometheus: timeout' }])).toEqual({ error: 'prometheus: timeout' });
  });
});

describe('capacity panels', () => {
  const AT = Date.UTC(2026, 0, 5, 9, 0, 0);
  const DAY = 86_400_000;
  const item = (kind: 'disk' | 'queue' | 'error budget', labels: Record<string, string>, status: 'runs out' | 'ok' | 'no limit' | 'not found', used: number | null, likely: number | null) => ({
    kind, source: 'node_exporter', labels, used, trendPerDay: 0, earliest: likely, likely, latest: likely, status,
  });
  const report = {
    at: AT, withinMs: 7 * DAY, lookaheadMs: 30 * DAY, stepMs: 600_000, failures: [],
    items: [
      item('disk', { instance: 'db-1', mountpoint: '/data\u001b[2J' }, 'runs out', 0.81, AT + 4 * DAY + 3_600_000),
      item('error budget', { slo: 'checkout-availability', service: 'checkout' }, 'ok', 0.12, AT + 20 * DAY),
      item('queue', { queue: 'orders' }, 'no limit', 1200, null),
    ],
  };
  const [all, pools] = Object.values(panels('title: c\npanels:\n  - { kind: capacity }\n  - { kind: capacity, title: Queues, kinds: [queue] }\n'));

  it('shows each resource with its share used, when it likely runs out and its status, label values sanitised', () => {
    const data = panelData(all!, [{ kind: 'capacity', report }]) as { data: Extract<PanelData, { kind: 'capacity' }> };
    expect(data.data.lines.map(({ kind, resource, used, likely, status, color }) => [kind, resource, used, likely, status, color])).toEqual([
      ['disk', 'db-1 /data', '81%', 'in 4d1h', 'runs out', 'red'],
      ['error budget', 'checkout-availability', '12%', 'in 20d', 'ok', 'green'],
      ['queue', 'orders', '1200', '—', 'no limit', 'gray'],
    ]);
  });

  it('keeps only the kinds the panel asks for', () => {
    const data = panelData(pools!, [{ kind: 'capacity', report }]) as { data: Extract<PanelData, { kind: 'capacity' }> };
    expect(data.data.lines.map((l) => l.kind)).toEqual(['queue']);
  });
});
