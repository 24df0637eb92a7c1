import { randomBytes } from 'node:crypto';
import { gzipSync, strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { reply, startFakeServer, type FakeHandler, backendFailure } from '../../../test/support/fake-server.js';
import { HttpClient } from '../../http/client.js';
import { BackendError } from '../../http/errors.js';
import { AMPLITUDE_HTTP_OPTIONS, AmplitudeClient } from './client.js';
import type { ExportedEvent } from './types.js';

// Fixtures from the reference (backend-apis.md §5).
const SEGMENTATION = {
  data: {
    series: [[120, 98, 143], [45, 51, 39]],
    seriesLabels: [[0, 'iOS'], [0, 'Android']],
    seriesCollapsed: [[{ setId: '', value: 361 }], [{ setId: '', value: 135 }]],
    xValues: ['2024-05-01', '2024-05-02', '2024-05-03'],
  },
  timeComputed: 1714740000000,
  wasCached: false,
};
const USERS = { data: { series: [[4610, 4754, 4388]], seriesMeta: [{ segmentIndex: 0 }], seriesLabels: [0], xValues: ['2024-05-01', '2024-05-02', '2024-05-03'] } };
const REALTIME = { data: { xValues: ['15:00', '15:05', '15:10'], seriesLabels: ['Today', 'Yesterday'], series: [[123, 144], [139, 111, 180, 99]] } };
const EVENTS_LIST = { data: [{ value: 'Add to Cart', display: 'Add to Cart', totals: 1505645, non_active: false, deleted: false, hidden: false, flow_hidden: false }] };
const EXPORT_LINE =
  '{"uuid":"8a9f0c2e-3b1d-11ef-9a1b-0242ac120002","event_id":17,"event_type":"Checkout Completed","event_time":"2024-05-01 10:15:42.123000","server_upload_time":"2024-05-01 10:15:43.001000","client_event_time":"2024-05-01 10:15:41.980000","user_id":"alice@example.com","device_id":"b6c1e7f2-5d1a-4c7e","amplitude_id":123456789,"session_id":1714558500000,"platform":"iOS","os_name":"ios","country":"Germany","event_properties":{"plan":"pro","amount":49},"user_properties":{"cohort":"beta"},"$insert_id":"c1d2e3f4","sample_rate":null}';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

async function amplitude(handler: FakeHandler, options: { retries?: number } = {}) {
  const server = await startFakeServer(handler);
  const http = new HttpClient({ backend: 'amplitude', baseUrl: server.url, ...AMPLITUDE_HTTP_OPTIONS, timeoutMs: 5000, retries: options.retries ?? 0, auth: { username: 'api-key', password: 'secret-key' } });
  closers.push(server.close, () => http.close());
  return { server, client: new AmplitudeClient(http) };
}


async function collect(events: AsyncIterable<ExportedEvent>): Promise<ExportedEvent[]> {
  const out: ExportedEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('AmplitudeClient.eventSegmentation', () => {
  it('sends the event JSON, YYYYMMDD dates and basic auth, and labels grouped series', async () => {
    const { server, client } = await amplitude((_req, res) => reply(res, 200, SEGMENTATION));
    const result = await client.eventSegmentation({
      event: 'Checkout Completed',
      start: '2024-05-01',
      end: new Date(Date.UTC(2024, 4, 3, 23, 30)),
      metric: 'totals',
      interval: 'daily',
      groupBy: 'platform',
      filters: [{ property: 'plan', op: 'is', values: ['pro'] }],
    });
    expect(result).toEqual({
      xValues: ['2024-05-01', '2024-05-02', '2024-05-03'],
      series: [
        { label: 'iOS', raw: [0, 'iOS'], values: [120, 98, 143], total: 361 },
        { label: 'Android', raw: [0, 'Android'], values: [45, 51, 39], total: 135 },
      ],
    });
    const req = server.requests[0];
    expect(req.url.pathname).toBe('/api/2/events/segmentation');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('api-key:secret-key').toString('base64')}`);
    const p = req.url.searchParams;
    expect(JSON.parse(p.get('e')!)).toEqual({
      event_type: 'Checkout Completed',
      filters: [{ subprop_type: 'event', subprop_key: 'plan', subprop_op: 'is', subprop_value: ['pro'] }],
      group_by: [{ type: 'user', value: 'platform' }],
    });
    expect([p.get('start'), p.get('end'), p.get('m'), p.get('i')]).toEqual(['20240501', '20240503', 'totals', '1']);
  });

  it('names an ungrouped series after the event and pads or cuts series to xValues', async () => {
    const { server, client } = await amplitude((_req, res) =>
      reply(res, 200, { data: { series: [[5, 6], [1, 2, 3, 4]], seriesLabels: [0, 'Second'], xValues: ['a', 'b', 'c'] } }));
    const result = await client.eventSegmentation({ event: 'ce:Signups', start: '20240501', end: '20240503', interval: 'hourly', groupBy: { type: 'event', property: 'plan' } });
    expect(result.series).toEqual([
      { label: 'ce:Signups #1', raw: 0, values: [5, 6, null] },
      { label: 'Second', raw: 'Second', values: [1, 2, 3] },
    ]);
    const p = server.requests[0].url.searchParams;
    expect(p.get('i')).toBe('-3600000');
    expect(p.get('m')).toBe('uniques');
    expect(JSON.parse(p.get('e')!).group_by).toEqual([{ type: 'event', value: 'plan' }]);
  });

  it('refuses a malformed date before sending anything', async () => {
    const { server, client } = await amplitude((_req, res) => reply(res, 200, SEGMENTATION));
    await expect(client.eventSegmentation({ event: 'x', start: '05/01/2024', end: '20240503' })).rejects.toThrow(/invalid date "05\/01\/2024"/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('AmplitudeClient charts', () => {
  it('reads active users', async () => {
    const { server, client } = await amplitude((_req, res) => reply(res, 200, USERS));
    expect(await client.activeUsers({ start: '2024-05-01', end: '2024-05-03', interval: 'weekly' })).toEqual({
      xValues: ['2024-05-01', '2024-05-02', '2024-05-03'],
      series: [{ label: 'active users', raw: 0, values: [4610, 4754, 4388] }],
    });
    expect(Object.fromEntries(server.requests[0].url.searchParams)).toEqual({ start: '20240501', end: '20240503', m: 'active', i: '7' });
  });

  it('reads realtime, padding today’s unfinished series and cutting a long one', async () => {
    const { client } = await amplitude((_req, res) => reply(res, 200, REALTIME));
    const result = await client.realtime();
    expect(result.series).toEqual([
      { label: 'Today', raw: 'Today', values: [123, 144, null] },
      { label: 'Yesterday', raw: 'Yesterday', values: [139, 111, 180] },
    ]);
  });

  it('lists event types', async () => {
    const { client } = await amplitude((_req, res) => reply(res, 200, EVENTS_LIST));
    expect(await client.eventsList()).toEqual([{ name: 'Add to Cart', display: 'Add to Cart', totals: 1505645, hidden: false, deleted: false, nonActive: false }]);
  });
});

describe('AmplitudeClient.export', () => {
  /** An archive shaped like Amplitude's: a folder per project, gzip members of JSON lines per hour. */
  function archive(): { zip: Uint8Array; count: number } {
    const hour = (h: number, n: number) =>
      Array.from({ length: n }, (_, i) => EXPORT_LINE.replace('"event_id":17', `"event_id":${h * 10_000 + i}`).replace('10:15:42.123000', `${String(h).padStart(2, '0')}:15:42.123000`)).join('\n') + '\n';
    // Random-looking properties keep the archive bigger than one 64 KB decoding chunk.
    const noisy = (text: string) => text.replace(/"plan":"pro"/g, () => `"plan":"${randomBytes(24).toString('base64')}"`);
    const zip = zipSync({
      '187520/': {},
      '187520/187520_2024-05-01_10#0.json.gz': [gzipSync(strToU8(noisy(hour(10, 1500)))), { level: 0 }],
      '187520/187520_2024-05-01_11#0.json.gz': gzipSync(strToU8(noisy(hour(11, 1500)))),
    });
    return { zip, count: 3000 };
  }

  it('streams the events out of a zip of gzip JSON lines, with times in ms', async () => {
    const { zip, count } = archive();
    expect(zip.length).toBeGreaterThan(64 * 1024);
    const { server, client } = await amplitude((_req, res) => reply(res, 200, Buffer.from(zip), 'application/zip'));
    const events = await collect(client.export({ start: new Date(Date.UTC(2024, 4, 1, 10)), end: '20240501T11' }));
    expect(events).toHaveLength(count);
    const first = events[0];
    expect(first.event_type).toBe('Checkout Completed');
    expect(first.event_time).toBe(Date.UTC(2024, 4, 1, 10, 15, 42, 123));
    expect(first.server_upload_time).toBe(Date.UTC(2024, 4, 1, 10, 15, 43, 1));
    expect(first.client_event_time).toBe(Date.UTC(2024, 4, 1, 10, 15, 41, 980));
    expect(first.amplitude_id).toBe(123456789);
    expect(first.event_properties?.amount).toBe(49);
    expect(first.sample_rate).toBeNull();
    expect(events.at(-1)!.event_time).toBe(Date.UTC(2024, 4, 1, 11, 15, 42, 123));
    expect(new Set(events.map((e) => e.event_id)).size).toBe(count);
    expect(Object.fromEntries(server.requests[0].url.searchParams)).toEqual({ start: '20240501T10', end: '20240501T11' });
  });

  it('reads 404 as "no data for the range"', async () => {
    const { client } = await amplitude((_req, res) => reply(res, 404, 'Raw data files were not found.', 'text/plain'));
    expect(await collect(client.export({ start: '20240501T00', end: '20240501T23' }))).toEqual([]);
  });

  it('reports a cut-short archive or a proxy page as a decode error', async () => {
    const { zip } = archive();
    for (const body of [Buffer.from(zip.subarray(0, zip.length - 100)), Buffer.from('<html>Sign in</html>')]) {
      const { client } = await amplitude((_req, res) => reply(res, 200, body, 'application/zip'));
      const err = await backendFailure(collect(client.export({ start: '20240501T00', end: '20240501T01' })));
      expect(err.kind).toBe('decode');
      expect(err.message).toMatch(/not a complete ZIP archive/);
    }
  });

  it('reports a corrupt member as a decode error', async () => {
    const zip = zipSync({ 'p/p_2024-05-01_10#0.json.gz': [strToU8('not gzip at all'), { level: 0 }] });
    const { client } = await amplitude((_req, res) => reply(res, 200, Buffer.from(zip), 'application/zip'));
    expect((await backendFailure(collect(client.export({ start: '20240501T00', end: '20240501T01' })))).kind).toBe('decode');
  });

  it('says the export is too large on a 400', async () => {
    const { client } = await amplitude((_req, res) => reply(res, 400, 'Export too large: shrink the time range', 'text/plain'));
    const err = await backendFailure(collect(client.export({ start: '20240101T00', end: '20240501T23' })));
    expect([err.kind, err.status, err.message]).toEqual(['limit', 400, 'Export too large: shrink the time range']);
  });
});

describe('AmplitudeClient limits and errors', () => {
  it('backs off on 429 and then answers', async () => {
    let n = 0;
    const { server, client } = await amplitude(
      (_req, res) => (++n <= 2 ? reply(res, 429, 'Exceeded concurrency limit: 5 concurrent requests', 'text/plain', { 'retry-after': '0' }) : reply(res, 200, USERS)),
      { retries: 3 },
    );
    const result = await client.activeUsers({ start: '20240501', end: '20240503' });
    expect(result.series[0].values).toEqual([4610, 4754, 4388]);
    expect(server.requests).toHaveLength(3);
  });

  it('keeps at most two requests in flight with the recommended options', async () => {
    let inFlight = 0;
    let peak = 0;
    const { client } = await amplitude(async (_req, res) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 15));
      inFlight--;
      reply(res, 200, USERS);
    });
    await Promise.all(Array.from({ length: 6 }, () => client.activeUsers({ start: '20240501', end: '20240503' })));
    expect(peak).toBeLessThanOrEqual(2);
  });

  it('turns each documented error into a BackendError with Amplitude’s text', async () => {
    const cases: [number, string, string, BackendError['kind'], RegExp | undefined][] = [
      [400, 'Invalid event JSON', 'text/plain', 'http', undefined],
      [401, 'Invalid API key', 'text/plain', 'http', /credentials/],
      [403, '{"error":"Forbidden: wrong region?"}', 'application/json', 'http', /region/],
      [429, 'Exceeded hourly cost limit', 'text/plain', 'limit', /rate limited/],
      [504, 'Gateway Timeout', 'text/plain', 'http', /unavailable/],
    ];
    for (const [status, body, type, kind, hint] of cases) {
      const { client } = await amplitude((_req, res) => reply(res, status, body, type));
      const err = await backendFailure(client.eventSegmentation({ event: 'x', start: '20240501', end: '20240502' }));
      expect([err.backend, err.kind, err.status]).toEqual(['amplitude', kind, status]);
      expect(err.message).toBe(type === 'application/json' ? 'Forbidden: wrong region?' : body);
      if (hint) expect(err.hint).toMatch(hint);
    }
  });

  it('an answer without "data" (e.g. the browser app host) is a decode error', async () => {
    const { client } = await amplitude((_req, res) => reply(res, 200, { something: 'else' }));
    expect((await backendFailure(client.realtime())).kind).toBe('decode');
  });
});
