import { afterEach, describe, expect, it } from 'vitest';
import { reply, startFakeServer, type FakeHandler, backendFailure } from '../../../test/support/fake-server.js';
import { HttpClient } from '../../http/client.js';
import { JaegerClient } from './client.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const OTHER_ID = '0af7651916cd43dd8448eb211c80319c';

// Fixtures from the reference (backend-apis.md §4).
const V3_TRACE = {
  result: {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'frontend' } }] },
        scopeSpans: [
          {
            scope: { name: 'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp' },
            spans: [
              {
                traceId: TRACE_ID,
                spanId: '00f067aa0ba902b7',
                name: 'HTTP GET /dispatch',
                kind: 2,
                startTimeUnixNano: '1714557600123456000',
                endTimeUnixNano: '1714557600857666000',
                attributes: [
                  { key: 'http.response.status_code', value: { intValue: '200' } },
                  { key: 'http.route', value: { stringValue: '/dispatch' } },
                ],
                events: [{ timeUnixNano: '1714557600200000000', name: 'cache miss' }],
                status: {},
              },
              {
                traceId: TRACE_ID,
                spanId: '5b8aa5a2d2c872e8',
                parentSpanId: '00f067aa0ba902b7',
                name: 'SQL SELECT',
                kind: 3,
                startTimeUnixNano: '1714557600130000000',
                endTimeUnixNano: '1714557600642003000',
                status: { code: 2, message: 'deadline exceeded' },
              },
            ],
          },
        ],
      },
    ],
  },
};

/** A search answer mixing two traces across resources, the newer one (OTHER_ID) without errors. */
const V3_SEARCH = {
  result: {
    resourceSpans: [
      ...V3_TRACE.result.resourceSpans,
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'driver' } }] },
        scopeSpans: [{ spans: [{ traceId: OTHER_ID, spanId: 'aaaaaaaaaaaaaaaa', name: 'FindDriver', kind: 2, startTimeUnixNano: '1714557700000000000', endTimeUnixNano: '1714557700050000000' }] }],
      },
    ],
  },
};

const V1_TRACE = {
  traceID: TRACE_ID,
  spans: [
    {
      traceID: TRACE_ID,
      spanID: '00f067aa0ba902b7',
      operationName: 'HTTP GET /dispatch',
      references: [],
      startTime: 1714557600123456,
      duration: 734210,
      tags: [
        { key: 'span.kind', type: 'string', value: 'server' },
        { key: 'http.status_code', type: 'int64', value: 200 },
        { key: 'error', type: 'bool', value: false },
      ],
      logs: [{ timestamp: 1714557600200000, fields: [{ key: 'event', type: 'string', value: 'cache miss' }] }],
      processID: 'p1',
      warnings: null,
    },
    {
      traceID: TRACE_ID,
      spanID: '5b8aa5a2d2c872e8',
      operationName: 'SQL SELECT',
      references: [{ refType: 'CHILD_OF', traceID: TRACE_ID, spanID: '00f067aa0ba902b7' }],
      startTime: 1714557600130000,
      duration: 512003,
      tags: [{ key: 'db.system', type: 'string', value: 'mysql' }],
      logs: [],
      processID: 'p2',
      warnings: ['clock skew adjustment disabled; not applying calculated delta of 1.2ms'],
    },
  ],
  processes: {
    p1: { serviceName: 'frontend', tags: [{ key: 'hostname', type: 'string', value: 'fe-1' }] },
    p2: { serviceName: 'mysql', tags: [] },
  },
  warnings: null,
};

const envelope = (data: unknown) => ({ data, total: Array.isArray(data) ? data.length : 0, limit: 0, offset: 0, errors: null });
const v1Error = (code: number, msg: string) => JSON.stringify({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code, msg }] });
const v3Error = (code: number, message: string) => JSON.stringify({ error: { httpCode: code, message } });
const NOT_FOUND_V3 = v3Error(404, 'No traces found');

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

async function jaeger(handler: FakeHandler) {
  const server = await startFakeServer(handler);
  const http = new HttpClient({ backend: 'jaeger', baseUrl: `${server.url}/jaeger`, timeoutMs: 2000, retries: 0 });
  closers.push(server.close, () => http.close());
  return { server, client: new JaegerClient(http), paths: () => server.requests.map((r) => r.url.pathname.replace(/^\/jaeger/, '')) };
}


