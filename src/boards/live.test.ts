import { describe, expect, it } from 'vitest';
import { BackendError } from '../http/errors.js';
import type { SegmentationQuery, SeriesResult } from '../backends/amplitude/types.js';
import { liveBoard, runRequest, type BoardClients } from './live.js';
import type { Board } from './model.js';
import { parseBoard } from './parse.js';

function board(source: string): Board {
  const { board, problems } = parseBoard(source, 'b.yaml');
  expect(problems).toEqual([]);
  return board!;
}

const BOARD = board(`
title: Live
variables:
  - { name: service, query: 'label_values(http_requests_total, service)', multi: true, includeAll: true }
time: { range: 1h }
rows:
  - panels:
      - { kind: stat, title: Rate, query: 'sum(rate(http_requests_total{service=~"$service"}[5m]))', unit: reqps }
      - { kind: timeseries, title: Rate chart, query: 'sum(rate(http_requests_total{service=~"$service"}[5m]))' }
      - { kind: table, title: By service, labels: [service], query: 'sum by (service) (rate(http_requests_total{service=~"$service"}[5m]))' }
      - { kind: logs, title: Errors, query: '{service=~"$service"} |= "error"' }
      - { kind: alerts, title: Alerts, matchers: ['service=~"$service"'] }
      - { kind: slo, title: SLOs, slos: [checkout-availability] }
`);

const NOW = Date.parse('2026-11-23T12:30:00Z');

/** Fake clients that record every call, as the HTTP layer would see them. */
function fakeClients(overrides: Partial<BoardClients> = {}) {
  const calls: string[] = [];
  const clients: BoardClients = {
    prometheus: {
      labelValues: async (name, o) => (calls.push(`labels ${name} ${o?.match ?? ''}`), ['cart', 'checkout']),
      queryRange: async (q) => (calls.push(`range ${q}`), { series: [{ labels: {}, points: [{ time: NOW - 60_000, value: 4 }, { time: NOW, value: 5 }] }], stepMs: 15_000, warnings: [], infos: [] }),
      queryVector: async (q) => (calls.push(`instant ${q}`), { samples: [{ labels: { service: 'cart' }, time: NOW, value: 2 }, { labels: { service: 'checkout' }, time: NOW, value: 3 }], warnings: [], infos: [] }),
      alerts: async () => [],
    },
    loki: {
      labelValues: async () => [],
      query: async () => ({ resultType: 'vector', samples: [], warnings: [] }),
      queryRange: async (q) => (calls.push(`logs ${q}`), { resultType: 'streams', entries: [{ ts: String(BigInt(NOW) * 1_000_000n), line: 'error: boom', labels: { service: 'cart' } }], truncated: false, warnings: [], stats: { bytesProcessed: 0, linesProcessed: 0, execTimeSec: 0 }, requests: 1 }),
    },
    alertmanager: {
      alerts: async (f) => (calls.push(`alerts ${f?.filter}`), [{ labels: { alertname: 'CartDown', service: 'cart', severity: 'critical' }, annotations: { summary: 'down' }, startsAt: new Date(NOW).toISOString(), updatedAt: '', endsAt: '', fingerprint: 'f1', receivers: [], status: { state: 'active', silencedBy: [], inhibitedBy: [] } }]),
    },
    slos: async (names) => (calls.push(`slos ${names}`), [{ name: 'checkout-availability', service: 'checkout', objective: 0.999, sli: 0.9995, budgetRemaining: 0.5, burnRates: { '1h': 0.5 }, verdict: 'OK' }]),
    ...overrides,
  };
  return { clients, calls };
}

