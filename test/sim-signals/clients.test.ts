/** obs's own backend clients against the demo servers: what the CLI and TUI will see in `--demo`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmplitudeClient } from '../../src/backends/amplitude/client.js';
import { JaegerClient } from '../../src/backends/jaeger/client.js';
import { LokiClient } from '../../src/backends/loki/client.js';
import { HttpClient } from '../../src/http/client.js';
import { createAmplitudeServer } from '../../src/sim/amplitude/server.js';
import { createJaegerServer } from '../../src/sim/jaeger/server.js';
import { createLokiServer } from '../../src/sim/loki/server.js';
import { clock, HOUR, incidentWorld, listen, MIN, NOW, type Running } from './harness.js';

const world = incidentWorld();
const running: Running[] = [];
const https: HttpClient[] = [];
let loki: LokiClient;
let jaeger: JaegerClient;
let amplitude: AmplitudeClient;

beforeAll(async () => {
  const [l, j, a] = await Promise.all([createLokiServer, createJaegerServer, createAmplitudeServer].map((make) => listen(make(world, { now: clock }))));
  running.push(l, j, a);
  const http = (backend: 'loki' | 'jaeger' | 'amplitude', base: string, auth = {}) => {
    const c = new HttpClient({ backend, baseUrl: base, proxy: 'none', retries: 0, auth });
    https.push(c);
    return c;
  };
  loki = new LokiClient(http('loki', l.base));
  jaeger = new JaegerClient(http('jaeger', j.base));
  amplitude = new AmplitudeClient(http('amplitude', a.base, { username: 'key', password: 'secret' }));
});
afterAll(async () => {
  await Promise.all(https.map((c) => c.close()));
  await Promise.all(running.map((r) => r.close()));
});

describe('obs clients against the demo world', () => {
  it('Loki: a log query, a metric query, labels and patterns decode', async () => {
    const logs = await loki.queryRange('{service="payments", level="error"}', { start: NOW - 10 * MIN, end: NOW, limit: 20 });
    expect(JSON.stringify(logs)).toContain('talking to payments-db');
    const metric = await loki.queryRange('sum by (level) (count_over_time({service="checkout"}[1m]))', { start: NOW - 30 * MIN, end: NOW, stepMs: 60_000 });
    expect(JSON.stringify(metric)).toContain('"level":"error"');
    expect(await loki.labels()).toEqual(['app', 'container', 'level', 'namespace', 'pod', 'service', 'service_name']);
    const patterns = await loki.patterns('{service="checkout"}', { start: NOW - 30 * MIN, end: NOW });
    expect(JSON.stringify(patterns)).toContain('upstream payments returned <_>');
  });

  it('Jaeger: api_v3 is detected; search and fetch by ID agree', async () => {
    expect(await jaeger.api()).toBe('v3');
    const traces = await jaeger.searchTraces({ service: 'payments', start: NOW - 10 * MIN, end: NOW, limit: 5, error: true });
    expect(traces).toHaveLength(5);
    const one = await jaeger.getTrace(traces[0].traceId);
    expect(one.traceId).toBe(traces[0].traceId);
    expect(JSON.stringify(one)).toContain('payments');
    const deps = await jaeger.dependencies({ endTs: NOW, lookbackMs: HOUR });
    expect(deps.length).toBe(world.edges.length);
  });

  it('Amplitude: segmentation, users, realtime, events list and export decode', async () => {
    const seg = await amplitude.eventSegmentation({ event: 'checkout_completed', start: new Date(NOW - 2 * 24 * HOUR), end: new Date(NOW), metric: 'totals', groupBy: 'platform' });
    expect(seg.series.map((s) => s.label).sort()).toEqual(['Android', 'Web', 'iOS']);
    const users = await amplitude.activeUsers({ start: new Date(NOW - 2 * 24 * HOUR), end: new Date(NOW) });
    expect(users.series[0].values.every((v) => (v ?? 0) > 0)).toBe(true);
    expect((await amplitude.realtime()).series).toHaveLength(2);
    expect((await amplitude.eventsList()).map((e) => e.name)).toContain('add_to_cart');
    let n = 0;
    for await (const e of amplitude.export({ start: NOW - 2 * HOUR, end: NOW - 2 * HOUR })) {
      expect(e.event_type).toBeTruthy();
      n++;
    }
    expect(n).toBeGreaterThan(100);
    let future = 0;
    for await (const _ of amplitude.export({ start: NOW + 2 * HOUR, end: NOW + 3 * HOUR })) future++;
    expect(future).toBe(0);
  });
});
