/**
 * The demo world's product events served as Amplitude's Dashboard REST API (segmentation, active users,
 * realtime, events list) and Export API, behind HTTP Basic auth with any non-empty API key and secret key.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { activeUsers, EVENT_TYPES, eventsOf, exportZip, segment, type ProductEvents, type PropFilter } from '../analytics/index.js';
import type { SegmentationSpec } from '../analytics/segmentation.js';
import { FILTER_OPS } from '../analytics/segmentation.js';
import type { World } from '../world/world.js';
import { handle, HttpError, readParams, sendBytes, sendJson, sendText, type SimServerOptions } from '../ws/request.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const FIVE_MIN_MS = 300_000;

interface Interval {
  edges: number[];
  xValues: string[];
}

function bad(message: string): never {
  throw new HttpError(400, message);
}

export function createAmplitudeServer(world: World, options: SimServerOptions = {}): Server {
  const now = options.now ?? Date.now;
  const api = new AmplitudeApi(eventsOf(world, now), now);
  return createServer(
    handle(
      (req, res, url) => api.route(req, res, url),
      (res, status, message) => sendText(res, status, message),
    ),
  );
}

/** Basic auth with a non-empty API key (user) and secret key (password). */
function authorized(req: IncomingMessage): boolean {
  const m = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  return at > 0 && at < decoded.length - 1;
}

function dayParam(p: URLSearchParams, name: string): number {
  const v = p.get(name);
  if (!v) bad(`Missing required parameter: ${name}`);
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(m[3])) bad(`Invalid ${name} date: ${v} (expected YYYYMMDD)`);
  return ms;
}

function hourParam(p: URLSearchParams, name: string): number {
  const v = p.get(name);
  if (!v) bad(`Missing required parameter: ${name}`);
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})$/.exec(v);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4])) : NaN;
  if (!m || Number.isNaN(ms) || Number(m[4]) > 23) bad(`Invalid ${name}: ${v} (expected YYYYMMDDTHH)`);
  return ms;
}

