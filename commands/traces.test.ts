import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startFakeServer } from '../test/support/fake-server.js';
import { runObs } from '../test/support/run-obs.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** A Jaeger with only the internal v1 API, holding one trace: frontend calls payments, which fails. */
const V1_TRACE = {
  data: [{
    traceID: TRACE_ID,
    processes: { p1: { serviceName: 'frontend', tags: [] }, p2: { serviceName: 'payments', tags: [] } },
    spans: [
      { traceID: TRACE_ID, spanID: '00f067aa0ba902b7', operationName: 'POST /checkout', references: [], startTime: 1714557600123456, duration: 734210, tags: [{ key: 'span.kind', type: 'string', value: 'server' }], logs: [], processID: 'p1' },
      { traceID: TRACE_ID, spanID: '5b8aa5a2d2c872e8', operationName: 'Charge, with "quotes"', references: [{ refType: 'CHILD_OF', traceID: TRACE_ID, spanID: '00f067aa0ba902b7' }], startTime: 1714557600130000, duration: 512003, tags: [{ key: 'error', type: 'bool', value: true }], logs: [], processID: 'p2' },
    ],
  }],
};

describe('obs traces show -o csv', () => {
  let jaeger: Awaited<ReturnType<typeof startFakeServer>>;
  beforeAll(async () => {
    jaeger = await startFakeServer((req, res) => (req.url.pathname === `/api/traces/${TRACE_ID}` ? reply(res, 200, V1_TRACE) : reply(res, 404, '404 page not found', 'text/plain')));
  });
  afterAll(() => jaeger.close());

  it('prints the spans as data, one row each in start order, times RFC3339 to the microsecond', async () => {
    const r = await runObs(['traces', 'show', TRACE_ID, '-o', 'csv'], { env: { OBS_JAEGER_URL: jaeger.url } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'traceId,spanId,parentSpanId,service,operation,start,durationUs,kind,status,statusMessage',
      `${TRACE_ID},00f067aa0ba902b7,,frontend,POST /checkout,2024-05-01T10:00:00.123456Z,734210,server,unset,`,
      `${TRACE_ID},5b8aa5a2d2c872e8,00f067aa0ba902b7,payments,"Charge, with ""quotes""",2024-05-01T10:00:00.130000Z,512003,unspecified,error,`,
    ]);
  });
});
