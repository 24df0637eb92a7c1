import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { CockpitData, ServiceSeries } from '../src/cockpit/types.js';
import type { Trace } from '../src/traces/model.js';
import { App } from './app.js';
import { makeTheme } from './theme.js';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const flush = () => new Promise((r) => setTimeout(r, 30));

/** Wait until the frame shows `text` (loaders resolve over several renders). */
async function waitFor(app: { lastFrame(): string | undefined }, text: string): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const frame = app.lastFrame() ?? '';
    // One more tick: Ink attaches the new key handlers just after it draws the frame.
    if (frame.includes(text)) return flush().then(() => app.lastFrame() ?? '');
    await flush();
  }
  return app.lastFrame() ?? '';
}

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

function fakeData(overrides: Partial<CockpitData> = {}): CockpitData {
  return {
    contextName: 'test',
    backendStatus: async () => [{ backend: 'prometheus', state: 'up', latencyMs: 12 }, { backend: 'loki', state: 'down', message: 'connection refused' }],
    services: async () => ({
      partial: {},
      services: [
        { service: 'cart', rps: 20, errorRatio: 0.001, p50: 0.01, p95: 0.03, p99: 0.05, up: true, trend: { rps: [1, 2], errorRatio: [0, 0], p99: [0.05, 0.05] }, firingAlerts: 0 },
        { service: 'payments', rps: 10, errorRatio: 0.2, p50: 0.4, p95: 2.1, p99: 4.8, up: true, trend: { rps: [1, 2], errorRatio: [0.01, 0.2], p99: [0.2, 4.8] }, firingAlerts: 3 },
        { service: 'evil\x1b[2Jsvc', rps: NaN, errorRatio: undefined, p50: undefined, p95: undefined, p99: Infinity, trend: { rps: [], errorRatio: [], p99: [] }, firingAlerts: 0 },
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

let instances: { unmount(): void }[] = [];
afterEach(() => {
  for (const i of instances) i.unmount();
  instances = [];
});

function start(data: CockpitData, size = { columns: 100, rows: 30 }, color = true) {
  const app = render(<App data={data} theme={makeTheme({ color, unicode: true })} refreshMs={60_000} now={() => NOW} />);
  for (const [k, v] of Object.entries(size)) Object.defineProperty(app.stdout, k, { value: v, configurable: true });
  app.stdout.emit('resize');
  instances.push(app);
  return app;
}

describe('obs top', () => {
  it('shows the worst service first, with its alerts, and the backends in the header', async () => {
    const app = start(fakeData());
    const frame = await waitFor(app, 'PaymentsDbLatencyHigh');
    const lines = frame.split('\n');
    const payments = lines.findIndex((l) => l.includes('payments') && l.includes('20.00%'));
    const cart = lines.findIndex((l) => /\bcart\b/.test(l) && l.includes('/s'));
    expect(payments).toBeGreaterThan(0);
    expect(payments).toBeLessThan(cart);
    expect(frame).toContain('PaymentsDbLatencyHigh');
    expect(frame).toMatch(/prom\w* 12ms|●prom /);
    expect(frame).toContain('loki down');
    const business = await waitFor(app, 'checkout_completed');
    expect(business).toMatch(/active users 5025 -31%/);
    expect(business).toMatch(/checkout_completed 40 -50%/);
  });

  it('never lets hostile labels or annotations write escape sequences', async () => {
    const app = start(fakeData());
    const frame = await waitFor(app, 'evil');
    expect(frame).not.toContain('\x1b[2J');
    expect(frame).not.toContain('\x1b]0;');
    expect(frame).toContain('evil');
  });

  it('drills into a service, opens a trace waterfall, and goes back with esc', async () => {
    const app = start(fakeData());
    await flush();
    await waitFor(app, '20.00%');
    app.stdin.write('\r');
    let frame = await waitFor(app, 'timeout after <*>ms talking to payments-db');
    frame = await waitFor(app, 'payments-availability');
    expect(frame).toContain('overview › svc payments');
    app.stdin.write('\t');
    frame = await waitFor(app, 'frontend GET /checkout');
    app.stdin.write('\r');
    frame = await waitFor(app, 'SELECT payments');
    expect(frame).toContain('svc payments › trace abcdef01');
    app.stdin.write('\x1b');
    await flush();
    expect(app.lastFrame()).toContain('overview › svc payments');
    app.stdin.write('\x1b');
    await flush();
    expect(app.lastFrame()).not.toContain('svc payments');
  });

  it('filters with / and opens screens from the : command bar', async () => {
    const app = start(fakeData());
    await waitFor(app, 'cart');
    app.stdin.write('/');
    app.stdin.write('^car');
    app.stdin.write('\r');
    await flush();
    let frame = app.lastFrame()!;
    expect(frame).toContain('Services (1)');
    app.stdin.write(':');
    app.stdin.write('alerts');
    app.stdin.write('\r');
    frame = await waitFor(app, 'overview › alerts');
    expect(frame).toContain('Firing alerts (enter: service) (1)');
  });

  it('shows every key in the help', async () => {
    const app = start(fakeData());
    await flush();
    app.stdin.write('?');
    await flush();
    const frame = app.lastFrame()!;
    for (const k of ['/', ':', 'esc', 'tab', 'enter', 'q, ctrl-c', ':svc NAME', ':trace ID']) expect(frame).toContain(k);
  });

  it('keeps the rest of the screen working when one panel fails', async () => {
    const app = start(fakeData({ alerts: async () => { throw new Error('alertmanager (http://am): connection refused'); } }));
    const frame = await waitFor(app, 'connection refused');
    expect(frame).toContain('error — alertmanager (http://am): connection refused');
    expect(frame).toContain('payments');
  });

  it('says so instead of drawing below 80x24', async () => {
    const app = start(fakeData(), { columns: 60, rows: 20 });
    await flush();
    const frame = (app.lastFrame() ?? '').replace(/\s+/g, ' ');
    expect(frame).toContain('needs a terminal of at least 80x24; this one is 60x20');
  });
});
