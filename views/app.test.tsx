import { render } from 'ink-testing-library';
import chalk from 'chalk';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { AlertItem, CockpitData, ServiceSeries, ServicesPanel } from '../src/cockpit/types.js';
import type { Trace } from '../src/traces/model.js';
import { App } from './app.js';
import { makeTheme } from './theme.js';
import { frameWhere, plain } from './testing.js';
import { cellWidth } from '../src/output/cells.js';

const NOW = Date.parse('2026-11-23T12:00:00Z');

function trace(): Trace {
  const span = (id: string, parent: string | undefined, service: string, op: string, start: number, dur: number, error = false) => ({
    traceId: 'abcdef0123456789abcdef0123456789', spanId: id, parentSpanId: parent, service, operation: op, startUs: start, durationUs: dur,
    kind: 'server' as const, status: error ? ('error' as const) : ('ok' as const), attributes: { 'db.system': 'postgresql' }, events: [],
  });
  return { traceId: 'abcdef0123456789abcdef0123456789', spans: [
    span('a000000000000001', undefined, 'frontend', 'GET /checkout', 0, 5_000_000, true),
    span('a000000000000002', 'a000000000000001', 'checkout', 'POST /orders', 100_000, 4_800_000, true),
    span('a000000000000003', 'a000000000000002', 'payments-db', 'SELECT payments', 200_000, 4_500_000, true),
  ] };
}

const series = (values: number[]): ServiceSeries['rps'] => values.map((v, i) => ({ time: NOW - (values.length - i) * 60_000, value: v }));
type ServiceRow = ServicesPanel['services'][number];
const healthy = (service: string, rps: number): ServiceRow => ({ service, rps, errorRatio: 0.001, p50: 0.01, p95: 0.03, p99: 0.05, up: true, trend: { rps: [1, 2], errorRatio: [0.001, 0.001], p99: [0.05, 0.05] } });

function fakeData(overrides: Partial<CockpitData> = {}): CockpitData {
  return {
    contextName: 'test',
    backendStatus: async () => [{ backend: 'prometheus', state: 'up', latencyMs: 12 }, { backend: 'loki', state: 'down', message: 'connection refused' }],
    services: async () => ({
      partial: {},
      services: [
        healthy('cart', 20),
        { service: 'payments', rps: 10, errorRatio: 0.2, p50: 0.4, p95: 2.1, p99: 4.8, up: true, trend: { rps: [1, 2], errorRatio: [0.01, 0.2], p99: [0.2, 4.8] } },
        { service: 'evil\x1b[2Jsvc', rps: NaN, errorRatio: undefined, p50: undefined, p95: undefined, p99: Infinity, trend: { rps: [], errorRatio: [], p99: [] } },
      ],
    }),
    alerts: async () => [{ fingerprint: 'f1', name: 'PaymentsDbLatencyHigh', service: 'payments', severity: 'critical', state: 'active', startsAt: NOW - 300_000, summary: 'p99 \x1b]0;pwned\x07high' }],
    incidents: async () => [],
    budgets: async () => ({ payments: -0.5 }),
    business: async () => ({ activeUsers: 5025, activeUsersWeekAgo: 7267, events: [{ name: 'checkout_completed', count: 40, weekAgo: 80 }] }),
    serviceSeries: async () => ({ rps: series([5, 6, 7, 8]), errorRatio: series([0, 0.1, 0.2, 0.2]), p50: series([0.1, 0.2, 0.3, 0.4]), p95: series([1, 2, 2, 2]), p99: series([1, 3, 4, 5]) }),
    serviceSlos: async () => [{ name: 'payments-availability', service: 'payments', objective: 0.999, sli: 0.8, budgetRemaining: -0.5, burnRates: { '1h': 200 }, verdict: 'BREACHED' }],
    serviceLogs: async () => [{ id: 'p1', template: 'timeout after <*>ms talking to payments-db', count: 42, status: 'NEW', samples: ['timeout after 5000ms talking to payments-db trace_id=abc'] }],
    serviceTraces: async () => [{ traceId: 'abcdef0123456789abcdef0123456789', rootOperation: 'frontend GET /checkout', durationMs: 5000, error: true, spanCount: 3, startTime: NOW }],
    trace: async () => trace(),
    logs: async () => [{ time: NOW, labels: { service: 'payments' }, line: 'ERROR timeout' }],
    slos: async () => [],
    ...overrides,
  };
}

/** `count` services, the worst (payments-db, down to 40% errors) hidden among them by name. */
function fleet(count: number): ServiceRow[] {
  const rows = Array.from({ length: count - 1 }, (_, i) => healthy(`svc-${String(i + 1).padStart(2, '0')}`, 100 - i));
  rows.splice(Math.floor(count / 2), 0, { ...healthy('payments-db', 5), errorRatio: 0.4, p99: 2.5 });
  return rows;
}

function alertList(count: number): AlertItem[] {
  // Warnings first and oldest, the one critical alert last: the strip must still put it on top.
  return Array.from({ length: count }, (_, i) => ({
    fingerprint: `f${i}`, name: i === count - 1 ? 'PaymentsDbDown' : `Warn${i}`, service: i === count - 1 ? 'payments-db' : `svc-${i}`,
    severity: i === count - 1 ? 'critical' : 'warning', state: 'active', startsAt: NOW - (count - i) * 60_000, summary: '',
  }));
}