/** A current Jaeger: api_v3, plus the internal trace-by-id and dependencies endpoints. */
const modernJaeger: FakeHandler = (req, res) => {
  const path = req.url.pathname.replace(/^\/jaeger/, '');
  if (path === '/api/v3/services') return reply(res, 200, { services: ['frontend', 'driver'] });
  if (path === '/api/v3/operations') return reply(res, 200, { operations: [{ name: 'HTTP GET /dispatch', spanKind: 'server' }, { name: 'redis GET', spanKind: '' }] });
  if (path === '/api/v3/traces') return req.url.searchParams.get('query.service_name') === 'nobody' ? reply(res, 404, NOT_FOUND_V3, 'text/plain') : reply(res, 200, V3_SEARCH);
  if (path === `/api/v3/traces/${TRACE_ID}`) return reply(res, 200, V3_TRACE);
  if (path.startsWith('/api/v3/traces/')) return reply(res, 404, NOT_FOUND_V3, 'text/plain');
  if (path === `/api/traces/${OTHER_ID}`) return reply(res, 200, envelope([{ ...V1_TRACE, traceID: OTHER_ID, spans: V1_TRACE.spans.map((s) => ({ ...s, traceID: OTHER_ID })) }]));
  if (path.startsWith('/api/traces/')) return reply(res, 404, v1Error(404, 'trace not found'), 'text/plain');
  if (path === '/api/dependencies') return reply(res, 200, envelope([{ parent: 'frontend', child: 'driver', callCount: 42 }]));
  return reply(res, 404, '404 page not found', 'text/plain');
};

/** A Jaeger 1.x: the internal API only. */
const legacyJaeger: FakeHandler = (req, res) => {
  const path = req.url.pathname.replace(/^\/jaeger/, '');
  if (path === '/api/services') return reply(res, 200, envelope(['frontend', 'mysql']));
  if (path === '/api/operations') return reply(res, 200, envelope([{ name: 'HTTP GET /dispatch', spanKind: 'server' }]));
  if (path === '/api/traces') return reply(res, 200, envelope(req.url.searchParams.get('service') === 'nobody' ? [] : [V1_TRACE]));
  if (path === `/api/traces/${TRACE_ID}`) return reply(res, 200, envelope([V1_TRACE]));
  if (path.startsWith('/api/traces/')) return reply(res, 404, v1Error(404, 'trace not found'), 'text/plain');
  return reply(res, 404, '404 page not found', 'text/plain');
};

const WINDOW = { start: Date.parse('2024-05-01T09:00:00Z'), end: Date.parse('2024-05-01T10:00:00Z') };

