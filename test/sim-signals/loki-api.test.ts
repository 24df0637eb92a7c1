import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLokiServer } from '../../src/sim/loki/server.js';
import { clock, incidentWorld, listen, MIN, NOW, ns, type Running } from './harness.js';

let loki: Running;
beforeAll(async () => {
  loki = await listen(createLokiServer(incidentWorld(), { now: clock }));
});
afterAll(() => loki.close());

async function get(path: string, params: Record<string, string | string[]> = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) q.append(k, x);
  const res = await fetch(`${loki.base}${path}?${q}`);
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) };
}

type Stream = { stream: Record<string, string>; values: [string, string][] };

const range = { start: ns(NOW - 10 * MIN), end: ns(NOW) };

describe('GET /loki/api/v1/query_range with a log query', () => {
  it('answers streams with ns timestamps as strings, newest first by default, at most `limit` entries in total', async () => {
    const r = await get('/loki/api/v1/query_range', { query: '{service=~"checkout|payments"}', ...range, limit: '25' });
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/json/);
    const body = r.json();
    expect(body.status).toBe('success');
    expect(body.data.resultType).toBe('streams');
    expect(body.data.stats.summary.totalLinesProcessed).toBeGreaterThan(0);
    const streams: Stream[] = body.data.result;
    expect(streams.reduce((n, s) => n + s.values.length, 0)).toBe(25);
    for (const s of streams) {
      // As Loki 3 returns them: the stream's labels, service_name, and each entry's detected_level
      expect(Object.keys(s.stream).sort()).toEqual(['detected_level', 'level', 'namespace', 'pod', 'service', 'service_name']);
      expect(s.stream.detected_level).toBe(s.stream.level);
      for (const [ts, line] of s.values) {
        expect(ts).toMatch(/^\d{19}$/);
        expect(typeof line).toBe('string');
      }
      const times = s.values.map(([ts]) => BigInt(ts));
      for (let i = 1; i < times.length; i++) expect(times[i] <= times[i - 1]).toBe(true);
    }
    const newest = streams.flatMap((s) => s.values.map(([ts]) => BigInt(ts)));
    const all = (await get('/loki/api/v1/query_range', { query: '{service=~"checkout|payments"}', ...range, limit: '5000' })).json().data.result as Stream[];
    const sorted = all.flatMap((s) => s.values.map(([ts]) => BigInt(ts))).sort((a, b) => (a < b ? 1 : -1));
    expect(newest.sort((a, b) => (a < b ? 1 : -1))).toEqual(sorted.slice(0, 25));
  });

  it('direction=forward returns the oldest entries, ascending', async () => {
    const streams: Stream[] = (await get('/loki/api/v1/query_range', { query: '{service="checkout"}', ...range, limit: '10', direction: 'forward' })).json().data.result;
    const times = streams.flatMap((s) => s.values.map(([ts]) => BigInt(ts)));
    expect(times.length).toBe(10);
    for (const s of streams) for (let i = 1; i < s.values.length; i++) expect(BigInt(s.values[i][0]) >= BigInt(s.values[i - 1][0])).toBe(true);
    expect(times.every((t) => t >= BigInt(range.start))).toBe(true);
  });

  it('treats start as inclusive and end as exclusive, to the nanosecond', async () => {
    const first: Stream[] = (await get('/loki/api/v1/query_range', { query: '{service="checkout"}', ...range, limit: '1', direction: 'forward' })).json().data.result;
    const ts = first[0].values[0][0];
    const atStart: Stream[] = (await get('/loki/api/v1/query_range', { query: '{service="checkout"}', start: ts, end: range.end, limit: '1', direction: 'forward' })).json().data.result;
    expect(atStart[0].values[0][0]).toBe(ts);
    const beforeEnd: Stream[] = (await get('/loki/api/v1/query_range', { query: '{service="checkout"}', start: range.start, end: ts, limit: '5000' })).json().data.result;
    expect(beforeEnd.flatMap((s) => s.values.map(([t]) => t))).not.toContain(ts);
  });

  it('reads start/end as ns, seconds, float seconds or RFC3339 alike', async () => {
    const forms = [
      { start: ns(NOW - 2 * MIN), end: ns(NOW) },
      { start: String((NOW - 2 * MIN) / 1000), end: String(NOW / 1000) },
      { start: `${(NOW - 2 * MIN) / 1000}.000`, end: `${NOW / 1000}.0` },
      { start: new Date(NOW - 2 * MIN).toISOString(), end: new Date(NOW).toISOString() },
    ];
    const answers = await Promise.all(forms.map(async (f) => (await get('/loki/api/v1/query_range', { query: '{app="auth"}', ...f, limit: '5000' })).json().data.result));
    for (const a of answers.slice(1)) expect(a).toEqual(answers[0]);
    expect(answers[0].length).toBeGreaterThan(0);
  });

  it('applies the pipeline', async () => {
    const streams: Stream[] = (
      await get('/loki/api/v1/query_range', { query: '{service="checkout"} |= "upstream" | logfmt | status >= 500 | line_format "{{.status}} {{.msg}}"', ...range, limit: '50' })
    ).json().data.result;
    expect(streams.length).toBeGreaterThan(0);
    for (const s of streams) {
      expect(s.stream.status).toBe('503');
      for (const [, line] of s.values) expect(line).toMatch(/^503 upstream \S+ returned \d+$/);
    }
  });

  it.each([
    [{ limit: '5001' }, 'max entries limit per query exceeded, limit > max_entries_limit_per_query (5001 > 5000)'],
    [{ direction: 'up' }, "invalid direction 'up'"],
    [{ start: ns(NOW), end: ns(NOW - MIN) }, 'end timestamp must not be before or equal to start time'],
    [{ start: ns(NOW - 745 * 60 * MIN), end: ns(NOW) }, 'the query time range exceeds the limit (query length: 745h0m0s, limit: 721h0m0s)'],
    [{ start: 'yesterday' }, 'invalid start parameter: cannot parse "yesterday" to a valid timestamp'],
  ])('refuses %j with a plain-text 400', async (params, message) => {
    const r = await get('/loki/api/v1/query_range', { query: '{service="checkout"}', ...range, ...params });
    expect(r.status).toBe(400);
    expect(r.type).toBe('text/plain; charset=utf-8');
    expect(r.text).toBe(message);
  });

  it('refuses bad and unsupported LogQL with a plain-text 400 that names the problem', async () => {
    const bad = await get('/loki/api/v1/query_range', { query: '{service="checkout"', ...range });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/^parse error at line 1, col \d+: syntax error/);
    const unsupported = await get('/loki/api/v1/query_range', { query: 'sum(rate({service="checkout"} | unwrap latency [1m]))', ...range });
    expect(unsupported.status).toBe(400);
    expect(unsupported.text).toMatch(/unwrap is not supported/);
  });

  it('accepts the query as a form-encoded POST', async () => {
    const body = new URLSearchParams({ query: '{service="cart"}', ...range, limit: '3' });
    const res = await fetch(`${loki.base}/loki/api/v1/query_range`, { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(200);
    const streams = ((await res.json()) as { data: { result: Stream[] } }).data.result;
    expect(streams.reduce((n, s) => n + s.values.length, 0)).toBe(3);
  });
});

