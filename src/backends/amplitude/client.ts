import type { HttpClient, HttpClientOptions, Params } from '../../http/client.js';
import { BackendError } from '../../http/errors.js';
import { isRecord } from '../../json/record.js';
import { kindOf, wrongShape } from '../shape.js';
import { amplitudeDate, exportHour } from './dates.js';
import { toSeriesResult, type RawSeriesData } from './series.js';
import type { ActiveUsersQuery, EventType, ExportedEvent, ExportHour, GroupBy, Interval, SegmentationQuery, SeriesResult } from './types.js';

/** The standard API host. */
export const AMPLITUDE_US_URL = 'https://amplitude.com';
/** The API host of EU data-residency projects; keys only work on their own region's host. */
export const AMPLITUDE_EU_URL = 'https://analytics.eu.amplitude.com';

/**
 * HttpClient settings for Amplitude: it allows 5 concurrent requests per project across all REST
 * endpoints, shared with everyone else using the project, so obs keeps to 2 and retries 429s
 * (honouring Retry-After) a few more times than other backends. Auth is basic: username = API key,
 * password = secret key.
 */
export const AMPLITUDE_HTTP_OPTIONS = {
  concurrency: 2,
  retries: 4,
  timeoutMs: 120_000,
} as const satisfies Partial<HttpClientOptions>;

const INTERVAL: Record<Interval, number> = { realtime: -300_000, hourly: -3_600_000, daily: 1, weekly: 7, monthly: 30 };

/** Client for Amplitude's Dashboard REST API and Export API. */
export class AmplitudeClient {
  constructor(readonly http: HttpClient) {}

  /** Counts of one event over time, optionally grouped (at most two group-bys) and filtered. */
  async eventSegmentation(q: SegmentationQuery): Promise<SeriesResult> {
    const groupBy = q.groupBy === undefined ? [] : Array.isArray(q.groupBy) ? q.groupBy : [q.groupBy];
    const event = {
      event_type: q.event,
      ...(q.filters?.length
        ? { filters: q.filters.map((f) => ({ subprop_type: f.type ?? 'event', subprop_key: f.property, subprop_op: f.op, subprop_value: f.values })) }
        : {}),
      ...(groupBy.length ? { group_by: groupBy.map(toGroupBy) } : {}),
    };
    const data = await this.chart('/api/2/events/segmentation', {
      e: JSON.stringify(event),
      start: amplitudeDate(q.start),
      end: amplitudeDate(q.end),
      m: q.metric ?? 'uniques',
      i: INTERVAL[q.interval ?? 'daily'],
      s: q.segments?.length ? JSON.stringify(q.segments) : undefined,
      limit: q.limit,
    }, q.signal);
    return toSeriesResult(data, q.event);
  }

  /** Active (or new) users per day, week or month. */
  async activeUsers(q: ActiveUsersQuery): Promise<SeriesResult> {
    const metric = q.metric ?? 'active';
    const data = await this.chart('/api/2/users', {
      start: amplitudeDate(q.start),
      end: amplitudeDate(q.end),
      m: metric,
      i: INTERVAL[q.interval ?? 'daily'],
      s: q.segments?.length ? JSON.stringify(q.segments) : undefined,
      g: q.groupBy,
    }, q.signal);
    return toSeriesResult(data, `${metric} users`);
  }

  /** Active users in 5-minute buckets, today and yesterday ("HH:mm" in the project's time zone). */
  async realtime(signal?: AbortSignal): Promise<SeriesResult> {
    return toSeriesResult(await this.chart('/api/2/realtime', {}, signal), 'active users');
  }

  /** The project's event types with this week's totals. */
  async eventsList(signal?: AbortSignal): Promise<EventType[]> {
    const data = await this.data<Record<string, unknown>[]>('/api/2/events/list', {}, signal);
    return (data ?? []).map((e) => ({
      name: String(e.value ?? e.name ?? ''),
      display: String(e.display ?? e.value ?? ''),
      totals: Number(e.totals) || 0,
      hidden: e.hidden === true,
      deleted: e.deleted === true,
      nonActive: e.non_active === true,
    }));
  }

  /**
   * Raw events uploaded between two UTC hours (both inclusive), decoded as they are read from the
   * archive. No data for the range (404) is an empty stream.
   */
  async *export(range: { start: ExportHour; end: ExportHour; signal?: AbortSignal }): AsyncGenerator<ExportedEvent> {
    const path = '/api/2/export';
    const answer = await this.http.buffer({ path, query: { start: exportHour(range.start), end: exportHour(range.end) }, acceptStatus: [404], signal: range.signal });
    if (answer.status === 404) return;
    // Loaded here: the unzip library is only needed by the export.
    const { decodeExport } = await import('./export.js');
    try {
      yield* decodeExport(answer.data);
    } catch (err) {
      throw new BackendError({ backend: 'amplitude', kind: 'decode', url: this.http.displayUrl(path), message: `export archive could not be read: ${(err as Error).message}` });
    }
  }

  /** The data of a chart answer, which always carries its x values and series (each possibly empty). */
  private async chart(path: string, query: Params, signal?: AbortSignal): Promise<RawSeriesData> {
    const data = await this.data<unknown>(path, query, signal);
    const fail = wrongShape('amplitude', this.http.displayUrl(path), 'check that the URL is an Amplitude API host (not the browser app host)');
    if (!isRecord(data)) throw fail(`"data" is ${kindOf(data)}, not a chart`);
    for (const key of ['xValues', 'series'] as const) {
      if (!Array.isArray(data[key])) throw fail(`"data.${key}" is ${data[key] === undefined ? 'missing' : kindOf(data[key])}, not a list`);
    }
    return data;
  }

  private async data<T>(path: string, query: Params, signal?: AbortSignal): Promise<T | undefined> {
    const answer = await this.http.json<{ data?: T }>({ path, query, signal });
    if (!answer.data || typeof answer.data !== 'object' || !('data' in answer.data)) {
      throw new BackendError({ backend: 'amplitude', kind: 'decode', url: this.http.displayUrl(path), message: 'answer has no "data" field', hint: 'check that the URL is an Amplitude API host (not the browser app host)' });
    }
    return answer.data.data;
  }
}

function toGroupBy(g: GroupBy): { type: 'event' | 'user'; value: string } {
  return typeof g === 'string' ? { type: 'user', value: g } : { type: g.type, value: g.property };
}