function jsonParam<T>(p: URLSearchParams, name: string): T | undefined {
  const v = p.get(name);
  if (v === null || v === '') return undefined;
  try {
    return JSON.parse(v) as T;
  } catch {
    return bad(`Invalid JSON in parameter ${name}`);
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

function dateLabel(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function timeLabel(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** Buckets of an interval parameter between two days (both inclusive), with Amplitude's range caps. */
function interval(i: string, startDay: number, endDay: number): Interval {
  if (endDay < startDay) bad('end date must not be before start date');
  const days = (endDay - startDay) / DAY_MS + 1;
  const end = endDay + DAY_MS;
  const fixed = (step: number, label: (ms: number) => string, maxDays: number, name: string): Interval => {
    if (days > maxDays) bad(`${name} queries are limited to ${maxDays} days`);
    const edges: number[] = [];
    for (let t = startDay; t <= end; t += step) edges.push(t);
    return { edges, xValues: edges.slice(0, -1).map(label) };
  };
  switch (i) {
    case '-300000': return fixed(FIVE_MIN_MS, timeLabel, 2, 'Realtime');
    case '-3600000': return fixed(HOUR_MS, timeLabel, 7, 'Hourly');
    case '1': return fixed(DAY_MS, dateLabel, 365, 'Daily');
    case '7': {
      const first = startDay - new Date(startDay).getUTCDay() * DAY_MS;
      const edges: number[] = [];
      for (let t = first; t < end; t += 7 * DAY_MS) edges.push(t);
      edges.push(edges[edges.length - 1] + 7 * DAY_MS);
      return { edges, xValues: edges.slice(0, -1).map(dateLabel) };
    }
    case '30': {
      const d = new Date(startDay);
      const edges: number[] = [];
      for (let m = d.getUTCMonth(), y = d.getUTCFullYear(); ; m++) {
        const t = Date.UTC(y, m, 1);
        edges.push(t);
        if (t >= end) break;
      }
      return { edges, xValues: edges.slice(0, -1).map(dateLabel) };
    }
    default:
      return bad(`Invalid interval: ${i}`);
  }
}

interface EventParam {
  event_type?: string;
  filters?: { subprop_type?: string; subprop_key?: string; subprop_op?: string; subprop_value?: unknown[] }[];
  group_by?: { type?: string; value?: string }[];
}

function filtersOf(e: EventParam): PropFilter[] {
  return (e.filters ?? []).map((f) => {
    if (!f.subprop_key || !f.subprop_op || !FILTER_OPS.includes(f.subprop_op)) bad(`Invalid filter: ${JSON.stringify(f)}`);
    return { type: f.subprop_type ?? 'event', key: f.subprop_key, op: f.subprop_op, values: (f.subprop_value ?? []).map(String) };
  });
}

function segmentsOf(p: URLSearchParams): PropFilter[] {
  const s = jsonParam<{ prop?: string; op?: string; values?: unknown[] }[]>(p, 's') ?? [];
  if (!Array.isArray(s)) bad('Invalid segment definition');
  return s.map((seg) => {
    if (!seg.prop || !seg.op || !FILTER_OPS.includes(seg.op)) bad(`Invalid segment: ${JSON.stringify(seg)}`);
    return { type: 'user', key: seg.prop.replace(/^gp:/, ''), op: seg.op, values: (seg.values ?? []).map(String) };
  });
}

class AmplitudeApi {
  constructor(
    private readonly events: ProductEvents,
    private readonly now: () => number,
  ) {}

  private reply(res: ServerResponse, data: unknown): void {
    sendJson(res, 200, { data, timeComputed: this.now(), wasCached: false, cacheFreshness: 'FRESH' });
  }

  async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!authorized(req)) throw new HttpError(401, 'Invalid API key or secret key');
    const p = await readParams(req, url);
    switch (url.pathname.replace(/\/+$/, '')) {
      case '/api/2/events/segmentation': return this.segmentation(res, p);
      case '/api/2/users': return this.users(res, p);
      case '/api/2/realtime': return this.realtime(res, p);
      case '/api/2/events/list': return this.eventsList(res);
      case '/api/2/export': return this.export(res, p);
      default: throw new HttpError(404, 'Not found');
    }
  }

  private segmentation(res: ServerResponse, p: URLSearchParams): void {
    const e = jsonParam<EventParam>(p, 'e');
    if (!e || typeof e !== 'object' || typeof e.event_type !== 'string') bad('Missing or invalid event parameter e');
    const metric = p.get('m') ?? 'uniques';
    if (!['uniques', 'totals', 'average', 'pct_dau'].includes(metric)) bad(`Invalid metric: ${metric}`);
    const groupBy = (e.group_by ?? []).map((g) => ({ type: g.type ?? 'user', key: (g.value ?? '').replace(/^gp:/, '') }));
    const g = p.get('g');
    if (g) groupBy.push({ type: 'user', key: g.replace(/^gp:/, '') });
    if (groupBy.length > 2) bad('At most two group-by properties are allowed');
    const limit = Math.min(1000, Math.max(1, Number(p.get('limit') ?? 100) || 100));
    const startDay = dayParam(p, 'start');
    const { edges, xValues } = interval(p.get('i') ?? '1', startDay, dayParam(p, 'end'));
    const spec: SegmentationSpec = {
      eventType: e.event_type.replace(/^ce:/, ''),
      filters: [...filtersOf(e), ...segmentsOf(p)],
      groupBy,
      metric: metric as SegmentationSpec['metric'],
      edges,
      limit,
    };
    const data = segment(this.events.between(edges[0], edges[edges.length - 1]), spec);
    this.reply(res, { ...data, xValues });
  }

  private users(res: ServerResponse, p: URLSearchParams): void {
    const m = p.get('m') ?? 'active';
    if (m !== 'active' && m !== 'new') bad(`Invalid metric: ${m}`);
    const i = p.get('i') ?? '1';
    if (!['1', '7', '30'].includes(i)) bad(`Invalid interval: ${i}`);
    const { edges, xValues } = interval(i, dayParam(p, 'start'), dayParam(p, 'end'));
    const g = p.get('g')?.replace(/^gp:/, '') || undefined;
    const groups = activeUsers(this.events.between(edges[0], edges[edges.length - 1]), edges, m, segmentsOf(p), g);
    this.reply(res, {
      series: groups.map((x) => x.values),
      seriesMeta: groups.map((x) => (g ? { segmentIndex: 0, label: x.group } : { segmentIndex: 0 })),
      seriesLabels: groups.map((x) => (g ? x.group : 0)),
      xValues,
    });
  }

  private realtime(res: ServerResponse, p: URLSearchParams): void {
    const i = p.get('i');
    if (i !== null && i !== '5') bad(`Invalid interval: ${i} (only 5 is supported)`);
    const now = this.now();
    const today = Math.floor(now / DAY_MS) * DAY_MS;
    const count = Math.floor((now - today) / FIVE_MIN_MS) + 1;
    const edgesFrom = (day: number) => Array.from({ length: count + 1 }, (_, k) => day + k * FIVE_MIN_MS);
    const todayEdges = edgesFrom(today);
    const yesterdayEdges = edgesFrom(today - DAY_MS);
    const xValues = todayEdges.slice(0, -1).map((t) => `${pad(new Date(t).getUTCHours())}:${pad(new Date(t).getUTCMinutes())}`);
    const series = [
      activeUsers(this.events.between(today, todayEdges[count]), todayEdges, 'active', [])[0].values,
      activeUsers(this.events.between(today - DAY_MS, yesterdayEdges[count]), yesterdayEdges, 'active', [])[0].values,
    ];
    this.reply(res, { xValues, seriesLabels: ['Today', 'Yesterday'], series });
  }

  private eventsList(res: ServerResponse): void {
    const now = this.now();
    const totals = new Map<string, number>(EVENT_TYPES.map((t) => [t, 0]));
    for (const e of this.events.between(now - 7 * DAY_MS, now)) totals.set(e.type, totals.get(e.type)! + 1);
    this.reply(res, [...totals].map(([value, n]) => ({ value, display: value, totals: n, non_active: false, deleted: false, hidden: false, flow_hidden: false })));
  }

  private export(res: ServerResponse, p: URLSearchParams): void {
    const start = hourParam(p, 'start');
    const end = hourParam(p, 'end') + HOUR_MS;
    if (end <= start) bad('end must not be before start');
    if (end - start > 365 * DAY_MS) bad('Export range exceeds 365 days');
    const zip = exportZip(this.events.between(start - 5_000, end), start, end);
    if (!zip) throw new HttpError(404, 'Raw data files were not found.');
    sendBytes(res, 200, zip, 'application/zip');
  }
}
