import { afterEach, describe, expect, it } from 'vitest';
import { reply, startFakeServer, type FakeHandler, backendFailure } from '../../../test/support/fake-server.js';
import { HttpClient } from '../../http/client.js';
import { BackendError } from '../../http/errors.js';
import { LokiClient } from './client.js';
import { compareNs } from './entries.js';
import type { LogEntry } from './types.js';

// Fixtures from the reference (backend-apis.md §3).
const LOG_FIXTURE = {
  status: 'success',
  data: {
    resultType: 'streams',
    result: [
      {
        stream: { app: 'api', namespace: 'prod', pod: 'api-7c9d8-x2k4p', level: 'error' },
        values: [
          ['1714557598123456789', 'level=error msg="db timeout" duration=5.002s'],
          ['1714557541000000000', 'level=error msg="upstream 502" path=/v1/orders'],
        ],
      },
    ],
    stats: { summary: { bytesProcessedPerSecond: 1048576, linesProcessedPerSecond: 20480, totalBytesProcessed: 524288, totalLinesProcessed: 10240, execTime: 0.5, queueTime: 0.01 } },
  },
};
const METRIC_FIXTURE = {
  status: 'success',
  data: {
    resultType: 'matrix',
    result: [
      { metric: { level: 'error' }, values: [[1714557540, '3'], [1714557600, '7']] },
      { metric: { level: 'info' }, values: [[1714557540, '812'], [1714557600, '790']] },
    ],
    stats: { summary: { execTime: 0.12 } },
  },
};
const PATTERNS_FIXTURE = {
  status: 'success',
  data: [
    { pattern: '<_> level=error msg="db timeout" duration=<_>', level: 'error', samples: [[1714557540, 3], [1714557600, 7]] },
    { pattern: '<_> level=info msg="request" path=<_> status=<_>', samples: [[1714557540, 812], [1714557600, 790]] },
  ],
};
const START = 1714557000000;
const END = 1714557600000;

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

async function loki(handler: FakeHandler, options: { maxEntriesPerRequest?: number; retries?: number } = {}) {
  const server = await startFakeServer(handler);
  const http = new HttpClient({ backend: 'loki', baseUrl: server.url, timeoutMs: 2000, retries: options.retries ?? 0, tenant: 'team-a' });
  closers.push(server.close, () => http.close());
  return { server, client: new LokiClient(http, { maxEntriesPerRequest: options.maxEntriesPerRequest }) };
}


/**
 * A Loki that holds `entries` and answers query_range as Loki does: [start, end), sorted in the
 * requested direction, at most `limit` lines in total, grouped back into streams, refusing a limit
 * above its own `max_entries_limit_per_query`. `perStream` fills a full page as a real Loki 3.4 was
 * measured to: a prefix of each stream, up to an equal share each, so one stream can stop well
 * before another (not the newest `limit` lines overall).
 */
function pagingLoki(entries: LogEntry[], maxEntries: number, perStream = false): FakeHandler {
  return (req, res) => {
    const p = req.url.searchParams;
    const limit = Number(p.get('limit'));
    if (limit > maxEntries) return reply(res, 400, `max entries limit per query exceeded, limit > max_entries_limit_per_query (${limit} > ${maxEntries})`, 'text/plain; charset=utf-8');
    const start = BigInt(p.get('start')!);
    const end = BigInt(p.get('end')!);
    const forward = p.get('direction') === 'forward';
    const inRange = entries.filter((e) => BigInt(e.ts) >= start && BigInt(e.ts) < end).sort((a, b) => (forward ? 1 : -1) * compareNs(a.ts, b.ts));
    let page = inRange.slice(0, limit);
    if (perStream && inRange.length > limit) {
      const apps = [...new Set(inRange.map((e) => e.labels.app))];
      const share = Math.ceil(limit / apps.length);
      page = apps.flatMap((app) => inRange.filter((e) => e.labels.app === app).slice(0, share)).slice(0, limit);
    }
    const streams = new Map<string, { stream: Record<string, string>; values: [string, string][] }>();
    for (const e of page) {
      const key = JSON.stringify(e.labels);
      if (!streams.has(key)) streams.set(key, { stream: e.labels, values: [] });
      streams.get(key)!.values.push([e.ts, e.line]);
    }
    reply(res, 200, { status: 'success', data: { resultType: 'streams', result: [...streams.values()], stats: { summary: { totalLinesProcessed: page.length } } } });
  };
}