describe('a live board', () => {
  it('resolves variables from label values and runs each distinct request once per refresh', async () => {
    const { clients, calls } = fakeClients();
    const live = liveBoard(BOARD, clients, () => NOW);
    const { variables, errors } = await live.resolve({ service: ['cart'] });
    expect(errors).toEqual([]);
    expect(variables.service.options).toEqual(['cart', 'checkout']);
    calls.length = 0;
    const snapshot = await live.refresh(variables);
    expect(snapshot.requests).toBe(5);
    expect(calls.sort()).toEqual([
      'alerts service=~"cart"',
      'instant sum by (service) (rate(http_requests_total{service=~"cart"}[5m]))',
      'logs {service=~"cart"} |= "error"',
      'range sum(rate(http_requests_total{service=~"cart"}[5m]))',
      'slos checkout-availability',
    ]);
    expect(snapshot.range).toEqual({ start: NOW - 3_600_000, end: NOW });
    expect(snapshot.panels.rate).toMatchObject({ data: { kind: 'stat', items: [{ text: '5 req/s' }] } });
    expect(snapshot.panels['rate-chart']).toMatchObject({ data: { kind: 'timeseries' } });
    expect(snapshot.panels['by-service']).toMatchObject({ data: { kind: 'table', rows: [{ key: '["cart"]' }, { key: '["checkout"]' }] } });
    expect(snapshot.panels.errors).toMatchObject({ data: { kind: 'logs', lines: [{ line: 'error: boom', time: NOW }] } });
    expect(snapshot.panels.alerts).toMatchObject({ data: { kind: 'alerts', alerts: [{ name: 'CartDown', severity: 'critical' }] } });
    expect(snapshot.panels.slos).toMatchObject({ data: { kind: 'slo', slos: [{ name: 'checkout-availability', verdict: 'OK' }] } });
  });

  it('fails only the panels of a failing backend, with its one-line message', async () => {
    const { clients } = fakeClients({
      loki: {
        labelValues: async () => [],
        query: async () => { throw new Error('unused'); },
        queryRange: async () => { throw new BackendError({ backend: 'loki', kind: 'unreachable', message: 'connection refused', url: 'http://loki:3100/x' }); },
      },
    });
    const live = liveBoard(BOARD, clients, () => NOW);
    const snapshot = await live.refresh((await live.resolve({})).variables);
    expect(snapshot.panels.errors).toEqual({ error: 'loki: connection refused' });
    expect(Object.entries(snapshot.panels).filter(([, p]) => 'error' in p).map(([id]) => id)).toEqual(['errors']);
  });

  it('says which backend the context lacks', async () => {
    const { clients } = fakeClients({ alertmanager: undefined, slos: undefined });
    const live = liveBoard(BOARD, { ...clients, prometheus: { ...clients.prometheus!, alerts: async () => [{ labels: { alertname: 'X', service: 'cart' }, annotations: {}, state: 'firing', activeAt: new Date(NOW).toISOString(), value: '1' }, { labels: { alertname: 'Y', service: 'auth' }, annotations: {}, state: 'firing', activeAt: new Date(NOW).toISOString(), value: '1' }] } }, () => NOW);
    const snapshot = await live.refresh((await live.resolve({ service: ['cart'] })).variables);
    expect(snapshot.panels.slos).toEqual({ error: 'slo: this context has no SLO specs (sloDir) or no Prometheus to evaluate them' });
    // Without Alertmanager, Prometheus's firing alerts are filtered by the matchers here.
    expect(snapshot.panels.alerts).toMatchObject({ data: { alerts: [{ name: 'X' }], total: 1 } });
  });

  it('lets a caller draw panels as their requests come back, before a slow one answers', async () => {
    let answer: () => void = () => {};
    const { clients } = fakeClients({ slos: () => new Promise((resolve) => (answer = () => resolve([])) ) });
    const live = liveBoard(BOARD, clients, () => NOW);
    const updates: string[][] = [];
    const done = live.refresh((await live.resolve({})).variables, (partial) => updates.push(Object.keys(partial.panels).sort()));
    await new Promise((r) => setTimeout(r, 20));
    expect(updates.at(-1)).toEqual(['alerts', 'by-service', 'errors', 'rate', 'rate-chart']);
    answer();
    const snapshot = await done;
    expect(snapshot.complete).toBe(true);
    expect(snapshot.panels.slos).toEqual({ data: { kind: 'slo', slos: [] } });
  });

  it('refuses a log query in a metric panel', async () => {
    const { clients } = fakeClients();
    const outcome = await runRequest({ key: 'k', backend: 'loki', type: 'range', query: '{app="x"}', start: 0, end: 1, step: 1 }, clients);
    expect(outcome).toMatchObject({ kind: 'error', message: expect.stringContaining('a log query in a metric panel') });
  });
});

describe('analytics panels', () => {
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  /** Amplitude answers whole days: every bucket of the days asked for, those after NOW as 0. */
  function chart(q: { start: Date | string | number; end: Date | string | number }, size: number, value: (start: number) => number): SeriesResult {
    const xValues: string[] = [];
    const values: number[] = [];
    const day = (d: unknown) => Date.parse(`${(d as Date).toISOString().slice(0, 10)}T00:00:00Z`);
    for (let t = day(q.start); t < day(q.end) + DAY; t += size) {
      xValues.push(size === DAY ? new Date(t).toISOString().slice(0, 10) : new Date(t).toISOString().slice(0, 19));
      values.push(t >= NOW ? 0 : value(t));
    }
    return { xValues, series: [{ label: 'x', values }] };
  }
  const amplitude = (hourly: (t: number) => number, daily: (t: number) => number): BoardClients['amplitude'] => ({
    eventSegmentation: async (q: SegmentationQuery) => chart(q, HOUR, hourly),
    activeUsers: async (q) => chart(q, DAY, daily),
  });
  const request = { key: 'k', backend: 'amplitude', type: 'analytics', start: NOW - 6 * HOUR, end: NOW, compareStart: NOW - 6 * HOUR - 7 * DAY, compareEnd: NOW - 7 * DAY } as const;

  it('counts the span pro rata, partial hour included, and draws the trend from complete buckets only', async () => {
    const outcome = await runRequest({ ...request, metric: 'event', event: 'checkout_completed' }, { amplitude: amplitude(() => 60, () => 0) });
    // 06:30–12:30: half of the 06:00 bucket, five whole hours, and the 12:00 bucket so far (60 in 30 minutes).
    expect(outcome).toMatchObject({ kind: 'analytics', current: 30 + 5 * 60 + 60, previous: 360 });
    expect(outcome).toMatchObject({ buckets: [60, 60, 60, 60, 60, 60] });
  });

  it('compares active users of the last complete day with the day as long before, not a partial day', async () => {
    const outcome = await runRequest({ ...request, metric: 'active_users' }, { amplitude: amplitude(() => 0, (t) => (t === Date.parse('2026-11-22T00:00:00Z') ? 5000 : t === Date.parse('2026-11-15T00:00:00Z') ? 5200 : 1)) });
    expect(outcome).toMatchObject({ kind: 'analytics', current: 5000, previous: 5200 });
  });
});