describe('metric queries', () => {
  it('query_range answers a matrix of [seconds, "value"] at each step', async () => {
    const r = await get('/loki/api/v1/query_range', { query: 'sum by (level) (count_over_time({service="checkout"}[1m]))', ...range, step: '60' });
    const body = r.json();
    expect(body.data.resultType).toBe('matrix');
    const series = body.data.result as { metric: Record<string, string>; values: [number, string][] }[];
    expect(series.map((s) => s.metric.level).sort()).toEqual(['error', 'info', 'warn'].filter((l) => series.some((s) => s.metric.level === l)));
    for (const s of series) {
      for (const [t, v] of s.values) {
        expect(typeof t).toBe('number');
        expect(typeof v).toBe('string');
        expect(Number.isFinite(Number(v))).toBe(true);
        expect((t * 1000 - (NOW - 10 * MIN)) % 60_000).toBe(0);
      }
    }
    expect(series.find((s) => s.metric.level === 'info')!.values.length).toBe(11);
  });

  it('query answers a vector at `time`, and refuses log queries as Loki does', async () => {
    const r = await get('/loki/api/v1/query', { query: 'topk(2, sum by (service) (rate({namespace="shop"} |= "error" [5m])))', time: ns(NOW) });
    const body = r.json();
    expect(body.data.resultType).toBe('vector');
    expect(body.data.result.length).toBe(2);
    for (const s of body.data.result) expect(s.value).toEqual([NOW / 1000, expect.any(String)]);
    const log = await get('/loki/api/v1/query', { query: '{service="checkout"}' });
    expect(log.status).toBe(400);
    expect(log.text).toBe('log queries are not supported as an instant query type, please change your query to a range query type');
  });

  it('refuses more than 11,000 points per series', async () => {
    const r = await get('/loki/api/v1/query_range', { query: 'count_over_time({service="checkout"}[1m])', start: ns(NOW - 24 * 60 * MIN), end: ns(NOW), step: '1' });
    expect(r.status).toBe(400);
    expect(r.text).toBe('exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter');
  });
});