/** 23 lines in two streams a millisecond or so apart, with several lines sharing a timestamp within and across streams. */
function crowdedLog(): LogEntry[] {
  const base = 1714557000000000000n;
  const entries: LogEntry[] = [];
  for (let i = 0; i < 12; i++) {
    const ts = String(base + BigInt(Math.floor(i / 3)) * 1_000_000n);
    entries.push({ ts, line: `api line ${i}`, labels: { app: 'api' } });
  }
  for (let i = 0; i < 11; i++) {
    const ts = String(base + BigInt(Math.floor(i / 2)) * 1_000_000n);
    entries.push({ ts, line: `web line ${i}`, labels: { app: 'web' } });
  }
  return entries;
}

const lines = (entries: LogEntry[]) => entries.map((e) => `${e.ts} ${e.labels.app} ${e.line}`);
const sortedLines = (entries: LogEntry[]) => lines(entries).sort();

describe('LokiClient.queryRange (logs)', () => {
  it('reads the reference fixture and sends ns timestamps, direction, tenant and Accept: application/json', async () => {
    const { server, client } = await loki((_req, res) => reply(res, 200, LOG_FIXTURE));
    const result = await client.queryRange('{app="api"} |= "error"', { start: START, end: END, limit: 2 });
    expect(result.resultType).toBe('streams');
    if (result.resultType !== 'streams') return;
    expect(result.entries).toEqual([
      { ts: '1714557598123456789', line: 'level=error msg="db timeout" duration=5.002s', labels: { app: 'api', namespace: 'prod', pod: 'api-7c9d8-x2k4p', level: 'error' } },
      { ts: '1714557541000000000', line: 'level=error msg="upstream 502" path=/v1/orders', labels: { app: 'api', namespace: 'prod', pod: 'api-7c9d8-x2k4p', level: 'error' } },
    ]);
    expect(result.stats).toEqual({ bytesProcessed: 524288, linesProcessed: 10240, execTimeSec: 0.5 });
    const req = server.requests[0];
    expect(req.method).toBe('GET');
    expect(req.url.pathname).toBe('/loki/api/v1/query_range');
    expect(req.url.searchParams.get('query')).toBe('{app="api"} |= "error"');
    // A log query is asked from 1ns before its start: a real Loki can drop lines at the exact start.
    expect(req.url.searchParams.get('start')).toBe('1714556999999999999');
    expect(req.url.searchParams.get('end')).toBe('1714557600000000000');
    expect(req.url.searchParams.get('direction')).toBe('backward');
    expect(req.headers.accept).toBe('application/json');
    expect(req.headers['x-scope-orgid']).toBe('team-a');
  });

  it('pages backward past the server limit without losing or repeating boundary lines', async () => {
    const all = crowdedLog();
    const { server, client } = await loki(pagingLoki(all, 6), { maxEntriesPerRequest: 6 });
    const result = await client.queryRange('{app=~".+"}', { start: 1714557000000000000n, end: 1714557001000000000n, limit: 100 });
    if (result.resultType !== 'streams') throw new Error('expected streams');
    expect(sortedLines(result.entries)).toEqual(sortedLines(all));
    const ts = result.entries.map((e) => e.ts);
    expect([...ts].sort((a, b) => compareNs(b, a))).toEqual(ts);
    expect(result.truncated).toBe(false);
    expect(result.requests).toBe(server.requests.length);
    expect(result.requests).toBeGreaterThan(4);
    for (const r of server.requests) expect(Number(r.url.searchParams.get('limit'))).toBeLessThanOrEqual(6);
    expect(result.warnings).toEqual([]);
    expect(result.stats.linesProcessed).toBeGreaterThanOrEqual(all.length);
  });

  it('pages forward by moving start, oldest first', async () => {
    const all = crowdedLog();
    const { server, client } = await loki(pagingLoki(all, 7), { maxEntriesPerRequest: 7 });
    const result = await client.queryRange('{app=~".+"}', { start: 1714557000000000000n, end: 1714557001000000000n, limit: 1000, direction: 'forward' });
    if (result.resultType !== 'streams') throw new Error('expected streams');
    expect(sortedLines(result.entries)).toEqual(sortedLines(all));
    const ts = result.entries.map((e) => e.ts);
    expect([...ts].sort(compareNs)).toEqual(ts);
    for (const r of server.requests) expect(BigInt(r.url.searchParams.get('end')!)).toBeLessThanOrEqual(1714557001000000000n);
  });

  for (const direction of ['backward', 'forward'] as const) {
    it(`loses nothing ${direction} when a full page is a prefix of each stream rather than of the whole range, as a real Loki answers`, async () => {
      const all = [...crowdedLog(), ...Array.from({ length: 30 }, (_, i) => ({ ts: String(1714557000000000003n + BigInt(i) * 31_000_000n), line: `db line ${i}`, labels: { app: 'db' } }))];
      const { client } = await loki(pagingLoki(all, 7, true), { maxEntriesPerRequest: 7 });
      const result = await client.queryRange('{app=~".+"}', { start: 1714557000000000000n, end: 1714557001000000000n, limit: 1000, direction });
      if (result.resultType !== 'streams') throw new Error('expected streams');
      expect(sortedLines(result.entries)).toEqual(sortedLines(all));
      expect(result.truncated).toBe(false);
    });
  }

  it('stops at the caller’s limit and says there was more', async () => {
    const all = crowdedLog();
    const { client } = await loki(pagingLoki(all, 6), { maxEntriesPerRequest: 6 });
    const result = await client.queryRange('{app=~".+"}', { start: 1714557000000000000n, end: 1714557001000000000n, limit: 9 });
    if (result.resultType !== 'streams') throw new Error('expected streams');
    expect(result.entries).toHaveLength(9);
    expect(result.truncated).toBe(true);
    const newest = [...all].sort((a, b) => compareNs(b.ts, a.ts)).slice(0, 9);
    // Lines at the cut timestamp may differ in which ones made it; everything newer must be there.
    const cut = newest[8].ts;
    expect(sortedLines(result.entries.filter((e) => e.ts !== cut))).toEqual(sortedLines(newest.filter((e) => e.ts !== cut)));
  });

  it('is not truncated when the limit equals what there is', async () => {
    const all = crowdedLog();
    const { client } = await loki(pagingLoki(all, 5000));
    const result = await client.queryRange('{app=~".+"}', { start: 1714557000000000000n, end: 1714557001000000000n, limit: all.length });
    if (result.resultType !== 'streams') throw new Error('expected streams');
    expect(result.entries).toHaveLength(all.length);
    expect(result.truncated).toBe(false);
  });

  it('steps over a timestamp shared by more lines than a request returns, saying some may be missing', async () => {
    const crowd = Array.from({ length: 8 }, (_, i) => ({ ts: '1714557000500000000', line: `l${i}`, labels: { app: 'api' } }));
    const older = { ts: '1714557000100000000', line: 'older', labels: { app: 'api' } };
    const { client } = await loki(pagingLoki([...crowd, older], 3), { maxEntriesPerRequest: 3 });
    const result = await client.queryRange('{app="api"}', { start: 1714557000000000000n, end: 1714557001000000000n, limit: 100 });
    if (result.resultType !== 'streams') throw new Error('expected streams');
    expect(result.entries.map((e) => e.line)).toEqual(['l0', 'l1', 'l2', 'older']);
    expect(result.truncated).toBe(true);
    expect(result.warnings).toEqual(['at least 3 lines fall within one millisecond from 1714557000500000000 ns, as many as Loki returns per request; some of them may be missing']);
  });

  it('sends a long query as a form POST', async () => {
    const { server, client } = await loki((_req, res) => reply(res, 200, { status: 'success', data: { resultType: 'streams', result: [] } }));
    const query = `{app="api"} |~ "${'x|'.repeat(3000)}y"`;
    await client.queryRange(query, { start: START, end: END });
    const req = server.requests[0];
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(req.body).get('query')).toBe(query);
  });

  it('surfaces warnings and treats a missing result as empty', async () => {
    const { client } = await loki((_req, res) => reply(res, 200, { status: 'success', warnings: ['query was split'], data: { resultType: 'streams' } }));
    const result = await client.queryRange('{app="api"}', { start: START, end: END });
    expect(result.warnings).toEqual(['query was split']);
    expect(result.resultType === 'streams' && result.entries).toEqual([]);
  });
});

