import { gunzipSync, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAmplitudeServer } from '../../src/sim/amplitude/server.js';
import { clock, HOUR, incidentWorld, listen, NOW, type Running } from './harness.js';

let amp: Running;
beforeAll(async () => {
  amp = await listen(createAmplitudeServer(incidentWorld(), { now: clock }));
});
afterAll(() => amp.close());

const AUTH = { Authorization: `Basic ${Buffer.from('api-key:secret-key').toString('base64')}` };
const DAY = 24 * HOUR;

async function get(path: string, params: Record<string, string> = {}, headers: Record<string, string> = AUTH) {
  const res = await fetch(`${amp.base}${path}?${new URLSearchParams(params)}`, { headers });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type') ?? '', bytes, json: () => JSON.parse(new TextDecoder().decode(bytes)) };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
const hour = (ms: number) => new Date(ms).toISOString().slice(0, 13).replaceAll('-', '');
const e = (event: object) => JSON.stringify(event);

describe('auth', () => {
  it.each([
    ['no header', {}],
    ['no secret', { Authorization: `Basic ${Buffer.from('api-key:').toString('base64')}` }],
    ['bearer', { Authorization: 'Bearer x' }],
  ])('answers 401 with %s', async (_, headers) => {
    expect((await get('/api/2/events/list', {}, headers)).status).toBe(401);
  });
});

describe('GET /api/2/events/segmentation', () => {
  const days = { start: day(NOW - 3 * DAY), end: day(NOW - DAY) };

  it('answers daily series with xValues as dates; without group-by the label is the event index', async () => {
    const body = (await get('/api/2/events/segmentation', { e: e({ event_type: 'checkout_completed' }), ...days, m: 'totals' })).json();
    expect(Object.keys(body.data).sort()).toEqual(['series', 'seriesCollapsed', 'seriesLabels', 'xValues']);
    expect(body.data.xValues).toEqual(['2025-05-11', '2025-05-12', '2025-05-13']);
    expect(body.data.seriesLabels).toEqual([0]);
    const [series] = body.data.series as number[][];
    expect(series).toHaveLength(3);
    for (const v of series) expect(v).toBeGreaterThan(100);
    expect(body.data.seriesCollapsed).toEqual([[{ setId: '', value: series.reduce((a, b) => a + b, 0) }]]);
  });

  it('groups by a user property, labels [eventIndex, value], and splits the totals', async () => {
    const all = (await get('/api/2/events/segmentation', { e: e({ event_type: 'add_to_cart' }), ...days, m: 'totals' })).json().data;
    const grouped = (await get('/api/2/events/segmentation', { e: e({ event_type: 'add_to_cart', group_by: [{ type: 'user', value: 'platform' }] }), ...days, m: 'totals' })).json().data;
    expect(grouped.seriesLabels.map((l: [number, string]) => l[1]).sort()).toEqual(['Android', 'Web', 'iOS']);
    for (const l of grouped.seriesLabels) expect(l[0]).toBe(0);
    const sum = grouped.series.reduce((acc: number[], s: number[]) => acc.map((v, i) => v + s[i]), [0, 0, 0]);
    expect(sum).toEqual(all.series[0]);
  });

  it('uniques never exceed totals; filters and segments narrow the result', async () => {
    const q = (m: string, extra: Record<string, string> = {}, event: object = { event_type: 'page_view' }) =>
      get('/api/2/events/segmentation', { e: e(event), ...days, m, ...extra }).then((r) => r.json().data.series[0] as number[]);
    const totals = await q('totals');
    const uniques = await q('uniques');
    uniques.forEach((u, i) => expect(u).toBeLessThanOrEqual(totals[i]));
    const ios = await q('uniques', { s: JSON.stringify([{ prop: 'platform', op: 'is', values: ['iOS'] }]) });
    ios.forEach((u, i) => expect(u).toBeLessThan(uniques[i]));
    const germany = await q('totals', {}, { event_type: 'page_view', filters: [{ subprop_type: 'user', subprop_key: 'country', subprop_op: 'is', subprop_value: ['Germany'] }] });
    germany.forEach((v, i) => expect(v).toBeLessThan(totals[i]));
  });

  it('answers hourly and 5-minute intervals with time-like xValues', async () => {
    const hourly = (await get('/api/2/events/segmentation', { e: e({ event_type: '_active' }), start: day(NOW), end: day(NOW), i: '-3600000' })).json().data;
    expect(hourly.xValues).toHaveLength(24);
    expect(hourly.xValues[15]).toBe('2025-05-14T15:00:00');
    expect(hourly.series[0][14]).toBeGreaterThan(0);
    expect(hourly.series[0][16]).toBe(0);
    const realtime = (await get('/api/2/events/segmentation', { e: e({ event_type: 'page_view' }), start: day(NOW), end: day(NOW), i: '-300000' })).json().data;
    expect(realtime.xValues).toHaveLength(288);
  });

  it.each<[Record<string, string>, string]>([
    [{ start: day(NOW), end: day(NOW) }, 'missing e'],
    [{ e: '{oops', start: day(NOW), end: day(NOW) }, 'bad JSON'],
    [{ e: e({ event_type: 'page_view' }), start: '2025-05-14', end: day(NOW) }, 'bad date'],
    [{ e: e({ event_type: 'page_view' }), start: day(NOW - 8 * DAY), end: day(NOW), i: '-3600000' }, 'hourly over 7 days'],
    [{ e: e({ event_type: 'page_view' }), start: day(NOW), end: day(NOW), m: 'median' }, 'unknown metric'],
  ])('refuses %j (%s) with 400', async (params) => {
    expect((await get('/api/2/events/segmentation', params)).status).toBe(400);
  });
});

describe('active users, realtime, events list', () => {
  it('GET /api/2/users answers active and new users per day', async () => {
    const active = (await get('/api/2/users', { start: day(NOW - 6 * DAY), end: day(NOW - DAY) })).json().data;
    expect(active.xValues).toHaveLength(6);
    expect(active.seriesMeta).toEqual([{ segmentIndex: 0 }]);
    expect(active.series[0].every((v: number) => v > 1000)).toBe(true);
    const fresh = (await get('/api/2/users', { start: day(NOW - 6 * DAY), end: day(NOW - DAY), m: 'new' })).json().data;
    fresh.series[0].forEach((v: number, i: number) => expect(v).toBeLessThan(active.series[0][i]));
  });

  it('GET /api/2/users with g splits active users by a user property', async () => {
    const all = (await get('/api/2/users', { start: day(NOW - DAY), end: day(NOW - DAY) })).json().data;
    const byCountry = (await get('/api/2/users', { start: day(NOW - DAY), end: day(NOW - DAY), g: 'country' })).json().data;
    expect(byCountry.seriesLabels).toEqual(expect.arrayContaining(['United States', 'Germany', 'India']));
    expect(byCountry.seriesMeta[0]).toEqual({ segmentIndex: 0, label: byCountry.seriesLabels[0] });
    expect(byCountry.series.reduce((n: number, s: number[]) => n + s[0], 0)).toBe(all.series[0][0]);
  });

  it('GET /api/2/realtime answers today and yesterday at 5-minute steps, HH:mm', async () => {
    const body = (await get('/api/2/realtime')).json().data;
    expect(body.seriesLabels).toEqual(['Today', 'Yesterday']);
    expect(body.xValues[0]).toBe('00:00');
    expect(body.xValues[body.xValues.length - 1]).toBe('15:00');
    for (const s of body.series) expect(s).toHaveLength(body.xValues.length);
    expect((await get('/api/2/realtime', { i: '10' })).status).toBe(400);
  });

  it('GET /api/2/events/list names every event type with this week\'s totals', async () => {
    const list = (await get('/api/2/events/list')).json().data;
    expect(list.map((x: { value: string }) => x.value)).toEqual(['page_view', 'add_to_cart', 'checkout_started', 'checkout_completed']);
    for (const x of list) expect(x).toMatchObject({ display: x.value, totals: expect.any(Number), non_active: false, deleted: false, hidden: false, flow_hidden: false });
  });
});

describe('GET /api/2/export', () => {
  function unpack(bytes: Uint8Array): { names: string[]; events: Record<string, unknown>[] } {
    const files = unzipSync(bytes);
    const names = Object.keys(files).sort();
    const events = names.flatMap((n) => new TextDecoder().decode(gunzipSync(files[n])).split('\n').filter(Boolean).map((l) => JSON.parse(l)));
    return { names, events };
  }

  it('answers a ZIP of one gzip JSON-lines member per hour, agreeing with segmentation totals', async () => {
    // Three hours, not a day: the export builds every event, and a day of them takes seconds on a busy machine.
    const from = Date.UTC(2025, 4, 13, 10);
    const r = await get('/api/2/export', { start: hour(from), end: hour(from + 2 * HOUR) });
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/zip');
    const { names, events } = unpack(r.bytes);
    expect(names).toHaveLength(3);
    expect(names[0]).toMatch(/^\d+\/\d+_2025-05-13_10#0\.json\.gz$/);
    for (const ev of events.slice(0, 50)) {
      expect(ev).toMatchObject({ event_type: expect.any(String), user_id: expect.stringMatching(/^user-/), amplitude_id: expect.any(Number), platform: expect.any(String) });
      expect(ev.event_time).toMatch(/^2025-05-13 1[0-2]:\d\d:\d\d\.\d{6}$/);
      expect(ev.server_upload_time).toMatch(/^2025-05-13 1[0-3]:\d\d:\d\d\.\d{6}$/);
    }
    const hourly = (await get('/api/2/events/segmentation', { e: e({ event_type: 'checkout_completed' }), start: '20250513', end: '20250513', m: 'totals', i: '-3600000' })).json().data.series[0] as number[];
    const seg = hourly[10] + hourly[11] + hourly[12];
    const exported = events.filter((x) => x.event_type === 'checkout_completed').length;
    expect(seg).toBeGreaterThan(0);
    expect(Math.abs(exported - seg)).toBeLessThanOrEqual(2);
  });

  it('answers 404 when there is no data, 400 on malformed hours', async () => {
    expect((await get('/api/2/export', { start: hour(NOW + 2 * HOUR), end: hour(NOW + 3 * HOUR) })).status).toBe(404);
    expect((await get('/api/2/export', { start: '20250513', end: '20250513T05' })).status).toBe(400);
  });
});