describe('labels, series, patterns, build info', () => {
  it('lists label names and values, optionally scoped by a selector', async () => {
    expect((await get('/loki/api/v1/labels')).json()).toEqual({ status: 'success', data: ['app', 'container', 'level', 'namespace', 'pod', 'service', 'service_name'] });
    const services = (await get('/loki/api/v1/label/service_name/values')).json().data;
    expect(services).toEqual(expect.arrayContaining(['frontend', 'checkout', 'payments', 'payments-db', 'cart', 'cart-cache', 'auth']));
    expect((await get('/loki/api/v1/label/app/values')).json().data).toEqual(['auth', 'inference']);
    expect((await get('/loki/api/v1/label/pod/values', { query: '{service="payments"}' })).json().data).toEqual(['payments-0', 'payments-1']);
    expect((await get('/loki/api/v1/label/nope/values')).json()).toEqual({ status: 'success' });
  });

  it('lists series for each match[] selector, and requires one', async () => {
    const r = (await get('/loki/api/v1/series', { 'match[]': ['{service="payments", level="error"}', '{app="auth", pod="auth-0"}'] })).json();
    expect(r.data).toEqual(
      expect.arrayContaining([
        { level: 'error', namespace: 'shop', pod: 'payments-0', service: 'payments', service_name: 'payments' },
        { app: 'auth', container: 'auth', level: 'info', namespace: 'shop', pod: 'auth-0', service_name: 'auth' },
      ]),
    );
    expect(r.data.every((s: Record<string, string>) => (s.service === 'payments' && s.level === 'error') || s.pod === 'auth-0')).toBe(true);
    const none = await get('/loki/api/v1/series');
    expect(none.status).toBe(400);
    expect(none.type).toBe('text/plain; charset=utf-8');
  });

  it('mines patterns with <_> placeholders and numeric samples; a pattern used as |> finds its lines', async () => {
    const r = (await get('/loki/api/v1/patterns', { query: '{service="payments"}', ...range, step: '60s' })).json();
    expect(r.status).toBe('success');
    const patterns = r.data as { pattern: string; level: string; samples: [number, number][] }[];
    expect(patterns.length).toBeGreaterThan(2);
    for (const p of patterns) {
      expect(p.pattern).toContain('<_>');
      for (const [t, n] of p.samples) {
        expect(Number.isInteger(t)).toBe(true);
        expect(typeof n).toBe('number');
      }
    }
    const timeout = patterns.find((p) => p.pattern.includes('talking to payments-db'))!;
    expect(timeout.level).toBe('error');
    const total = timeout.samples.reduce((n, [, c]) => n + c, 0);
    const matched: Stream[] = (await get('/loki/api/v1/query_range', { query: `{service="payments"} |> ${JSON.stringify(timeout.pattern)}`, ...range, limit: '5000' })).json().data.result;
    expect(matched.reduce((n, s) => n + s.values.length, 0)).toBe(total);
  });

  it('answers build info, readiness, and 404 elsewhere', async () => {
    const info = (await get('/loki/api/v1/status/buildinfo')).json();
    expect(info).toMatchObject({ version: expect.stringMatching(/^3\./), revision: expect.any(String), goVersion: expect.any(String) });
    const ready = await get('/ready');
    expect([ready.status, ready.text]).toEqual([200, 'ready']);
    expect((await get('/loki/api/v1/nope')).status).toBe(404);
  });
});

