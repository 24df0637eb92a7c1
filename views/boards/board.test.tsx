import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReactElement } from 'react';
import { parseBoard, type Board, type ResolvedVariable } from '../../src/boards/index.js';
import { liveBoard, refreshBoard, type BoardClients, type BoardSnapshot, type LiveBoard } from '../../src/boards/live.js';
import type { CockpitData } from '../../src/cockpit/types.js';
import { App } from '../app.js';
import { makeTheme, ThemeContext, type Theme } from '../theme.js';
import { BoardView } from './board-view.js';
import { BoardScreen } from './board-screen.js';
import { KeyRoot } from '../keys/router.js';
import { frameWhere } from '../testing.js';
import { foldPanelStates } from './panel-state.js';

// A board with one panel of every kind, and clients that answer all of them.

const NOW = Date.parse('2026-11-23T12:00:00Z');

const BOARD_YAML = `
title: Every panel
variables:
  - { name: service, values: [cart, checkout, payments], multi: true, includeAll: true, allValue: ".+" }
  - { name: env, values: [prod, staging] }
time: { range: 1h, refresh: 30s }
rows:
  - title: Now
    panels:
      - { kind: stat, title: Request rate, query: 'sum(rate(http_requests_total{service=~"$service"}[5m]))', unit: reqps }
      - kind: stat
        title: Error ratio
        query: 'sum(rate(errors_total{service=~"$service"}[5m]))'
        unit: ratio
        thresholds: [{ value: 0.01, color: yellow }, { value: 0.05, color: red }]
      - { kind: gauge, title: Cache hits, query: 'cache_hit_ratio', unit: ratio }
  - title: Charts
    panels:
      - kind: timeseries
        title: Latency
        unit: seconds
        queries:
          - { query: 'p50{service=~"$service"}', legend: p50 }
          - { query: 'p99{service=~"$service"}', legend: p99 }
      - { kind: bar, title: Pools, query: 'pool_used', legend: '{{service}}', unit: ratio }
  - title: Lists
    panels:
      - { kind: table, title: Services, labels: [service], query: 'sum by (service) (rate(http_requests_total[5m]))', unit: reqps }
      - { kind: alerts, title: Firing, matchers: ['severity="critical"'] }
      - { kind: slo, title: Budgets }
      - { kind: analytics, title: Checkouts, event: checkout_completed }
  - title: Logs
    panels:
      - { kind: logs, title: Errors, query: '{service=~"$service"} |= "error"' }
      - { kind: logs, title: Error patterns, query: '{service=~"$service"} |= "error"', mode: patterns }
  - title: Later
    collapsed: true
    panels:
      - { kind: stat, title: Hidden, query: up }
`;

function fixtureBoard(): Board {
  const { board, problems } = parseBoard(BOARD_YAML, 'every-panel.yaml');
  if (!board) throw new Error(problems.map((p) => p.message).join('; '));
  return board;
}

const points = (values: number[]) => values.map((value, i) => ({ time: NOW - (values.length - 1 - i) * 60_000, value }));

