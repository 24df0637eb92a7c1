import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeDependencies, normalizeJaegerTraces, normalizeOtlpTraces } from './normalize.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8'));

describe('normalizeJaegerTraces (internal v1 JSON API)', () => {
  it('reads the reference fixture: µs times, processes map, CHILD_OF reference, tags and logs', () => {
    const [trace] = normalizeJaegerTraces(fixture('jaeger-v1-trace.json'));
    expect(trace!.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    const [root, sql] = trace!.spans;
    expect(root).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      service: 'frontend',
      operation: 'HTTP GET /dispatch',
      startUs: 1714557600123456,
      durationUs: 734210,
      kind: 'server',
      status: 'unset',
      attributes: { 'span.kind': 'server', 'http.status_code': 200, error: false },
      events: [{ timeUs: 1714557600200000, name: 'cache miss', attributes: {} }],
    });
    expect(sql).toMatchObject({
      spanId: '5b8aa5a2d2c872e8',
      parentSpanId: '00f067aa0ba902b7',
      service: 'mysql',
      kind: 'unspecified',
      durationUs: 512003,
      attributes: { 'db.system': 'mysql' },
    });
    expect(sql!.followsFrom).toBeUndefined();
  });

  it('accepts a bare array of traces or a single trace object', () => {
    const body = fixture('jaeger-v1-trace.json') as { data: unknown[] };
    expect(normalizeJaegerTraces(body.data)).toHaveLength(1);
    expect(normalizeJaegerTraces(body.data[0])[0]!.spans).toHaveLength(2);
  });

  it('marks errors from error=true, HTTP status >= 500 and otel.status_code, and keeps big int64 as strings', () => {
    const span = (spanID: string, tags: unknown[]) => ({
      traceID: 'ab', spanID, operationName: 'op', references: [], startTime: 1, duration: 2, tags, logs: [], processID: 'p1',
    });
    const [trace] = normalizeJaegerTraces({
      data: [{
        traceID: 'ab',
        processes: { p1: { serviceName: 'payments', tags: [] } },
        spans: [
          span('01', [{ key: 'error', type: 'bool', value: true }]),
          span('02', [{ key: 'http.status_code', type: 'int64', value: 503 }]),
          span('03', [{ key: 'http.status_code', type: 'int64', value: 404 }]),
          span('04', [{ key: 'otel.status_code', type: 'string', value: 'ERROR' }, { key: 'otel.status_description', type: 'string', value: 'boom' }]),
          span('05', [{ key: 'otel.status_code', type: 'string', value: 'OK' }, { key: 'error', type: 'bool', value: true }]),
          span('06', [{ key: 'big', type: 'int64', value: '9223372036854775807' }, { key: 'f', type: 'float64', value: 0.5 }]),
        ],
      }],
    });
    const byId = Object.fromEntries(trace!.spans.map((s) => [s.spanId, s]));
    expect(byId['01']!.status).toBe('error');
    expect(byId['02']!.status).toBe('error');
    expect(byId['03']!.status).toBe('unset');
    expect(byId['04']).toMatchObject({ status: 'error', statusMessage: 'boom' });
    expect(byId['05']!.status).toBe('ok');
    expect(byId['06']!.attributes).toEqual({ big: '9223372036854775807', f: 0.5 });
  });

  it('follows FOLLOWS_FROM references, prefers CHILD_OF, and ignores references into other traces', () => {
    const base = { traceID: 'ab', operationName: 'op', startTime: 1, duration: 1, tags: [], logs: [], processID: 'p1' };
    const [trace] = normalizeJaegerTraces([{
      traceID: 'ab',
      processes: { p1: { serviceName: 's' } },
      spans: [
        { ...base, spanID: 'a1', references: [] },
        { ...base, spanID: 'b1', references: [{ refType: 'FOLLOWS_FROM', traceID: 'ab', spanID: 'a1' }] },
        { ...base, spanID: 'c1', references: [{ refType: 'FOLLOWS_FROM', traceID: 'ab', spanID: 'b1' }, { refType: 'CHILD_OF', traceID: 'ab', spanID: 'a1' }] },
        { ...base, spanID: 'd1', references: [{ refType: 'CHILD_OF', traceID: 'other', spanID: 'zz' }] },
      ],
    }]);
    const [a, b, c, d] = trace!.spans;
    expect(a!.parentSpanId).toBeUndefined();
    expect(b).toMatchObject({ parentSpanId: 'a1', followsFrom: true });
    expect(c!.parentSpanId).toBe('a1');
    expect(c!.followsFrom).toBeUndefined();
    expect(d!.parentSpanId).toBeUndefined();
  });

  it('rejects an answer that is not a trace list', () => {
    expect(() => normalizeJaegerTraces({ data: null, errors: [{ code: 404, msg: 'trace not found' }] })).toThrow(TypeError);
  });
});