describe('LokiClient.queryRange (metrics)', () => {
  it('returns the matrix fixture as series in ms with numeric values', async () => {
    const { server, client } = await loki((_req, res) => reply(res, 200, METRIC_FIXTURE));
    const result = await client.queryRange('sum by (level) (count_over_time({app="api"}[1m]))', { start: START, end: END, stepMs: 60_000 });
    expect(result.resultType).toBe('matrix');
    if (result.resultType !== 'matrix') return;
    expect(result.series[0]).toEqual({ labels: { level: 'error' }, points: [{ time: 1714557540000, value: 3 }, { time: 1714557600000, value: 7 }] });
    expect(result.series[1].points[0].value).toBe(812);
    expect(result.stepMs).toBe(60_000);
    expect(server.requests[0].url.searchParams.get('step')).toBe('60');
    expect(server.requests).toHaveLength(1);
  });

  it('raises the step so no series exceeds 11,000 points', async () => {
    const { server, client } = await loki((_req, res) => reply(res, 200, METRIC_FIXTURE));
    const thirtyDays = 30 * 86_400_000;
    const result = await client.queryRange('rate({app="api"}[1m])', { start: END - thirtyDays, end: END, stepMs: 1000 });
    const step = Number(server.requests[0].url.searchParams.get('step'));
    expect(thirtyDays / 1000 / step).toBeLessThanOrEqual(11_000);
    expect(result.resultType === 'matrix' && result.stepMs).toBe(step * 1000);
  });
});