/** Clients answering every panel of the fixture; `fail` makes one backend fail. */
function fixtureClients(fail?: 'loki' | 'prometheus'): BoardClients {
  const refused = async (): Promise<never> => {
    throw new Error(`${fail}: connection refused`);
  };
  return {
    prometheus: {
      labelValues: async () => ['cart', 'checkout', 'payments'],
      queryRange: fail === 'prometheus' ? refused : async (q) => ({
        series: q.startsWith('p99') ? [{ labels: {}, points: points([0.4, 0.5, 0.9, 1.2]) }] : q.startsWith('p50') ? [{ labels: {}, points: points([0.1, 0.1, 0.2, 0.2]) }] : q.includes('errors') ? [{ labels: {}, points: points([0.001, 0.02, 0.07]) }] : [{ labels: {}, points: points([100, 120, 140, 321]) }],
        stepMs: 60_000,
        warnings: [],
        infos: [],
      }),
      queryVector: fail === 'prometheus' ? refused : async (q) => ({
        samples: q === 'cache_hit_ratio' ? [{ labels: {}, time: NOW, value: 0.93 }] : [
          { labels: { service: 'cart' }, time: NOW, value: q === 'pool_used' ? 0.2 : 40 },
          { labels: { service: 'payments\x1b[2J' }, time: NOW, value: q === 'pool_used' ? 0.95 : 12 },
        ],
        warnings: [],
        infos: [],
      }),
      alerts: async () => [],
    },
    loki: {
      labelValues: async () => [],
      query: async () => ({ resultType: 'vector', samples: [], warnings: [] }),
      queryRange: fail === 'loki' ? refused : async () => ({
        resultType: 'streams',
        entries: [1, 2, 3].map((i) => ({ ts: String(BigInt(NOW - i * 1000) * 1_000_000n), line: `error: timeout after ${i * 100}ms talking to payments-db\x1b]0;pwned\x07`, labels: { service: 'checkout' } })),
        truncated: false,
        warnings: [],
        stats: { bytesProcessed: 0, linesProcessed: 0, execTimeSec: 0 },
        requests: 1,
      }),
    },
    alertmanager: {
      alerts: async () => [{ labels: { alertname: 'PaymentsDbLatencyHigh', service: 'payments-db', severity: 'critical' }, annotations: { summary: 'p99 above 1s' }, startsAt: new Date(NOW - 600_000).toISOString(), updatedAt: '', endsAt: '', fingerprint: 'f1', receivers: [], status: { state: 'active', silencedBy: [], inhibitedBy: [] } }],
    },
    amplitude: {
      // One hourly bucket per window: 80 checkouts in the last hour, 100 in the same hour a week ago.
      eventSegmentation: async (q) => {
        const end = Number((q.end as Date).valueOf());
        return { xValues: [new Date(end - 3_600_000).toISOString().slice(0, 19)], series: [{ label: 'checkout_completed', values: [end === NOW ? 80 : 100] }] };
      },
      activeUsers: async () => ({ xValues: [], series: [] }),
    },
    slos: async () => [{ name: 'checkout-availability', service: 'checkout', objective: 0.999, sli: 0.998, budgetRemaining: -0.5, burnRates: {}, verdict: 'BREACHED' }],
  };
}

const ALL_SERVICES: ResolvedVariable = { name: 'service', options: ['cart', 'checkout', 'payments'], values: ['cart', 'checkout', 'payments'], all: true, allValue: '.+' };
const PROD: ResolvedVariable = { name: 'env', options: ['prod', 'staging'], values: ['prod'] };

function fixtureSnapshot(fail?: 'loki' | 'prometheus'): Promise<BoardSnapshot> {
  return refreshBoard(fixtureBoard(), { range: { start: NOW - 3_600_000, end: NOW }, variables: { service: ALL_SERVICES, env: PROD } }, fixtureClients(fail));
}

const COLOR = makeTheme({ color: true, unicode: true });
const BASTION = makeTheme({ color: false, unicode: false });

let instances: { unmount(): void }[] = [];
afterEach(() => {
  for (const i of instances) i.unmount();
  instances = [];
});

function mount(node: ReactElement, size: { columns: number; rows: number }, theme: Theme = COLOR) {
  const app = render(<ThemeContext.Provider value={theme}>{node}</ThemeContext.Provider>);
  for (const [k, v] of Object.entries(size)) Object.defineProperty(app.stdout, k, { value: v, configurable: true });
  app.stdout.emit('resize');
  instances.push(app);
  return app;
}

/** Wait until the board draws `text`, however long a loaded machine takes (never a fixed sleep). */
const waitFor = (app: { lastFrame(): string | undefined }, text: string | RegExp): Promise<string> => frameWhere(app, text);