describe('normalizeOtlpTraces (api_v3)', () => {
  it('reads the reference fixture: ns strings to µs, intValue strings, kind enum, status code 2', () => {
    const [trace] = normalizeOtlpTraces(fixture('otlp-trace.json'));
    const [root, sql] = trace!.spans;
    expect(root).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      service: 'frontend',
      operation: 'HTTP GET /dispatch',
      startUs: 1714557600123456,
      durationUs: 734210,
      kind: 'server',
      status: 'unset',
      attributes: { 'http.response.status_code': 200, 'http.route': '/dispatch' },
      events: [{ timeUs: 1714557600200000, name: 'cache miss', attributes: {} }],
    });
    expect(sql).toMatchObject({
      parentSpanId: '00f067aa0ba902b7',
      kind: 'client',
      status: 'error',
      statusMessage: 'deadline exceeded',
      startUs: 1714557600130000,
      durationUs: 512003,
    });
  });

  it('gives the same times and tree as the v1 API for the same trace', () => {
    const shape = (t: { spans: { spanId: string; parentSpanId?: string; startUs: number; durationUs: number }[] }) =>
      t.spans.map(({ spanId, parentSpanId, startUs, durationUs }) => ({ spanId, parentSpanId, startUs, durationUs }));
    expect(shape(normalizeOtlpTraces(fixture('otlp-trace.json'))[0]!)).toEqual(
      shape(normalizeJaegerTraces(fixture('jaeger-v1-trace.json'))[0]!),
    );
  });

  it('groups a search answer by trace ID and handles enum names, arrays, big ints and HTTP 5xx', () => {
    const span = (traceId: string, spanId: string, extra: object) => ({
      traceId, spanId, name: 'op', startTimeUnixNano: '1000', endTimeUnixNano: '5999', ...extra,
    });
    const traces = normalizeOtlpTraces({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'payments' } }] },
          scopeSpans: [{ spans: [
            span('t1', 'a', { kind: 'SPAN_KIND_CONSUMER', status: { code: 'STATUS_CODE_ERROR' } }),
            span('t2', 'b', { attributes: [
              { key: 'http.response.status_code', value: { intValue: '502' } },
              { key: 'ids', value: { arrayValue: { values: [{ intValue: '1' }, { stringValue: 'x' }] } } },
              { key: 'big', value: { intValue: '18446744073709551615' } },
              { key: 'ok', value: { boolValue: true } },
            ] }),
          ] }],
        },
        { resource: { attributes: [] }, scopeSpans: [{ spans: [span('t1', 'c', { parentSpanId: 'a', kind: 1 })] }] },
      ],
    });
    expect(traces.map((t) => [t.traceId, t.spans.map((s) => s.spanId)])).toEqual([['t1', ['a', 'c']], ['t2', ['b']]]);
    const [a, c] = traces[0]!.spans;
    expect(a).toMatchObject({ kind: 'consumer', status: 'error', startUs: 1, durationUs: 4 });
    expect(c).toMatchObject({ service: 'unknown', kind: 'internal', parentSpanId: 'a' });
    expect(traces[1]!.spans[0]).toMatchObject({
      status: 'error',
      attributes: { 'http.response.status_code': 502, ids: '[1,"x"]', big: '18446744073709551615', ok: true },
    });
  });

  it('rejects an api_v3 error body', () => {
    expect(() => normalizeOtlpTraces({ error: { httpCode: 404, message: 'No traces found' } })).toThrow(TypeError);
  });
});

describe('normalizeDependencies', () => {
  it('reads the v1 envelope and bare arrays, skipping incomplete items', () => {
    expect(normalizeDependencies(fixture('jaeger-dependencies.json'))).toEqual([
      { parent: 'frontend', child: 'driver', callCount: 42 },
    ]);
    expect(normalizeDependencies([{ parent: 'a', child: 'b' }, { parent: 'a' }, { parent: 'b', child: 'c', callCount: 3, errorRate: 0.5 }])).toEqual([
      { parent: 'a', child: 'b', callCount: 0 },
      { parent: 'b', child: 'c', callCount: 3, errorRate: 0.5 },
    ]);
    expect(() => normalizeDependencies({ data: null })).toThrow(TypeError);
  });
});