describe('LokiClient.query (instant)', () => {
  it('reads a vector, with +Inf and NaN values', async () => {
    const { server, client } = await loki((_req, res) =>
      reply(res, 200, { status: 'success', data: { resultType: 'vector', result: [{ metric: { app: 'api' }, value: [1714557600, '+Inf'] }, { metric: {}, value: [1714557600, 'NaN'] }] } }));
    const result = await client.query('sum(rate({app="api"}[5m]))', { time: END });
    if (result.resultType !== 'vector') throw new Error('expected a vector');
    expect(result.samples[0]).toEqual({ labels: { app: 'api' }, time: 1714557600000, value: Infinity });
    expect(result.samples[1].value).toBeNaN();
    expect(server.requests[0].url.searchParams.get('time')).toBe('1714557600000000000');
  });

  it('turns a scalar into one unlabelled sample', async () => {
    const { client } = await loki((_req, res) => reply(res, 200, { status: 'success', data: { resultType: 'scalar', result: [1714557600, '2'] } }));
    expect(await client.query('vector(2)')).toEqual({ resultType: 'vector', samples: [{ labels: {}, time: 1714557600000, value: 2 }], warnings: [] });
  });
});

describe('LokiClient metadata', () => {
  it('labels and label values default to [] when data is omitted', async () => {
    const { server, client } = await loki((req, res) =>
      reply(res, 200, req.url.pathname.endsWith('/labels') ? { status: 'success' } : { status: 'success', data: ['api', 'web'] }));
    expect(await client.labels({ start: START, end: END })).toEqual([]);
    expect(await client.labelValues('service name/x', { query: '{env="prod"}' })).toEqual(['api', 'web']);
    expect(server.requests[0].url.searchParams.get('start')).toBe('1714557000000000000');
    expect(server.requests[1].url.pathname).toBe('/loki/api/v1/label/service%20name%2Fx/values');
    expect(server.requests[1].url.searchParams.get('query')).toBe('{env="prod"}');
  });

  it('series sends every match[] selector', async () => {
    const { server, client } = await loki((_req, res) => reply(res, 200, { status: 'success', data: [{ app: 'api', namespace: 'prod' }] }));
    expect(await client.series(['{app="api"}', '{app="web"}'])).toEqual([{ app: 'api', namespace: 'prod' }]);
    expect(server.requests[0].url.searchParams.getAll('match[]')).toEqual(['{app="api"}', '{app="web"}']);
  });

  it('buildinfo is read un-enveloped', async () => {
    const info = { version: '3.7.0', revision: 'abc', branch: 'HEAD', buildUser: 'root', buildDate: '2025-01-01', goVersion: 'go1.23' };
    const { client } = await loki((_req, res) => reply(res, 200, info));
    expect(await client.buildinfo()).toEqual(info);
  });
});