let instances: { unmount(): void }[] = [];
afterEach(() => {
  for (const i of instances) i.unmount();
  instances = [];
});

function start(data: CockpitData, size = { columns: 100, rows: 30 }, extra: { switchContext?: (name: string) => Promise<CockpitData> } = {}, color = true) {
  const app = render(<App data={data} theme={makeTheme({ color, unicode: true })} refreshMs={60_000} now={() => NOW} {...extra} />);
  for (const [k, v] of Object.entries(size)) Object.defineProperty(app.stdout, k, { value: v, configurable: true });
  app.stdout.emit('resize');
  instances.push(app);
  return app;
}

/** The service names of the overview's table, top to bottom, and which one has the cursor. */
function table(frame: string): { names: string[]; selected?: string; more?: number } {
  const names: string[] = [];
  let selected: string | undefined;
  for (const line of plain(frame).split('\n')) {
    const m = /^│([▶ ]) [!? ] ([a-z][\w-]*)\s.*\/s/.exec(line);
    if (!m) continue;
    names.push(m[2]);
    if (m[1] === '▶') selected = m[2];
  }
  const more = /… (\d+) more/.exec(plain(frame))?.[1];
  return { names, selected, more: more === undefined ? undefined : Number(more) };
}

describe('obs top', () => {
  it('shows the worst service first, with its alerts, and the backends in the header', async () => {
    const app = start(fakeData());
    const frame = await frameWhere(app, (f) => f.includes('PaymentsDbLatencyHigh') && f.includes('checkout_completed'));
    const lines = frame.split('\n');
    const payments = lines.findIndex((l) => l.includes('payments') && l.includes('20.00%'));
    const cart = lines.findIndex((l) => /\bcart\b/.test(l) && l.includes('/s'));
    expect(payments).toBeGreaterThan(0);
    expect(payments).toBeLessThan(cart);
    expect(frame).toMatch(/prom\w* 12ms|●prom /);
    expect(frame).toContain('loki down');
    expect(frame).toMatch(/active users 5025 -31%/);
    expect(frame).toMatch(/checkout_completed 40 -50%/);
  });

  it('never lets hostile labels or annotations write escape sequences', async () => {
    const app = start(fakeData());
    const frame = await frameWhere(app, 'evil');
    expect(frame).not.toContain('\x1b[2J');
    expect(frame).not.toContain('\x1b]0;');
  });

  it('drills into a service, opens a trace waterfall, and goes back with esc', async () => {
    const app = start(fakeData());
    await frameWhere(app, '20.00%');
    app.stdin.write('\r');
    let frame = await frameWhere(app, (f) => f.includes('timeout after <*>ms') && f.includes('payments-availability'));
    expect(frame).toContain('overview › svc payments');
    app.stdin.write('\t');
    await frameWhere(app, 'frontend GET /checkout');
    app.stdin.write('\r');
    frame = await frameWhere(app, 'SELECT payments');
    expect(frame).toContain('svc payments › trace abcdef01');
    app.stdin.write('\x1b');
    frame = await frameWhere(app, (f) => !f.includes('› trace') && f.includes('timeout after'));
    expect(frame).toContain('overview › svc payments');
    app.stdin.write('\x1b');
    frame = await frameWhere(app, (f) => f.includes('Services (3)'));
    expect(frame).not.toContain('svc payments');
  });

  it('filters with / and opens screens from the : command bar', async () => {
    const app = start(fakeData());
    await frameWhere(app, 'cart');
    app.stdin.write('/');
    app.stdin.write('^car');
    app.stdin.write('\r');
    let frame = await frameWhere(app, (f) => f.includes('/^car') && f.includes('? help'));
    expect(frame).toContain('Services (1 of 3)');
    app.stdin.write(':');
    app.stdin.write('alerts');
    app.stdin.write('\r');
    frame = await frameWhere(app, 'Firing alerts (enter: service) (1)');
    expect(frame).toContain('overview › alerts');
  });

  it('shows every key in the help, and the help fits 80 columns without cutting its text', async () => {
    const app = start(fakeData(), { columns: 80, rows: 24 });
    await frameWhere(app, 'cart');
    app.stdin.write('?');
    const frame = plain(await frameWhere(app, 'Keys (esc closes)'));
    for (const k of ['/', ':', 'esc', 'tab', 'enter', 'q, ctrl-c', ':svc NAME', ':trace ID', ':ctx NAME']) expect(frame).toContain(k);
    expect(frame).not.toContain('…');
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('says so instead of drawing below 80x24', async () => {
    const app = start(fakeData(), { columns: 60, rows: 20 });
    await frameWhere(app, (f) => f.replace(/\s+/g, ' ').includes('needs a terminal of at least 80x24; this one is 60x20'));
  });
});

describe('every row of a list is shown or counted, and reachable', () => {
  for (const count of [9, 30]) {
    it(`at 80x24 with ${count} services: the worst first, "… N more" right, j reaches the last row and enter opens it`, async () => {
      const app = start(fakeData({ services: async () => ({ partial: {}, services: fleet(count) }) }), { columns: 80, rows: 24 });
      let frame = await frameWhere(app, `Services (${count})`);
      let t = table(frame);
      expect(t.names[0]).toBe('payments-db');
      expect(t.selected).toBe('payments-db');
      expect(t.names.length + (t.more ?? 0)).toBe(count);
      const visited = [t.selected!];
      for (let i = 1; i < count; i++) {
        app.stdin.write('j');
        frame = await frameWhere(app, (f) => table(f).selected !== undefined && table(f).selected !== visited[visited.length - 1]);
        t = table(frame);
        expect(t.names.length + (t.more ?? 0)).toBe(count);
        visited.push(t.selected!);
      }
      expect(new Set(visited).size).toBe(count);
      const last = t.selected!;
      app.stdin.write('\r');
      await frameWhere(app, `overview › svc ${last}`);
    }, 60_000);
  }

  it('keeps the cursor on the same service when a refresh re-sorts the rows', async () => {
    let refreshes = 0;
    const services = async () => {
      refreshes++;
      // After the first refresh auth turns into the worst service and moves to the top.
      const auth = refreshes > 1 ? { ...healthy('auth', 30), errorRatio: 1, p99: 9 } : healthy('auth', 30);
      return { partial: {}, services: [{ ...healthy('payments', 10), errorRatio: 0.2 }, healthy('cart', 20), auth] };
    };
    const app = start(fakeData({ services }));
    await frameWhere(app, (f) => table(f).selected === 'payments');
    app.stdin.write('j');
    await frameWhere(app, (f) => table(f).selected === 'auth');
    app.stdin.write('r');
    const frame = await frameWhere(app, (f) => table(f).names[0] === 'auth');
    expect(table(frame).selected).toBe('auth');
    app.stdin.write('\r');
    await frameWhere(app, 'overview › svc auth');
  });

  for (const count of [4, 12]) {
    it(`puts the most severe of ${count} firing alerts first in the strip and counts the rest`, async () => {
      const app = start(fakeData({ alerts: async () => alertList(count) }), { columns: 80, rows: 24 });
      const frame = plain(await frameWhere(app, `Firing alerts (${count})`));
      const strip = frame.split('\n').filter((l) => /[●▶] (critical|warning)/.test(l));
      expect(strip[0]).toContain('PaymentsDbDown');
      const more = Number(/… (\d+) more/.exec(frame.split('Firing alerts')[1])?.[1] ?? 0);
      expect(strip.length + more).toBe(count);
    });
  }
});

describe('failures never look healthy', () => {
  const never = () => new Promise<never>(() => {});
  const refused = async (): Promise<never> => {
    throw Object.assign(new Error('connection refused'), { backend: 'alertmanager' });
  };
  const http500 = async (): Promise<never> => {
    throw Object.assign(new Error('internal server error'), { backend: 'loki', status: 500 });
  };
  const garbage = async (): Promise<never> => {
    throw Object.assign(new Error('the answer is not JSON'), { backend: 'prometheus' });
  };

  it('says which backend failed and how in each panel, and shows no empty text for it', async () => {
    let loads = 0;
    const app = start(fakeData({
      services: async () => {
        loads++;
        return { partial: {}, services: [healthy('cart', 20)] };
      },
      alerts: refused,
      incidents: never,
      business: garbage,
    }), { columns: 120, rows: 30 });
    const frame = plain(await frameWhere(app, (f) => f.includes('connection refused') && f.includes('not JSON')));
    expect(frame).toContain('Firing alerts (?) error — alertmanager: connection refused');
    expect(frame).not.toContain('none firing');
    expect(frame).not.toContain('none open');
    expect(frame).toMatch(/Incidents loading…/);
    expect(frame).toContain('error — prometheus: the answer is not JSON');
    expect(frame).toContain('cart');
    // The services panel keeps updating: `r` asks again while the alerts panel stays failed.
    const before = loads;
    app.stdin.write('r');
    await frameWhere(app, () => loads > before);
  });

  it('says a hanging first load has not answered rather than showing nothing', async () => {
    const app = start(fakeData({ services: () => new Promise<never>(() => {}) }));
    const frame = plain(await frameWhere(app, 'Services (?)'));
    expect(frame).toMatch(/Services \(\?\) worst first loading…/);
    expect(frame).not.toContain('no services found');
  });

  it('shows the log panel\'s HTTP failure, not "no log lines in range"', async () => {
    const app = start(fakeData({ serviceLogs: http500 }));
    await frameWhere(app, '20.00%');
    app.stdin.write('\r');
    const frame = plain(await frameWhere(app, 'internal server error'));
    expect(frame.replace(/[│\s]+/g, ' ')).toContain('loki: internal server error [HTTP 500]');
    expect(frame).not.toContain('no log lines in range');
  });

  it('keeps the SLO column its width at 80x24 when a failing panel beside it has a long reason', async () => {
    const garbageLoki = async (): Promise<never> => {
      throw Object.assign(new Error(`answered with something that is not JSON: <html>${'not json '.repeat(20)}`), { backend: 'loki' });
    };
    const app = start(fakeData({ serviceLogs: garbageLoki }), { columns: 80, rows: 24 });
    app.stdin.write(':svc payments\r');
    const frame = plain(await frameWhere(app, (f) => f.includes('not JSON') && f.includes('BREACHED')));
    expect(frame).toContain('BREACHED payments-availabilit');
  });

  it('marks a failed column unknown, never 0.00%, and a down service in words', async () => {
    const services = [{ ...healthy('cart', 20), errorRatio: 0 }, { ...healthy('payments-db', 0), up: false }];
    const app = start(fakeData({ services: async () => ({ partial: { errors: 'prometheus: query timed out' }, services }) }));
    const frame = plain(await frameWhere(app, 'payments-db'));
    const cart = frame.split('\n').find((l) => /│. . cart /.test(l))!;
    expect(cart).not.toContain('0.00%');
    expect(cart).toMatch(/\/s\s+\?\s/);
    expect(frame).toMatch(/payments-db\s+DOWN/);
    expect(frame).toContain('? = unknown: errors: prometheus: query timed out');
  });

  it('shows a p99 pinned at the top histogram bucket as a bound', async () => {
    // 3% of requests were slower than the top bucket (2.5s): p99 is a bound; p95 and p50 lie in finite buckets.
    const services = [{ ...healthy('payments', 10), p50: 0.4, p95: 2.5, p99: 2.5, overflow: 0.03 }];
    const app = start(fakeData({ services: async () => ({ partial: {}, services }) }));
    const row = plain(await frameWhere(app, '≥2.50s')).split('\n').find((l) => /│. . payments /.test(l))!;
    expect(row).toMatch(/400ms\s+2\.50s\s+≥2\.50s/);
  });

  it('marks the p99 chart\'s axis as a bound where the p99 sat at the top bucket, and only then', async () => {
    const p99 = series([0.9, 2.5, 2.5, 2.5]);
    const pinned = fakeData({ serviceSeries: async () => ({ rps: series([5, 6, 7, 8]), errorRatio: series([0, 0, 0, 0]), p50: p99, p95: p99, p99, overflow: series([0, 0.03, 0.04, 0.03]) }) });
    let app = start(pinned);
    app.stdin.write(':svc payments\r');
    let frame = plain(await frameWhere(app, (f) => f.includes('p99 latency') && f.includes('2.50s')));
    expect(frame).toMatch(/≥2\.50s ┤/);
    app.unmount();
    // The same latencies with under 1% overflowing are values, not bounds.
    app = start(fakeData({ serviceSeries: async () => ({ ...(await pinned.serviceSeries('payments', 0)), overflow: series([0, 0.004, 0.005, 0.003]) }) }));
    app.stdin.write(':svc payments\r');
    frame = plain(await frameWhere(app, (f) => f.includes('p99 latency') && f.includes('2.50s')));
    expect(frame).not.toContain('≥');
  });

  it('draws the expected band on the drill-down charts when the cockpit has one', async () => {
    const band = series([5, 6, 7, 8]).map((p) => ({ time: p.time, low: 2, high: 40 }));
    const app = start(fakeData({ serviceBands: async () => ({ rps: band }) }));
    app.stdin.write(':svc payments\r');
    // The axis spans the band (2 to 40), not only the values (5 to 8).
    const frame = plain(await frameWhere(app, (f) => /^│\s*40 [┤┼]/m.test(plain(f))));
    expect(frame).toMatch(/^│\s*2 [┤┼]/m);
  });

  it('says the expected band in words under the drill-down charts on a terminal without colour', async () => {
    const band = series([5, 6, 7, 8]).map((p) => ({ time: p.time, low: 2, high: 6 }));
    const app = start(fakeData({ serviceBands: async () => ({ rps: band }) }), undefined, {}, false);
    app.stdin.write(':svc payments\r');
    const frame = await frameWhere(app, 'usual 2');
    expect(frame).toMatch(/usual 2 to 6, now 8, above/);
    // The axis spans only the values: without colour no band edges are drawn.
    expect(frame).not.toMatch(/^│\s*2 [┤┼]/m);
  });

  it('draws a flat low error ratio as a low line, never as full blocks', async () => {
    const services = [{ ...healthy('cart', 20), errorRatio: 0.0001, trend: { rps: [1, 1], errorRatio: [0.0001, 0.0001, 0.0001], p99: [0.05, 0.05] } }];
    const app = start(fakeData({ services: async () => ({ partial: {}, services }) }));
    const frame = plain(await frameWhere(app, '0.01%'));
    const cart = frame.split('\n').find((l) => /│. . cart /.test(l))!;
    expect(cart).toContain('▁▁▁');
    expect(cart).not.toContain('█');
  });
});

describe('the likely causes beside the alerts', () => {
  const suspects = async () => ({
    incident: 'node-2, behind KubeNodeMemoryPressure and 11 more alerts on 6 services',
    suspects: [
      { name: 'node-2', level: 'host' as const, score: 40.8, reasons: ['6 services on it deviate together: checkout, frontend, orders-queue and 3 more', '1 alert: KubeNodeMemoryPressure (memory, pressure)'] },
      { name: 'auth', level: 'instance' as const, instance: 'auth-1', score: 15.2, reasons: ['on instance auth-1: 1 of the service\'s 1 alerts \x1b[2J'] },
      { name: 'checkout', level: 'service' as const, score: 14.6, reasons: [] },
    ],
  });

  it('ranks the incident\'s top suspects above the alert list at 80x24, each on one line with its first reason', async () => {
    const app = start(fakeData({ suspects }), { columns: 80, rows: 24 });
    await frameWhere(app, 'cart');
    app.stdin.write(':alerts\r');
    const frame = plain(await frameWhere(app, '1. node-2 (host)'));
    const lines = frame.split('\n');
    expect(lines.find((l) => l.includes('Likely causes'))).toBe('│Likely causes of node-2, behind KubeNodeMemoryPressure and 11 more alerts on …│');
    expect(lines.find((l) => l.includes('1. node-2 (host)'))).toBe('│1. node-2 (host)  40.8  6 services on it deviate together: checkout, frontend…│');
    expect(lines.find((l) => l.includes('2. auth/auth-1'))).toMatch(/^│2\. auth\/auth-1 {2}15\.2 {2}on instance auth-1: 1 of the service's 1 alerts +│$/);
    expect(lines.some((l) => /^│3\. checkout {2}14\.6 +│$/.test(l))).toBe(true);
    expect(frame).toContain('Firing alerts (enter: service) (1)');
    expect(frame).toContain('PaymentsDbLatencyHigh');
    expect(frame).not.toMatch(/\x1b\[2J/);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('says when there is no incident, and when the ranking could not be made', async () => {
    const quiet = start(fakeData({ suspects: async () => ({ suspects: [] }) }), { columns: 80, rows: 24 });
    await frameWhere(quiet, 'cart');
    quiet.stdin.write(':alerts\r');
    expect(plain(await frameWhere(quiet, 'no incident'))).toMatch(/│Likely causes +│\n│ {2}no incident in the last 2 hours +│/);

    const failing = start(fakeData({ suspects: async () => Promise.reject(new Error('alertmanager: connection refused')) }), { columns: 80, rows: 24 });
    await frameWhere(failing, 'cart');
    failing.stdin.write(':alerts\r');
    expect(plain(await frameWhere(failing, 'Likely causes error'))).toContain('Likely causes error — alertmanager: connection refused');
  });

  it('says that every alert group is held back, rather than "no incident", and still shows the first group\'s causes', async () => {
    const silenced = async () => ({ ...(await suspects()), heldBack: 'all 3 alert groups are silenced' });
    const app = start(fakeData({ suspects: silenced }), { columns: 80, rows: 24 });
    await frameWhere(app, 'cart');
    app.stdin.write(':alerts\r');
    const lines = plain(await frameWhere(app, '1. node-2 (host)')).split('\n');
    expect(lines.find((l) => l.includes('silenced'))).toBe('│All 3 alert groups are silenced; likely causes of node-2, behind KubeNodeMemo…│');
    expect(lines.some((l) => l.includes('no incident'))).toBe(false);
  });
});

describe('what is unusual for a service', () => {
  const unusual = (names: string[]) => async () => ({
    failed: [],
    order: names,
    services: Object.fromEntries(fleet(9).map((r) => [r.service, names.includes(r.service)
      ? { anomalous: true, score: 0.9, signals: [{ signal: 'request rate', direction: 'down' as const, actual: 40, expected: 100, band: 8, since: NOW - 600_000 }] }
      : { anomalous: false, score: 0.1, signals: [] }])),
  });

  it('marks an unusual service at 80x24 and puts it first, ahead of worse-looking ones', async () => {
    const app = start(fakeData({ services: async () => ({ partial: {}, services: fleet(9) }), alerts: async () => [], anomalies: unusual(['svc-06']) }), { columns: 80, rows: 24 });
    const frame = plain(await frameWhere(app, '1 unusual (!)'));
    expect(table(frame).names.slice(0, 2)).toEqual(['svc-06', 'payments-db']);
    expect(frame).toMatch(/│▶ ! svc-06 /);
    expect(frame).toMatch(/│  {3}payments-db /);
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('shows the marker unknown, never blank, when the anomaly query fails, and the rest still answers', async () => {
    const failing = async (): Promise<never> => {
      throw Object.assign(new Error('query timed out'), { backend: 'prometheus' });
    };
    const app = start(fakeData({ services: async () => ({ partial: {}, services: fleet(9) }), alerts: async () => [], anomalies: failing }), { columns: 80, rows: 24 });
    const frame = plain(await frameWhere(app, 'unusual (!): prometheus: query timed out'));
    const t = table(frame);
    expect(t.names[0]).toBe('payments-db');
    expect(frame).toMatch(/│▶ \? payments-db\s+5\/s\s+40\.00%/);
    for (const name of t.names) expect(frame).toMatch(new RegExp(`│. \\? ${name} `));
    expect(frame).not.toContain('unusual (!) ·');
  });
});

describe('one key path', () => {
  it('handles a command typed ahead with its enter in one write, and nothing else sees the enter', async () => {
    const app = start(fakeData({ slos: async () => [{ name: 'checkout-availability', service: 'checkout', objective: 0.999, burnRates: {}, verdict: 'OK' }] }));
    await frameWhere(app, '20.00%');
    app.stdin.write(':slo\r');
    const frame = await frameWhere(app, 'checkout-availability');
    expect(frame).toContain('overview › slo');
    expect(frame).not.toContain('svc payments');
  });

  it('opens the service named in ":svc NAME⏎", not the row under the cursor', async () => {
    const app = start(fakeData({ services: async () => ({ partial: {}, services: fleet(9) }) }));
    await frameWhere(app, 'Services (9)');
    app.stdin.write(':svc svc-03\r');
    const frame = await frameWhere(app, 'overview › svc');
    expect(frame).toContain('overview › svc svc-03');
    expect(frame).not.toContain('svc payments-db');
  });

  it('takes keys typed ahead in order: a screen opened by one key gets the next ones', async () => {
    const app = start(fakeData({ services: async () => ({ partial: {}, services: fleet(9) }) }));
    await frameWhere(app, 'Services (9)');
    app.stdin.write('jj\r');
    await frameWhere(app, /overview › svc svc-0\d/);
  });

  it('refreshes on r while paused', async () => {
    let loads = 0;
    const app = start(fakeData({ alerts: async () => (loads++, []) }));
    await frameWhere(app, 'none firing');
    app.stdin.write('p');
    await frameWhere(app, 'PAUSED');
    const before = loads;
    app.stdin.write('r');
    await frameWhere(app, () => loads > before);
    expect(app.lastFrame()).toContain('PAUSED');
  });

  it('closes span attributes with esc and leaves the trace open', async () => {
    const app = start(fakeData());
    app.stdin.write(':trace abcdef0123456789abcdef0123456789\r');
    await frameWhere(app, 'SELECT payments');
    app.stdin.write('a');
    await frameWhere(app, 'db.system');
    app.stdin.write('\x1b');
    const frame = await frameWhere(app, (f) => !f.includes('db.system'));
    expect(frame).toContain('overview › trace abcdef01');
  });

  it('goes home on :top instead of piling up the trail, and keeps an active filter in view', async () => {
    const app = start(fakeData(), { columns: 80, rows: 24 });
    await frameWhere(app, '20.00%');
    for (const name of ['checkout', 'payments', 'cart', 'frontend', 'auth', 'inventory', 'shipping', 'search', 'email', 'ledger']) {
      app.stdin.write(`:svc ${name}\r`);
      await frameWhere(app, `svc ${name}`);
    }
    app.stdin.write('/timeout\r');
    let frame = plain(await frameWhere(app, '/timeout'));
    const crumbs = frame.split('\n')[1];
    expect(crumbs).toContain('svc ledger');
    expect(crumbs).toMatch(/\/timeout\s*$/);
    app.stdin.write(':top\r');
    frame = plain(await frameWhere(app, (f) => /^overview\s*$/m.test(plain(f))));
    app.stdin.write(':alerts\r');
    frame = plain(await frameWhere(app, 'overview › alerts'));
    expect(frame.split('\n')[1].trim()).toBe('overview › alerts');
  });

  it('switches context live with :ctx NAME', async () => {
    const other = fakeData({ contextName: 'staging', services: async () => ({ partial: {}, services: [healthy('staging-only', 5)] }) });
    const app = start(fakeData(), undefined, { switchContext: async (name) => (name === 'staging' ? other : Promise.reject(new Error(`context "${name}" does not exist`))) });
    await frameWhere(app, '20.00%');
    app.stdin.write(':ctx nope\r');
    await frameWhere(app, 'context "nope" does not exist');
    app.stdin.write(':ctx staging\r');
    const frame = await frameWhere(app, 'staging-only');
    expect(frame).toContain('obs · staging');
  });
});

describe('readable text', () => {
  it('fits the :slo table in 80 columns, headers whole', async () => {
    const slos = [{ name: 'checkout-availability', service: 'checkout', objective: 0.999, sli: 0.9987, budgetRemaining: -0.3, burnRates: { '1h': 14.2 }, verdict: 'BREACHED' }];
    const app = start(fakeData({ slos: async () => slos }), { columns: 80, rows: 24 });
    app.stdin.write(':slo\r');
    const frame = plain(await frameWhere(app, 'checkout-availability'));
    expect(frame).toMatch(/VERDICT\s+SLO\s+SERVICE\s+OBJ\s+SLI\s+BUDGET\s+BURN1h/);
    expect(frame).toMatch(/BREACHED\s+checkout-availability\s+checkout\s+99\.90%\s+99\.87%\s+-30\.00%\s+14\.20/);
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('opens the whole log entry with its labels, stack trace lines and all', async () => {
    const long = `ERROR payment failed for order 12345 after ${'retrying the card processor '.repeat(6)}the end`;
    const entry = { time: NOW, labels: { service: 'payments', pod: 'payments-7d9f' }, line: `${long}\njava.lang.IllegalStateException: boom\n\tat com.shop.Pay.run(Pay.java:42)` };
    const app = start(fakeData({ logs: async () => [entry] }), { columns: 80, rows: 24 });
    app.stdin.write(':logs {service="payments"}\r');
    await frameWhere(app, 'ERROR payment failed');
    app.stdin.write('\r');
    const frame = plain(await frameWhere(app, 'IllegalStateException'));
    expect(frame).toContain('pod=payments-7d9f');
    expect(frame).toContain('service=payments');
    expect(frame).toContain('at com.shop.Pay.run(Pay.java:42)');
    expect(frame.replace(/[│\s]+/g, ' ')).toContain(long.replace(/\s+/g, ' '));
  });
});

/** The widths, in cells, of the frame's panel lines: one value when every line ends at the terminal's edge. */
const lineWidthsOf = (frame: string) => new Set(plain(frame).split('\n').filter((l) => /^[│╭╰]/.test(l)).map((l) => cellWidth(l)));

describe('wide characters (CJK, emoji) in names', () => {
  const wideServices = async () => ({ partial: {}, services: [healthy('支付服务', 2.05), healthy('cart-🛒', 3), healthy('cart', 4)] });
  const wideAlert: AlertItem = { fingerprint: 'w1', name: 'WideAlert', service: '支付服务', severity: 'critical', state: 'active', startsAt: NOW - 360_000, summary: '支付服务 错误率高 🔥' };
  // Each panel line ends where every other one ends: at the terminal's width in cells.
  const lineWidths = (frame: string) => new Set(plain(frame).split('\n').filter((l) => /^[│╭╰]/.test(l)).map((l) => cellWidth(l)));

  for (const size of [{ columns: 80, rows: 24 }, { columns: 100, rows: 30 }]) {
    it(`keeps the services and alerts tables aligned, one line per row, at ${size.columns}x${size.rows}`, async () => {
      const app = start(fakeData({ services: wideServices, alerts: async () => [wideAlert] }), size);
      let frame = await frameWhere(app, (f) => f.includes('支付服务') && f.includes('cart-🛒') && f.includes('WideAlert'));
      expect(lineWidths(frame)).toEqual(new Set([size.columns]));
      const rows = plain(frame).split('\n').filter((l) => /\/s\s+0\.10%/.test(l));
      expect(rows).toHaveLength(3);
      const rpsEnd = (l: string) => cellWidth(l.slice(0, l.search(/\/s/)));
      expect(new Set(rows.map(rpsEnd)).size).toBe(1);
      app.stdin.write(':alerts\r');
      frame = await frameWhere(app, (f) => f.includes('overview › alerts') && f.includes('WideAlert'));
      expect(lineWidths(frame)).toEqual(new Set([size.columns]));
      expect(plain(frame)).toMatch(/▶ critical\s+WideAlert\s+支付服务\s+6m ago\s+支付服务 错/);
    });
  }
});

describe('the budget column', () => {
  it('shows a budget overspent 300 times as -299x at 80x24, never a cut number such as -2990…', async () => {
    const app = start(fakeData({ budgets: async () => ({ payments: -299, cart: -29.9 }) }), { columns: 80, rows: 24 });
    const frame = plain(await frameWhere(app, (f) => f.includes('-299x')));
    expect(frame.split('\n').find((l) => /│. . payments /.test(l))).toMatch(/ -299x\s+1\s*│$/);
    expect(frame.split('\n').find((l) => /│. . cart /.test(l))).toMatch(/ -2990%\s*│$/);
    expect(frame).not.toContain('…');
  });
});

describe('an alert that starts in the future (its sender\'s clock is ahead)', () => {
  it('reads as the clock skew in the strip and in :alerts, never "in 56m"', async () => {
    const ahead: AlertItem = { fingerprint: 's1', name: 'SkewedAlert', service: 'payments', severity: 'critical', state: 'active', startsAt: NOW + 56 * 60_000, summary: '' };
    const app = start(fakeData({ alerts: async () => [ahead] }));
    let frame = plain(await frameWhere(app, 'SkewedAlert'));
    expect(frame).toContain('SkewedAlert payments skew 56m');
    app.stdin.write(':alerts\r');
    frame = plain(await frameWhere(app, (f) => f.includes('overview › alerts') && f.includes('SkewedAlert')));
    expect(frame).toMatch(/SkewedAlert\s+payments\s+skew 56m/);
    expect(frame).not.toContain('in 56m');
  });
});

describe('the alerts and incidents strip', () => {
  const title = `支付服务 故障 🔥 ${'checkout cannot charge cards '.repeat(4)}`;
  for (const size of [{ columns: 80, rows: 24 }, { columns: 100, rows: 30 }]) {
    it(`keeps two thirds of ${size.columns} columns for the firing alerts whatever an incident's title says, and cuts the title`, async () => {
      const app = start(fakeData({ incidents: async () => [{ id: 'inc-20261207-wxe', title, severity: 'sev1', status: 'investigating' }] }), size);
      const frame = plain(await frameWhere(app, (f) => f.includes('inc-20261207-wxe') && f.includes('PaymentsDbLatencyHigh')));
      const top = frame.split('\n').find((l) => l.includes('Firing alerts'))!;
      expect(cellWidth(top.slice(0, top.indexOf('││') + 1))).toBe(Math.ceil((size.columns * 2) / 3));
      expect(frame).toContain('PaymentsDbLatencyHigh payments');
      expect(lineWidthsOf(frame)).toEqual(new Set([size.columns]));
    });
  }
});

describe('the log list', () => {
  // Bursts of one message: three lines per refresh in one millisecond, alike in their first 40 characters.
  function burstyLogs() {
    let refreshes = 0;
    return async () => {
      refreshes++;
      const lines = [];
      for (let r = refreshes; r >= 1; r--) {
        for (let i = 2; i >= 0; i--) lines.push({ time: NOW + r * 1000, labels: { service_name: 'payments' }, line: `level=error msg="charge failed" card=visa order=${800 + r * 3 + i}` });
      }
      return lines;
    };
  }
  const rows = (frame: string) => plain(frame).split('\n').filter((l) => l.includes('charge failed'));
  const orderOf = (row: string) => /order=(\d+)/.exec(row)?.[1];

  it('shows each line once and one selected row however many lines share a millisecond and a start', async () => {
    const app = start(fakeData({ logs: burstyLogs() }), { columns: 100, rows: 30 });
    app.stdin.write(':logs {service_name="payments"}\r');
    await frameWhere(app, 'order=805');
    for (const newest of [808, 811, 814]) {
      app.stdin.write('r');
      const frame = await frameWhere(app, `order=${newest}`);
      const shown = rows(frame);
      expect(shown.map(orderOf)).toEqual(Array.from({ length: newest - 802 }, (_, i) => String(newest - i)));
      expect(shown.filter((l) => l.includes('▶'))).toHaveLength(1);
    }
  });

  it('moves the cursor with j to the next line, and keeps it on that line as newer lines arrive above', async () => {
    const app = start(fakeData({ logs: burstyLogs() }), { columns: 100, rows: 30 });
    app.stdin.write(':logs {service_name="payments"}\r');
    await frameWhere(app, 'order=805');
    app.stdin.write('j');
    let frame = await frameWhere(app, (f) => rows(f).some((l) => l.includes('▶') && l.includes('order=804')));
    app.stdin.write('j');
    frame = await frameWhere(app, (f) => rows(f).some((l) => l.includes('▶') && l.includes('order=803')));
    app.stdin.write('r');
    frame = await frameWhere(app, 'order=808');
    expect(rows(frame).filter((l) => l.includes('▶')).map(orderOf)).toEqual(['803']);
  });
});

describe(':ctx NAME', () => {
  // What only the first context (fakeData) shows: its alert, its business events, its budget.
  const oldData = ['PaymentsDbLatencyHigh', 'checkout_completed', '-50%', 'cart'];
  const down = (backend: string) => async () => Promise.reject(Object.assign(new Error('connection refused'), { backend }));
  const framesSince = (app: { frames: string[] }, text: string) => app.frames.slice(app.frames.findIndex((f) => f.includes(text))).map(plain);

  it('drops every panel of the old context at once, and a failing new context shows its errors, never the old data', async () => {
    const dead = fakeData({
      contextName: 'dead', services: down('prometheus'), alerts: down('alertmanager'), incidents: down('incidents'),
      budgets: down('prometheus'), business: down('amplitude'), backendStatus: async () => [{ backend: 'prometheus', state: 'down' }],
    });
    const app = start(fakeData(), undefined, { switchContext: async () => dead });
    await frameWhere(app, (f) => oldData.every((t) => f.includes(t)));
    app.stdin.write(':ctx dead\r');
    const frame = plain(await frameWhere(app, (f) => f.includes('obs · dead') && f.includes('alertmanager: connection refused') && f.includes('amplitude: connection refused')));
    expect(frame).toContain('? unknown — alertmanager: connection refused');
    // The incidents panel is a third of the strip: its reason is cut in the title and wraps below.
    expect(frame).toContain('Incidents error — incidents: c');
    expect(frame).toContain('? unknown — incidents:');
    for (const f of framesSince(app, 'obs · dead')) for (const t of oldData) expect(f).not.toContain(t);
  });

  it('shows nothing of the old context while the new one has not answered yet', async () => {
    const never = () => new Promise<never>(() => {});
    const slow = fakeData({ contextName: 'slow', services: never, alerts: never, incidents: never, budgets: never, business: never });
    const app = start(fakeData(), undefined, { switchContext: async () => slow });
    await frameWhere(app, (f) => oldData.every((t) => f.includes(t)));
    app.stdin.write(':ctx slow\r');
    const frame = plain(await frameWhere(app, (f) => f.includes('obs · slow') && f.includes('Firing alerts (?) loading')));
    expect(frame).toContain('Services (?)');
    for (const f of framesSince(app, 'obs · slow')) for (const t of oldData) expect(f).not.toContain(t);
  });
});

describe('the / filter never makes a list look empty or healthy', () => {
  const threeAlerts = async () => alertList(3);

  it('says how many services and firing alerts it hides, in yellow, never "none firing" in green', async () => {
    // Colours are off where tests run; this test reads them.
    const level = chalk.level;
    chalk.level = 1;
    onTestFinished(() => {
      chalk.level = level;
    });
    const app = start(fakeData({ alerts: threeAlerts }), { columns: 80, rows: 24 });
    await frameWhere(app, 'PaymentsDbDown');
    app.stdin.write('/zzz\r');
    const frame = await frameWhere(app, (f) => f.includes('/zzz') && f.includes('? help'));
    const text = plain(frame);
    expect(text).toContain('Services (0 of 3)');
    expect(text).toContain('3 services, none match /zzz/ (esc clears)');
    expect(text).toContain('Firing alerts (0 of 3)');
    expect(text).toContain('3 firing alerts, none match /zzz/ (esc clears)');
    expect(text).not.toContain('none firing');
    expect(text).not.toContain('no services found');
    expect(frame).toMatch(/\x1b\[33m\s*3 firing alerts, none match/);
    expect(frame).toMatch(/\x1b\[33m\s*3 services, none match/);
    app.stdin.write('\x1b');
    await frameWhere(app, (f) => f.includes('PaymentsDbDown') && f.includes('Firing alerts (3)'));
  });

  it('counts what it keeps out of all, and says so on the :alerts screen too', async () => {
    const app = start(fakeData({ alerts: threeAlerts }), { columns: 80, rows: 24 });
    await frameWhere(app, 'PaymentsDbDown');
    app.stdin.write('/Warn1\r');
    await frameWhere(app, (f) => plain(f).includes('Firing alerts (1 of 3)'));
    app.stdin.write(':alerts\r');
    await frameWhere(app, 'Firing alerts (enter: service) (3)');
    app.stdin.write('/nothing-like-it\r');
    const text = plain(await frameWhere(app, (f) => f.includes('/nothing-like-it') && f.includes('? help')));
    expect(text).toContain('Firing alerts (enter: service) (0 of 3)');
    expect(text).toContain('3 firing alerts, none match /nothing-like-it/ (esc clears)');
  });
});
