import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJaegerServer } from '../../src/sim/jaeger/server.js';
import { logsOf } from '../../src/sim/logs/index.js';
import { clock, HOUR, incidentWorld, listen, MIN, NOW, type Running } from './harness.js';

const world = incidentWorld();
let jaeger: Running;
beforeAll(async () => {
  jaeger = await listen(createJaegerServer(world, { now: clock }));
});
afterAll(() => jaeger.close());

async function get(path: string, params: Record<string, string | string[]> = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) q.append(k, x);
  const res = await fetch(`${jaeger.base}${path}?${q}`);
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', json: () => JSON.parse(text) };
}

const rfc = (ms: number) => new Date(ms).toISOString().replace('Z', '000000Z');
const window = { 'query.start_time_min': rfc(NOW - 10 * MIN), 'query.start_time_max': rfc(NOW) };

type OtlpSpan = {
  traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number;
  startTimeUnixNano: string; endTimeUnixNano: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
  status: { code?: number; message?: string };
};
type ResourceSpans = { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[] }[];

function serviceOf(rs: ResourceSpans[number]): string | undefined {
  return rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
}

describe('api_v3', () => {
  it('lists services and operations with their span kind', async () => {
    const services = (await get('/api/v3/services')).json().services;
    expect(services).toEqual(expect.arrayContaining(['frontend', 'checkout', 'payments', 'payments-db', 'cart', 'cart-cache', 'auth', 'inference']));
    const ops = (await get('/api/v3/operations', { service: 'checkout' })).json().operations;
    expect(ops).toEqual([{ name: 'GET /cart', spanKind: 'server' }, { name: 'POST /checkout', spanKind: 'server' }]);
    expect((await get('/api/v3/operations', { service: 'payments-db', spanKind: 'server' })).json().operations).toEqual([]);
  });

  it('searches with snake_case or camelCase parameters and answers OTLP/JSON', async () => {
    const snake = (await get('/api/v3/traces', { ...window, 'query.service_name': 'payments', 'query.num_traces': '5' })).json();
    const camel = (await get('/api/v3/traces', {
      'query.startTimeMin': window['query.start_time_min'], 'query.startTimeMax': window['query.start_time_max'], 'query.serviceName': 'payments', 'query.searchDepth': '5',
    })).json();
    expect(camel).toEqual(snake);
    const rs: ResourceSpans = snake.result.resourceSpans;
    const traceIds = new Set(rs.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((sp) => sp.traceId))));
    expect(traceIds.size).toBe(5);
    for (const r of rs) {
      expect(serviceOf(r)).toBeTruthy();
      for (const sp of r.scopeSpans[0].spans) {
        expect(sp.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(sp.spanId).toMatch(/^[0-9a-f]{16}$/);
        expect(sp.startTimeUnixNano).toMatch(/^\d{19}$/);
        expect(BigInt(sp.endTimeUnixNano) >= BigInt(sp.startTimeUnixNano)).toBe(true);
        expect([1, 2, 3, 4, 5]).toContain(sp.kind);
        for (const a of sp.attributes ?? []) {
          if ('intValue' in a.value) expect(typeof a.value.intValue).toBe('string');
        }
        if (sp.status.code !== undefined) expect(sp.status).toEqual({ code: 2, message: expect.any(String) });
      }
    }
    const roots = rs.flatMap((r) => r.scopeSpans[0].spans.filter((sp) => !sp.parentSpanId).map(() => serviceOf(r)));
    expect(roots).toEqual(Array(5).fill('frontend'));
  });

  it('filters by attributes and duration', async () => {
    const rs: ResourceSpans = (await get('/api/v3/traces', { ...window, 'query.attributes': '{"http.response.status_code":"503"}', 'query.duration_min': '500ms', 'query.num_traces': '10' })).json().result.resourceSpans;
    const byTrace = new Map<string, OtlpSpan[]>();
    for (const r of rs) for (const sp of r.scopeSpans[0].spans) byTrace.set(sp.traceId, [...(byTrace.get(sp.traceId) ?? []), sp]);
    expect(byTrace.size).toBe(10);
    for (const spans of byTrace.values()) {
      expect(spans.some((sp) => sp.attributes?.some((a) => a.key === 'http.response.status_code' && a.value.intValue === '503'))).toBe(true);
      const root = spans.find((sp) => !sp.parentSpanId)!;
      expect(Number(BigInt(root.endTimeUnixNano) - BigInt(root.startTimeUnixNano)) / 1e6).toBeGreaterThanOrEqual(500);
    }
  });

  it('fetches one trace by ID: the one a log line names', async () => {
    const logs = logsOf(world, clock);
    const line = [...logs.read(logs.streams().filter((s) => s.service === 'checkout' && s.level === 'error'), (NOW - 5 * MIN) * 1000, NOW * 1000, 'backward')][0];
    const id = /trace_id=([0-9a-f]{32})/.exec(line.line)![1];
    const r = await get(`/api/v3/traces/${id}`);
    expect(r.status).toBe(200);
    const rs: ResourceSpans = r.json().result.resourceSpans;
    const spans = rs.flatMap((x) => x.scopeSpans[0].spans.map((sp) => ({ ...sp, service: serviceOf(x) })));
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([id]));
    expect(spans.some((s) => s.service === 'checkout' && s.status.code === 2)).toBe(true);
  });

  it.each([
    ['/api/v3/traces', {}, 400, 'query.startTimeMin and query.startTimeMax are required'],
    ['/api/v3/traces', { ...window, 'query.service_name': 'nope' }, 404, 'No traces found'],
    ['/api/v3/traces', { ...window, 'query.start_time_min': 'yesterday' }, 400, expect.stringMatching(/^malformed parameter query.start_time_min/)],
    ['/api/v3/traces/0123456789abcdef0123456789abcdef', {}, 404, 'No traces found'],
    ['/api/v3/traces/not-hex', {}, 400, expect.stringMatching(/^malformed parameter trace_id/)],
  ])('%s %j -> %i', async (path, params, status, message) => {
    const r = await get(path, params as Record<string, string>);
    expect(r.status).toBe(status);
    expect(r.type).toBe('text/plain; charset=utf-8');
    expect(r.json()).toEqual({ error: { httpCode: status, message } });
  });

  it('summarises traces (2.19+)', async () => {
    const s = (await get('/api/v3/trace-summaries', { ...window, 'query.service_name': 'payments-db', 'query.num_traces': '3' })).json().summaries;
    expect(s).toHaveLength(3);
    for (const x of s) {
      expect(x).toMatchObject({ traceId: expect.stringMatching(/^[0-9a-f]{32}$/), rootServiceName: 'frontend', spanCount: expect.any(Number), errorSpanCount: expect.any(Number) });
      expect(x.services.map((v: { name: string }) => v.name)).toContain('payments-db');
    }
  });
});