describe('LokiClient.patterns', () => {
  it('reads numeric samples and an optional level', async () => {
    const { server, client } = await loki((_req, res) => reply(res, 200, PATTERNS_FIXTURE));
    const answer = await client.patterns('{app="api"}', { start: START, end: END, stepMs: 60_000 });
    if (!answer.available) throw new Error('expected patterns');
    expect(answer.patterns[0]).toEqual({ pattern: '<_> level=error msg="db timeout" duration=<_>', level: 'error', samples: [{ time: 1714557540000, count: 3 }, { time: 1714557600000, count: 7 }] });
    expect(answer.patterns[1].level).toBeUndefined();
    expect(server.requests[0].url.searchParams.get('step')).toBe('60');
  });

  it('says "not available" on a 404 or a server error, so callers can fall back', async () => {
    for (const [status, body] of [[404, '404 page not found'], [500, 'pattern querier is not enabled']] as const) {
      const { client } = await loki((_req, res) => reply(res, status, body, 'text/plain'));
      const answer = await client.patterns('{app="api"}', { start: START, end: END });
      expect(answer.available).toBe(false);
      if (answer.available) return;
      expect(answer.reason).toContain(body);
      expect(answer.error.status).toBe(status);
    }
  });

  it('still throws when the credentials are wrong', async () => {
    const { client } = await loki((_req, res) => reply(res, 401, 'no org id', 'text/plain'));
    const err = await backendFailure(client.patterns('{app="api"}', { start: START, end: END }));
    expect(err.status).toBe(401);
  });
});

describe('LokiClient errors', () => {
  const cases: [number, string, string, BackendError['kind']][] = [
    [400, 'parse error at line 1, col 8: syntax error: unexpected IDENTIFIER', 'text/plain; charset=utf-8', 'http'],
    [400, "invalid direction 'up'", 'text/plain; charset=utf-8', 'http'],
    [400, 'the query time range exceeds the limit (query length: 745h0m0s, limit: 721h0m0s)', 'text/plain; charset=utf-8', 'limit'],
    [400, 'max entries limit per query exceeded, limit > max_entries_limit_per_query (6000 > 5000)', 'text/plain; charset=utf-8', 'limit'],
    [400, 'exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter', 'text/plain; charset=utf-8', 'limit'],
    [400, 'maximum number of series (500) reached for a single query', 'text/plain; charset=utf-8', 'limit'],
    [401, 'no org id', 'text/plain; charset=utf-8', 'http'],
    [429, 'too many outstanding requests', 'text/plain; charset=utf-8', 'limit'],
    [499, 'the request was cancelled by the client', 'text/plain; charset=utf-8', 'http'],
    [504, 'request timed out, decrease the duration of the request or add more label matchers', 'text/plain; charset=utf-8', 'http'],
    [500, 'rpc error: code = Unavailable desc = ingester is not ready', 'text/plain; charset=utf-8', 'http'],
  ];

  it('turns each documented error into a BackendError carrying Loki’s own text', async () => {
    for (const [status, body, type, kind] of cases) {
      const { client } = await loki((_req, res) => reply(res, status, `${body}\n`, type));
      const err = await backendFailure(client.queryRange('{app="api"}', { start: START, end: END }));
      expect([err.backend, err.kind, err.status, err.message]).toEqual(['loki', kind, status, body]);
    }
  });

  it('asks for a tenant on "no org id" and explains a proxy’s HTML page', async () => {
    const a = await loki((_req, res) => reply(res, 401, 'no org id', 'text/plain'));
    expect((await backendFailure(a.client.labels())).hint).toMatch(/tenant/);
    const b = await loki((_req, res) => reply(res, 502, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', 'text/html'));
    expect((await backendFailure(b.client.labels())).message).toMatch(/^502 Bad Gateway \(HTML page/);
  });

  it('retries a 429 and then answers', async () => {
    let n = 0;
    const { client } = await loki((_req, res) => (++n === 1 ? reply(res, 429, 'too many outstanding requests', 'text/plain', { 'retry-after': '0' }) : reply(res, 200, { status: 'success', data: ['app'] })), { retries: 2 });
    expect(await client.labels()).toEqual(['app']);
    expect(n).toBe(2);
  });

  it('reports a non-JSON success as a decode error', async () => {
    const { client } = await loki((_req, res) => reply(res, 200, 'ready', 'text/plain'));
    expect((await backendFailure(client.labels())).kind).toBe('decode');
  });
});