describe('JaegerClient on api_v3', () => {
  it('lists services and operations, probing api_v3 once', async () => {
    const { server, client, paths } = await jaeger(modernJaeger);
    expect(await client.services()).toEqual(['frontend', 'driver']);
    expect(await client.operations('frontend', { spanKind: 'server' })).toEqual([{ name: 'HTTP GET /dispatch', spanKind: 'server' }, { name: 'redis GET' }]);
    expect(await client.api()).toBe('v3');
    expect(paths()).toEqual(['/api/v3/services', '/api/v3/operations']);
    const ops = server.requests[1].url.searchParams;
    expect([ops.get('service'), ops.get('spanKind'), ops.get('span_kind')]).toEqual(['frontend', 'server', 'server']);
  });

  it('searches with snake_case params and both time bounds, grouping spans into traces, newest first', async () => {
    const { server, client } = await jaeger(modernJaeger);
    const traces = await client.searchTraces({ service: 'frontend', operation: 'HTTP GET /dispatch', ...WINDOW, limit: 10, minDurationMs: 250, maxDurationMs: 1500, attributes: { 'http.route': '/dispatch' } });
    expect(traces.map((t) => [t.traceId, t.spans.length])).toEqual([[OTHER_ID, 1], [TRACE_ID, 2]]);
    const p = server.requests.find((r) => r.url.pathname.endsWith('/api/v3/traces'))!.url.searchParams;
    expect(Object.fromEntries(p)).toEqual({
      'query.service_name': 'frontend',
      'query.operation_name': 'HTTP GET /dispatch',
      'query.start_time_min': '2024-05-01T09:00:00.000Z',
      'query.start_time_max': '2024-05-01T10:00:00.000Z',
      'query.search_depth': '10',
      'query.duration_min': '250ms',
      'query.duration_max': '1500ms',
      'query.attributes': '{"http.route":"/dispatch"}',
    });
  });

  it('keeps only failed traces for error: true, even when the server ignores attributes', async () => {
    const { server, client } = await jaeger(modernJaeger);
    const traces = await client.searchTraces({ service: 'frontend', ...WINDOW, error: true });
    expect(traces.map((t) => t.traceId)).toEqual([TRACE_ID]);
    expect(server.requests.at(-1)!.url.searchParams.get('query.attributes')).toBe('{"error":"true"}');
    expect((await client.searchTraces({ service: 'frontend', ...WINDOW, error: false })).map((t) => t.traceId)).toEqual([OTHER_ID]);
  });

  it('reads api_v3’s 404 "No traces found" as an empty result', async () => {
    const { client } = await jaeger(modernJaeger);
    expect(await client.searchTraces({ service: 'nobody', ...WINDOW })).toEqual([]);
  });

  it('fetches a trace by id into the trace model', async () => {
    const { client, paths } = await jaeger(modernJaeger);
    const trace = await client.getTrace(TRACE_ID.toUpperCase());
    expect(paths()).toEqual(['/api/v3/services', `/api/v3/traces/${TRACE_ID}`]);
    expect(trace.traceId).toBe(TRACE_ID);
    const [root, child] = trace.spans;
    expect(root).toMatchObject({ service: 'frontend', operation: 'HTTP GET /dispatch', kind: 'server', startUs: 1714557600123456, durationUs: 734210, status: 'unset' });
    expect(root.attributes).toEqual({ 'http.response.status_code': 200, 'http.route': '/dispatch' });
    expect(root.events).toEqual([{ timeUs: 1714557600200000, name: 'cache miss', attributes: {} }]);
    expect(child).toMatchObject({ parentSpanId: root.spanId, kind: 'client', status: 'error', statusMessage: 'deadline exceeded' });
  });

  it('falls back to the internal endpoint for a trace api_v3 does not have (archive)', async () => {
    const { client, paths } = await jaeger(modernJaeger);
    const trace = await client.getTrace(OTHER_ID);
    expect(trace.traceId).toBe(OTHER_ID);
    expect(paths().slice(1)).toEqual([`/api/v3/traces/${OTHER_ID}`, `/api/traces/${OTHER_ID}`]);
  });

  it('reports an unknown trace as a clear 404', async () => {
    const { client } = await jaeger(modernJaeger);
    const err = await backendFailure(client.getTrace('ffffffffffffffffffffffffffffffff'));
    expect([err.backend, err.kind, err.status, err.message]).toEqual(['jaeger', 'http', 404, 'trace ffffffffffffffffffffffffffffffff not found']);
  });

  it('probes api_v3 once for searches asked at the same time', async () => {
    const { client, paths } = await jaeger(modernJaeger);
    await Promise.all(['frontend', 'driver', 'redis'].map((service) => client.searchTraces({ service, ...WINDOW, limit: 5 })));
    expect(paths().filter((p) => p === '/api/v3/services')).toHaveLength(1);
    expect(paths().filter((p) => p === '/api/v3/traces')).toHaveLength(3);
  });

  it('reads dependencies with ms times', async () => {
    const { server, client } = await jaeger(modernJaeger);
    expect(await client.dependencies({ endTs: 1714557600000, lookbackMs: 3_600_000 })).toEqual([{ parent: 'frontend', child: 'driver', callCount: 42 }]);
    expect(Object.fromEntries(server.requests[0].url.searchParams)).toEqual({ endTs: '1714557600000', lookback: '3600000' });
  });
});

describe('JaegerClient on the internal v1 API', () => {
  it('falls back when /api/v3/services is 404 and remembers it', async () => {
    const { client, paths } = await jaeger(legacyJaeger);
    expect(await client.services()).toEqual(['frontend', 'mysql']);
    expect(await client.services()).toEqual(['frontend', 'mysql']);
    expect(await client.operations('frontend')).toEqual([{ name: 'HTTP GET /dispatch', spanKind: 'server' }]);
    expect(await client.api()).toBe('v1');
    expect(paths()).toEqual(['/api/v3/services', '/api/services', '/api/services', '/api/operations']);
  });

  it('searches with µs times and tags JSON', async () => {
    const { server, client } = await jaeger(legacyJaeger);
    const traces = await client.searchTraces({ service: 'frontend', ...WINDOW, limit: 5, minDurationMs: 100, attributes: { 'http.status_code': '500' }, error: true });
    expect(traces).toHaveLength(0); // the fixture has no failed span, so the error filter drops it
    const p = server.requests.at(-1)!.url.searchParams;
    expect(Object.fromEntries(p)).toEqual({
      service: 'frontend',
      start: String(WINDOW.start * 1000),
      end: String(WINDOW.end * 1000),
      limit: '5',
      minDuration: '100ms',
      tags: '{"http.status_code":"500","error":"true"}',
    });
    const all = await client.searchTraces({ service: 'frontend', ...WINDOW });
    expect(all[0].spans.map((s) => s.service)).toEqual(['frontend', 'mysql']);
    expect(all[0].spans[1].parentSpanId).toBe('00f067aa0ba902b7');
    expect(await client.searchTraces({ service: 'nobody', ...WINDOW })).toEqual([]);
  });

  it('gets a trace straight from the internal API, and 404 for an unknown one', async () => {
    const { client, paths } = await jaeger(legacyJaeger);
    const trace = await client.getTrace(TRACE_ID);
    expect(trace.spans.map((s) => s.operation)).toEqual(['HTTP GET /dispatch', 'SQL SELECT']);
    expect(trace.spans[0].events[0].name).toBe('cache miss');
    expect((await backendFailure(client.getTrace(OTHER_ID))).status).toBe(404);
    expect(paths()).toEqual(['/api/v3/services', `/api/traces/${TRACE_ID}`, `/api/traces/${OTHER_ID}`]);
  });

  it('takes a 200 HTML page on /api/v3/services (the UI catch-all) as "no api_v3"', async () => {
    const { client } = await jaeger((req, res) =>
      req.url.pathname.endsWith('/api/v3/services') ? reply(res, 200, '<!doctype html><html><title>Jaeger UI</title></html>', 'text/html') : legacyJaeger(req, res));
    expect(await client.services()).toEqual(['frontend', 'mysql']);
    expect(await client.api()).toBe('v1');
  });
});