describe('internal v1 JSON API', () => {
  const us = (ms: number) => String(ms * 1000);

  it('wraps lists in the envelope with total set', async () => {
    const services = (await get('/api/services')).json();
    expect(services).toMatchObject({ data: expect.arrayContaining(['frontend', 'payments']), limit: 0, offset: 0, errors: null });
    expect(services.total).toBe(services.data.length);
    expect((await get('/api/services/payments-db/operations')).json().data).toEqual(['INSERT payments', 'SELECT payments', 'UPDATE payments']);
    expect((await get('/api/operations', { service: 'cart' })).json().data).toEqual([{ name: 'GET /cart', spanKind: 'server' }, { name: 'rebuild cart', spanKind: 'internal' }]);
  });

  it('searches with µs times, tags and durations, answering v1 traces', async () => {
    const body = (await get('/api/traces', { service: 'checkout', start: us(NOW - 10 * MIN), end: us(NOW), limit: '4', tags: '{"error":"true"}', minDuration: '100ms' })).json();
    expect(body.errors).toBeNull();
    expect(body.data).toHaveLength(4);
    for (const t of body.data) {
      expect(t.traceID).toMatch(/^[0-9a-f]{32}$/);
      const root = t.spans.find((s: { references: unknown[] }) => s.references.length === 0);
      expect(root.startTime).toBeGreaterThanOrEqual((NOW - 10 * MIN) * 1000);
      expect(root.duration).toBeGreaterThanOrEqual(100_000);
      expect(t.processes[root.processID].serviceName).toBe('frontend');
      const checkoutFailed = t.spans.some(
        (s: { processID: string; tags: { key: string; value: unknown }[] }) =>
          t.processes[s.processID].serviceName === 'checkout' && s.tags.some((g) => g.key === 'error' && g.value === true),
      );
      expect(checkoutFailed).toBe(true);
      for (const s of t.spans.filter((x: { references: unknown[] }) => x.references.length > 0)) {
        expect(s.references[0]).toMatchObject({ refType: 'CHILD_OF', traceID: t.traceID });
      }
    }
    expect((await get('/api/traces', { service: 'checkout', start: us(NOW - 10 * MIN), end: us(NOW), operation: 'nope' })).json().data).toEqual([]);
  });

  it('fetches by ID, and reports unknown IDs', async () => {
    const [first] = (await get('/api/traces', { service: 'auth', limit: '1' })).json().data;
    const one = (await get(`/api/traces/${first.traceID}`)).json();
    expect(one.data).toEqual([first]);
    const missing = await get('/api/traces/0123456789abcdef0123456789abcdef');
    expect(missing.status).toBe(404);
    expect(missing.type).toBe('text/plain; charset=utf-8');
    expect(missing.json()).toEqual({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] });
    const many = (await get('/api/traces', { traceID: [first.traceID, '0123456789abcdef0123456789abcdef'] })).json();
    expect(many.data).toEqual([first]);
    expect(many.errors).toEqual([{ code: 404, msg: 'trace not found', traceID: '0123456789abcdef0123456789abcdef' }]);
  });

  it.each([
    [{}, "parameter 'service' is required"],
    [{ service: 'auth', start: 'soon' }, `unable to parse param 'start': strconv.ParseInt: parsing "soon": invalid syntax`],
    [{ service: 'auth', minDuration: '2s', maxDuration: '1s' }, "'maxDuration' should be greater than 'minDuration'"],
    [{ service: 'auth', tags: '{oops' }, expect.stringMatching(/^malformed 'tags' parameter/)],
  ])('refuses %j with the error envelope', async (params, msg) => {
    const r = await get('/api/traces', params as Record<string, string>);
    expect(r.status).toBe(400);
    expect(r.type).toBe('text/plain; charset=utf-8');
    expect(r.json()).toEqual({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 400, msg }] });
  });

  it('answers dependencies with call counts from the model over endTs/lookback in ms', async () => {
    const hour = (await get('/api/dependencies', { endTs: String(NOW), lookback: String(HOUR) })).json().data as { parent: string; child: string; callCount: number }[];
    const edges = hour.map((d) => `${d.parent}>${d.child}`).sort();
    expect(edges).toEqual(world.edges.map((e) => `${e.parent}>${e.child}`).sort());
    const count = (list: typeof hour, p: string, c: string) => list.find((d) => d.parent === p && d.child === c)!.callCount;
    // payments issues three queries per charge
    expect(count(hour, 'payments', 'payments-db') / count(hour, 'checkout', 'payments')).toBeCloseTo(3, 1);
    const twoHours = (await get('/api/dependencies', { endTs: String(NOW), lookback: String(2 * HOUR) })).json().data;
    expect(count(twoHours, 'frontend', 'auth')).toBeGreaterThan(1.5 * count(hour, 'frontend', 'auth'));
  });
});