// Each checked against a real Loki 3.4.6 (see test/loki/api.test.ts for the same assertions there).
describe("Loki 3's additions: detected_level, volume, the entry limit", () => {
  const lines = async (query: string): Promise<Stream[]> => (await get('/loki/api/v1/query_range', { query, ...range, limit: '5000' })).json().data.result;
  const count = (streams: Stream[]) => streams.reduce((n, s) => n + s.values.length, 0);

  it('detected_level is a label of each entry for filters and `by`, but no stream label for selectors, series or labels', async () => {
    const errors = await lines('{service="payments"} | detected_level="error"');
    expect(count(errors)).toBeGreaterThan(0);
    expect(count(errors)).toBe(count(await lines('{service="payments", level="error"}')));
    expect(count(await lines('{service="payments", detected_level="error"}'))).toBe(0);
    const byLevel = (await get('/loki/api/v1/query', { query: 'sum by (detected_level) (count_over_time({service="payments"}[10m]))', time: range.end })).json().data.result;
    expect(byLevel.map((s: { metric: Record<string, string> }) => s.metric.detected_level).sort()).toEqual(expect.arrayContaining(['error', 'info']));
    expect((await get('/loki/api/v1/labels')).json().data).not.toContain('detected_level');
    const series = (await get('/loki/api/v1/series', { 'match[]': '{service="payments"}' })).json().data;
    expect(series.some((s: Record<string, string>) => 'detected_level' in s)).toBe(false);
  });

  it('/index/volume gives the bytes of the lines, by the selector’s labels, by targetLabels, or per label name', async () => {
    const short = { start: ns(NOW - MIN), end: ns(NOW) };
    const text: Stream[] = (await get('/loki/api/v1/query_range', { query: '{service="checkout"}', ...short, limit: '5000' })).json().data.result;
    expect(count(text)).toBeLessThan(5000);
    const bytes = text.reduce((n, s) => n + s.values.reduce((m, [, line]) => m + Buffer.byteLength(line), 0), 0);
    const volume = (params: Record<string, string>) => get('/loki/api/v1/index/volume', { query: '{service="checkout"}', ...short, ...params }).then((r) => r.json().data.result as { metric: Record<string, string>; value: [number, string] }[]);
    expect(await volume({})).toEqual([{ metric: { service: 'checkout' }, value: [expect.any(Number), String(bytes)] }]);
    const perLevel = await volume({ targetLabels: 'level' });
    expect(perLevel.length).toBeGreaterThan(1);
    expect(perLevel.reduce((n, v) => n + Number(v.value[1]), 0)).toBe(bytes);
    expect(Number(perLevel[0]!.value[1])).toBeGreaterThanOrEqual(Number(perLevel[1]!.value[1]));
    const perName = await volume({ aggregateBy: 'labels' });
    expect(perName.map((v) => Object.keys(v.metric)[0]).sort()).toEqual(['level', 'namespace', 'pod', 'service', 'service_name']);
    expect(perName.every((v) => Object.values(v.metric)[0] === '' && Number(v.value[1]) === bytes)).toBe(true);
  });

  it('refuses a log query asking for more than max_entries_limit_per_query, whatever it is configured to', async () => {
    const small = await listen(createLokiServer(incidentWorld(), { now: clock, maxEntriesPerQuery: 1000 }));
    try {
      const ask = (limit: string) => fetch(`${small.base}/loki/api/v1/query_range?${new URLSearchParams({ query: '{service="checkout"}', ...range, limit })}`);
      const refused = await ask('1001');
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('max entries limit per query exceeded, limit > max_entries_limit_per_query (1001 > 1000)');
      expect((await ask('1000')).status).toBe(200);
      expect((await get('/loki/api/v1/query_range', { query: '{service="checkout"}', ...range, limit: '5001' })).status).toBe(400);
    } finally {
      await small.close();
    }
  });
});