describe('JaegerClient errors', () => {
  it('carries Jaeger’s own message for each documented error form', async () => {
    const cases: [string, number, string, string][] = [
      ['/api/v3/traces', 400, v3Error(400, 'query.startTimeMin and query.startTimeMax are required'), 'query.startTimeMin and query.startTimeMax are required'],
      ['/api/v3/traces', 400, v3Error(400, "malformed parameter query.duration_min: time: invalid duration \"x\""), 'malformed parameter query.duration_min: time: invalid duration "x"'],
      ['/api/v3/traces', 500, v3Error(500, 'elasticsearch: connection refused'), 'elasticsearch: connection refused'],
      ['/api/v3/traces', 502, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', '502 Bad Gateway (HTML page, probably from a proxy in front of the backend)'],
    ];
    for (const [failing, status, body, message] of cases) {
      const { client } = await jaeger((req, res) =>
        req.url.pathname.endsWith(failing) ? reply(res, status, body, /html/.test(body) ? 'text/html' : 'text/plain') : modernJaeger(req, res));
      const err = await backendFailure(client.searchTraces({ service: 'frontend', ...WINDOW }));
      expect([err.backend, err.kind, err.status, err.message]).toEqual(['jaeger', 'http', status, message]);
    }
  });

  it('reads the v1 envelope sent as text/plain', async () => {
    const cases: [number, string][] = [
      [400, "parameter 'service' is required"],
      [400, "'maxDuration' should be greater than 'minDuration'"],
      [500, 'storage: context deadline exceeded'],
    ];
    for (const [status, msg] of cases) {
      const { client } = await jaeger((req, res) => (req.url.pathname.endsWith('/api/traces') ? reply(res, status, v1Error(status, msg), 'text/plain') : legacyJaeger(req, res)));
      const err = await backendFailure(client.searchTraces({ service: 'frontend', ...WINDOW }));
      expect([err.kind, err.status, err.message]).toEqual(['http', status, msg]);
    }
  });

  it('a malformed trace id is a 400 with the server’s message, not a fallback', async () => {
    const { client, paths } = await jaeger((req, res) =>
      req.url.pathname.includes('/api/v3/traces/') ? reply(res, 400, v3Error(400, 'malformed parameter trace_id: encoding/hex: invalid byte'), 'text/plain') : modernJaeger(req, res));
    const err = await backendFailure(client.getTrace('not-hex'));
    expect([err.status, err.message]).toEqual([400, 'malformed parameter trace_id: encoding/hex: invalid byte']);
    expect(paths()).not.toContain('/api/traces/not-hex');
  });

  it('a 501 for a disabled feature is passed on', async () => {
    const { client } = await jaeger((req, res) => (req.url.pathname.endsWith('/api/dependencies') ? reply(res, 501, v1Error(501, 'dependencies are not supported'), 'text/plain') : modernJaeger(req, res)));
    const err = await backendFailure(client.dependencies({ endTs: Date.now(), lookbackMs: 3_600_000 }));
    expect([err.status, err.message]).toEqual([501, 'dependencies are not supported']);
  });

  it('a backend that is not Jaeger at all answers with a decode error', async () => {
    const { client } = await jaeger((_req, res) => reply(res, 200, { something: 'else' }));
    const err = await backendFailure(client.searchTraces({ service: 'frontend', ...WINDOW }));
    expect(err.kind).toBe('decode');
  });
});
