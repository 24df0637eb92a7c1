import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld } from '../world/world.js';
import { BUILD_VERSION } from './api.js';
import { createPrometheusServer } from './server.js';

const NOW = Date.UTC(2026, 4, 20, 18, 0, 0);
const ONSET = NOW - 25 * 60_000;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createPrometheusServer(createWorld({ seed: 42, scenario: 'payments-db-latency', onsetMs: ONSET }), { now: () => NOW });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
type Json = any;

async function get(path: string, params: Record<string, string | number> = {}): Promise<{ status: number; body: Json }> {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await fetch(`${base}${path}${qs.size ? `?${qs}` : ''}`);
  const text = await res.text();
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

describe('/api/v1/query', () => {
  it('answers a vector with string values, second timestamps and sorted label keys', async () => {
    const { status, body } = await get('/api/v1/query', { query: 'sum by (service) (rate(http_requests_total[5m]))', time: NOW / 1000 });
    expect(status).toBe(200);
    expect(body.status).toBe('success');
    expect(body.data.resultType).toBe('vector');
    const checkout = body.data.result.find((r: Json) => r.metric.service === 'checkout');
    expect(checkout.value[0]).toBe(NOW / 1000);
    expect(typeof checkout.value[1]).toBe('string');
    expect(Number(checkout.value[1])).toBeGreaterThan(1);
    const raw = await get('/api/v1/query', { query: 'up{service="cart"}', time: NOW / 1000 });
    expect(Object.keys(raw.body.data.result[0].metric)).toEqual(['__name__', 'instance', 'job', 'service']);
  });

  it('spells NaN and infinities as Prometheus does', async () => {
    const nan = await get('/api/v1/query', { query: 'scalar(vector(0) / 0)', time: NOW / 1000 });
    expect(nan.body.data).toEqual({ resultType: 'scalar', result: [NOW / 1000, 'NaN'] });
    const inf = await get('/api/v1/query', { query: 'vector(1) / 0', time: NOW / 1000 });
    expect(inf.body.data.result[0].value[1]).toBe('+Inf');
    const neg = await get('/api/v1/query', { query: '-1 / 0', time: NOW / 1000 });
    expect(neg.body.data.result[1]).toBe('-Inf');
    const big = await get('/api/v1/query', { query: '1e21 + 0.5', time: NOW / 1000 });
    expect(big.body.data.result[1]).toBe('1000000000000000000000');
  });

  it('answers string literals and defaults time to now', async () => {
    const { body } = await get('/api/v1/query', { query: '"hello"' });
    expect(body.data).toEqual({ resultType: 'string', result: [NOW / 1000, 'hello'] });
  });

  it('accepts RFC3339 times and POSTed forms', async () => {
    const res = await fetch(`${base}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: 'time()', time: new Date(NOW - 60_000).toISOString() }),
    });
    expect(((await res.json()) as Json).data).toEqual({ resultType: 'scalar', result: [(NOW - 60_000) / 1000, String((NOW - 60_000) / 1000)] });
  });

  it('names unsupported constructs in a 400 bad_data error', async () => {
    const { status, body } = await get('/api/v1/query', { query: 'label_join(up, "a", ",", "b")' });
    expect(status).toBe(400);
    expect(body).toEqual({ status: 'error', errorType: 'bad_data', error: expect.stringContaining('function "label_join"') });
  });

  it('reports syntax errors and execution errors with their types', async () => {
    const syntax = await get('/api/v1/query', { query: 'sum(' });
    expect(syntax.status).toBe(400);
    expect(syntax.body.error).toMatch(/^invalid parameter "query": 1:5: parse error/);
    const exec = await get('/api/v1/query', { query: 'http_requests_total / on (service) up' });
    expect(exec.status).toBe(422);
    expect(exec.body.errorType).toBe('execution');
    const time = await get('/api/v1/query', { query: 'up', time: 'yesterday' });
    expect(time.body.error).toBe('invalid parameter "time": cannot parse "yesterday" to a valid timestamp');
  });
});

describe('/api/v1/query_range', () => {
  it('returns a matrix aligned to start + k*step', async () => {
    const start = NOW / 1000 - 600;
    const { body } = await get('/api/v1/query_range', { query: 'sum(rate(http_requests_total[5m]))', start: start + 0.5, end: NOW / 1000, step: '60s' });
    expect(body.data.resultType).toBe('matrix');
    const points = body.data.result[0].values;
    expect(points).toHaveLength(10);
    expect(points[0][0]).toBe(start + 0.5);
    expect(points[1][0]).toBe(start + 60.5);
  });

  it('guards the range like Prometheus', async () => {
    const q = { query: 'up' };
    expect((await get('/api/v1/query_range', { ...q, start: 100, end: 50, step: 10 })).body.error).toBe(
      'invalid parameter "end": end timestamp must not be before start time',
    );
    expect((await get('/api/v1/query_range', { ...q, start: 0, end: 50, step: 0 })).body.error).toContain('zero or negative query resolution step widths');
    const tooMany = await get('/api/v1/query_range', { ...q, start: 0, end: 11001, step: 1 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toContain('exceeded maximum resolution of 11,000 points per timeseries');
    expect((await get('/api/v1/query_range', { ...q, start: 0, end: 50, step: 'x' })).body.error).toBe(
      'invalid parameter "step": cannot parse "x" to a valid duration',
    );
  });
});

describe('metadata endpoints', () => {
  it('/series needs match[] and returns label sets', async () => {
    expect((await get('/api/v1/series')).body).toEqual({ status: 'error', errorType: 'bad_data', error: 'no match[] parameter provided' });
    const { body } = await get('/api/v1/series', { 'match[]': 'up{service="payments"}' });
    expect(body.data).toEqual([
      { __name__: 'up', instance: 'payments-0:8080', job: 'payments', service: 'payments' },
      { __name__: 'up', instance: 'payments-1:8080', job: 'payments', service: 'payments' },
    ]);
  });

  it('/labels and /label/<name>/values', async () => {
    expect((await get('/api/v1/labels')).body.data).toEqual(expect.arrayContaining(['__name__', 'service', 'code', 'le', 'model', 'version']));
    const services = (await get('/api/v1/label/service/values')).body.data;
    expect(services).toEqual(expect.arrayContaining(['frontend', 'payments-db', 'inference', 'cart-cache']));
    expect([...services].sort()).toEqual(services);
    expect((await get('/api/v1/label/model/values', { 'match[]': 'inference_tokens_total' })).body.data).toEqual(['recs-embed-v2', 'recs-rerank-8b']);
    const bad = await get('/api/v1/label/1bad/values');
    expect(bad.status).toBe(400);
  });

  it('/metadata describes the families', async () => {
    const { body } = await get('/api/v1/metadata', { metric: 'http_request_duration_seconds' });
    expect(body.data).toEqual({ http_request_duration_seconds: [{ type: 'histogram', help: 'HTTP request latency.', unit: 'seconds' }] });
    expect((await get('/api/v1/metadata', { limit: 'x' })).body.error).toBe('limit must be a number');
  });

  it('/status/buildinfo reports the demo version', async () => {
    expect((await get('/api/v1/status/buildinfo')).body.data.version).toBe(BUILD_VERSION);
  });

  it('answers unknown paths with a plain 404', async () => {
    const r = await get('/api/v1/nope');
    expect(r.status).toBe(404);
    expect(r.body).toBe('404 page not found\n');
  });
});

describe('/api/v1/rules and /api/v1/alerts', () => {
  it('lists the alerting rules with their state and alerts', async () => {
    const { body } = await get('/api/v1/rules');
    const group = body.data.groups[0];
    expect(group).toMatchObject({ name: 'obs-demo', interval: 30, limit: 0 });
    const rule = group.rules.find((r: Json) => r.name === 'PaymentsDbLatencyHigh');
    expect(rule).toMatchObject({ type: 'alerting', state: 'firing', duration: 120, health: 'ok', labels: { severity: 'critical' } });
    expect(rule.alerts[0]).toMatchObject({ state: 'firing', labels: { alertname: 'PaymentsDbLatencyHigh', service: 'payments-db', severity: 'critical' } });
    expect(rule.alerts[0].value).toMatch(/^\d\.\d{6}e[+-]\d\d$/);
    expect((await get('/api/v1/rules', { type: 'record' })).body.data.groups).toEqual([]);
  });

  it('lists active alerts with activeAt and a %e value', async () => {
    const { body } = await get('/api/v1/alerts');
    const alerts = body.data.alerts;
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      expect(['pending', 'firing']).toContain(a.state);
      expect(Date.parse(a.activeAt)).toBeGreaterThanOrEqual(ONSET);
      expect(a.labels.severity).toMatch(/^(critical|warning|info)$/);
    }
  });
});