const ESC = /\x1b/;
const visible = (frame: string) => frame.replace(/\x1b\[[0-9;]*m/g, '');
const TITLES = ['Request rate', 'Error ratio', 'Cache hits', 'Latency', 'Pools', 'Services', 'Firing', 'Budgets', 'Checkouts', 'Errors', 'Error patterns'];

async function drawBoard(width: number, height?: number, theme: Theme = COLOR, fail?: 'loki' | 'prometheus') {
  const board = fixtureBoard();
  const snapshot = await fixtureSnapshot(fail);
  const panels = foldPanelStates({}, { data: snapshot, loading: false, stale: false, updatedAt: NOW }, Object.keys(snapshot.panels));
  const app = mount(<BoardView board={board} variables={[ALL_SERVICES, PROD]} selectedVariable={0} panels={panels} width={width} height={height} scroll={0} now={NOW} />, { columns: width, rows: height ?? 200 }, theme);
  return frameWhere(app, 'Every panel');
}

describe('a board drawn at several widths', () => {
  it.each([80, 120, 200])('draws every panel with its numbers at %i columns, within the width', async (width) => {
    const frame = await drawBoard(width);
    for (const title of TITLES) expect(frame).toContain(title);
    const text = visible(frame);
    expect(text).toContain('321 req/s'); // stat, last value
    expect(text).toContain('7%'); // error ratio
    expect(text).toContain('93%'); // gauge
    expect(text).toMatch(/p50 200 ms.*p99 1\.2 s/s); // chart legend with last values
    expect(text).toContain('95%'); // bar of payments' pool
    expect(text).toMatch(/cart\s+40 req\/s/); // table row
    expect(text).toContain('PaymentsDb');
    expect(text).toContain('checkout-a');
    expect(text).toMatch(/80 -20% vs 100 1w ago/);
    expect(text).toContain('timeout after 100ms');
    expect(text).toContain('▸ Later (collapsed, 1 panel)');
    expect(text).not.toContain('Hidden');
    expect(text).toContain('$service: All');
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(width);
  });

  it('lays a row out side by side on the 24-column grid', async () => {
    const line = (frame: string, title: string) => visible(frame).split('\n').find((l) => l.includes(title))!;
    expect(line(await drawBoard(200), 'Request rate')).toMatch(/Request rate.*Error ratio.*Cache hits/);
    expect(line(await drawBoard(120), 'Services')).toMatch(/Services.*Firing.*Budgets.*Checkouts/);
    // Four panels would be narrower than 26 columns at 80: the row breaks after three.
    expect(line(await drawBoard(80), 'Services')).toMatch(/Services.*Firing.*Budgets/);
    expect(line(await drawBoard(80), 'Services')).not.toContain('Checkouts');
  });

  it('never lets label values or log lines write escape sequences', async () => {
    const frame = await drawBoard(120);
    expect(frame).not.toContain('\x1b[2J');
    expect(frame).not.toContain('\x1b]0;');
    expect(frame).toContain('payments');
  });

  it('draws in plain ASCII without colour on a bastion terminal', async () => {
    const frame = await drawBoard(100, undefined, BASTION);
    expect(frame).not.toMatch(ESC);
    expect(frame).not.toMatch(/[╭╮╰╯█░▁▂▃▄▅▆▇]/);
    expect(frame).toContain('+----');
    expect(frame).toContain('#');
  });

  it('shrinks panels to fit the screen, and scrolls line by line when even that is too tall', async () => {
    const fitted = visible(await drawBoard(80, 30));
    expect(fitted.split('\n').length).toBeLessThanOrEqual(30);
    for (const title of TITLES) expect(fitted).toContain(title);
    expect(fitted).not.toContain('(j/k)');
    const short = visible(await drawBoard(80, 14));
    expect(short.split('\n').length).toBeLessThanOrEqual(14);
    expect(short).toMatch(/lines 1-\d+ of \d+ \(j\/k\)/);
    expect(short).not.toContain('Error patterns');
    const tall = visible(await drawBoard(200, 60));
    expect(tall).not.toContain('(j/k)');
    for (const title of TITLES) expect(tall).toContain(title);
  });

  it('fails only the panels of a backend that is down, with its message', async () => {
    const frame = visible(await drawBoard(120, undefined, COLOR, 'loki'));
    expect(frame.match(/error — loki: connection refused/g)).toHaveLength(2);
    expect(frame).toContain('321 req/s');
  });
});

describe('panel states across refreshes', () => {
  it('keeps a panel\'s last data, marked stale, when its request fails, and says loading before any data', async () => {
    const ids = ['errors', 'request-rate'];
    const ok = await fixtureSnapshot();
    const first = foldPanelStates({}, { data: ok, loading: false, stale: false }, ids);
    expect(first.errors).toMatchObject({ loading: false, stale: false, updatedAt: NOW });
    const failed = await fixtureSnapshot('loki');
    const second = foldPanelStates(first, { data: { ...failed, at: NOW + 30_000 }, loading: false, stale: false }, ids);
    expect(second.errors).toMatchObject({ stale: true, error: 'loki: connection refused', updatedAt: NOW, data: first.errors.data });
    expect(second['request-rate']).toMatchObject({ stale: false, updatedAt: NOW + 30_000 });
    expect(foldPanelStates({}, { loading: true, stale: false }, ids).errors).toEqual({ loading: true, stale: false });
  });

  it('keeps what a panel showed while its requests of the next refresh are still running', () => {
    const before = { errors: { data: { kind: 'logs' as const, lines: [] }, loading: false, stale: false, updatedAt: NOW } };
    const partial = { at: NOW + 1, range: { start: 0, end: 1 }, step: 1, requests: 2, complete: false, panels: {} };
    expect(foldPanelStates(before, { data: partial, loading: false, stale: false }, ['errors', 'other'])).toEqual({ errors: before.errors, other: { loading: true, stale: false } });
  });
});

/** A live board whose requests are recorded, and whose slo request can be held back. */
function recordingBoard(options: { holdSlos?: boolean } = {}): { live: LiveBoard; queries: string[] } {
  const queries: string[] = [];
  const clients = fixtureClients();
  const prometheus = clients.prometheus!;
  const held: BoardClients = {
    ...clients,
    prometheus: { ...prometheus, queryRange: (q, r) => (queries.push(q), prometheus.queryRange(q, r)) },
    ...(options.holdSlos ? { slos: () => new Promise(() => {}) } : {}),
  };
  return { live: liveBoard(fixtureBoard(), held, () => NOW), queries };
}

function screen(live: LiveBoard, size = { columns: 120, rows: 40 }) {
  const props = { load: async () => live, live: { intervalMs: 60_000, paused: false, refreshKey: 0, now: () => NOW }, width: size.columns, height: size.rows - 2, filter: '' };
  return mount(<KeyRoot><BoardScreen {...props} /></KeyRoot>, size);
}

describe('the board screen', () => {
  it('draws panels as their requests come back', async () => {
    const { live } = recordingBoard({ holdSlos: true });
    const app = screen(live);
    const frame = await waitFor(app, '321 req/s');
    expect(frame).toMatch(/Budgets\s*loading…/);
  });

  it('steps the selected variable with v and picks another variable with tab', async () => {
    const { live, queries } = recordingBoard();
    const app = screen(live);
    await waitFor(app, '321 req/s');
    expect(queries.some((q) => q.includes('service=~".+"'))).toBe(true);
    app.stdin.write('v');
    await waitFor(app, '$service: cart');
    // The board asks again for the new value (the old panels stay drawn meanwhile).
    await frameWhere(app, () => queries.some((q) => q.includes('service=~"cart"')));
    // Keys are taken in order: tab picks the next variable before v steps it.
    app.stdin.write('\t');
    app.stdin.write('v');
    await waitFor(app, '$env: staging');
    app.stdin.write('V');
    await waitFor(app, '$env: prod');
  });

  it('scrolls with j and k on a short terminal', async () => {
    const { live } = recordingBoard();
    const app = screen(live, { columns: 80, rows: 16 });
    let frame = await waitFor(app, /lines 1-\d+ of/);
    expect(frame).not.toContain('Error patterns');
    for (let i = 0; i < 12; i++) app.stdin.write('j');
    frame = await waitFor(app, 'Error patterns');
    expect(frame).not.toMatch(/lines 1-/);
    for (let i = 0; i < 12; i++) app.stdin.write('k');
    await waitFor(app, /lines 1-\d+ of/);
  });

  it('says why when the board cannot be loaded', async () => {
    const props = { load: async (): Promise<LiveBoard> => { throw new Error('no board "nope"'); }, live: { intervalMs: 60_000, paused: false, refreshKey: 0, now: () => NOW }, width: 100, height: 20, filter: '' };
    const app = mount(<KeyRoot><BoardScreen {...props} /></KeyRoot>, { columns: 100, rows: 24 });
    await waitFor(app, 'board: no board "nope"');
  });
});

describe(':board NAME in obs top', () => {
  it('opens the board as a screen with a breadcrumb, and esc goes back', async () => {
    const { live } = recordingBoard();
    const opened: string[] = [];
    const data: CockpitData = {
      contextName: 'test',
      backendStatus: async () => [],
      services: async () => ({ services: [], partial: {} }),
      alerts: async () => [],
      incidents: async () => [],
      serviceSeries: async () => ({ rps: [], errorRatio: [], p50: [], p95: [], p99: [] }),
      serviceSlos: async () => [],
      serviceLogs: async () => [],
      serviceTraces: async () => [],
      trace: async () => ({ traceId: '', spans: [] }),
      logs: async () => [],
      slos: async () => [],
      board: async (name) => (opened.push(name), live),
    };
    const app = render(<App data={data} theme={COLOR} refreshMs={60_000} now={() => NOW} />);
    for (const [k, v] of Object.entries({ columns: 120, rows: 40 })) Object.defineProperty(app.stdout, k, { value: v, configurable: true });
    app.stdout.emit('resize');
    instances.push(app);
    await waitFor(app, 'Services (0)');
    app.stdin.write(':');
    app.stdin.write('board every-panel\r');
    const frame = await waitFor(app, '321 req/s');
    expect(opened).toEqual(['every-panel']);
    expect(frame).toContain('overview › board every-panel');
    expect(frame).toContain('Every panel');
    app.stdin.write('\x1b');
    await waitFor(app, 'Services (0)');
  });
});
