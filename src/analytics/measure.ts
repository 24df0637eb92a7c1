/**
 * Fetching what `computeImpact` needs from Amplitude: hourly event totals and hourly unique active
 * users around the incident window and its comparison windows, as few requests as the API allows
 * (hourly charts cover at most 7 days, so nearby days share one request).
 *
 * Amplitude reads dates and buckets in the project's time zone; obs reads them as UTC. Set the
 * project to UTC, or expect the windows to be off by the zone's offset.
 */
import type { SegmentationQuery, SeriesResult } from '../backends/amplitude/types.js';
import { bucketStart } from './chart.js';
import { computeImpact, HOUR_MS, windowTotal, type Bucket, type Comparison, type ProductImpact, type TimeWindow, type WindowMeasure } from './impact.js';

const DAY_MS = 86_400_000;
/** The longest span one hourly segmentation request may cover. */
const MAX_HOURLY_DAYS = 7;

export const DEFAULT_KEY_EVENTS = ['page_view', 'add_to_cart', 'checkout_started', 'checkout_completed'];
/** Amplitude's pseudo-event for "any active event". */
export const ACTIVE_EVENT = '_active';
export const DEFAULT_COMPARISONS = [
  { name: 'day before', offsetMs: DAY_MS },
  { name: 'week before', offsetMs: 7 * DAY_MS },
];

/** The part of AmplitudeClient used here. */
export interface SegmentationClient {
  eventSegmentation(q: SegmentationQuery): Promise<SeriesResult>;
}

export interface ImpactRequest {
  window: TimeWindow;
  keyEvents: readonly string[];
  /** The current time: the hour it falls in is only partly there. */
  now: number;
  comparisons?: readonly { name: string; offsetMs: number }[];
  signal?: AbortSignal;
}

/** Product impact of the window against the comparison windows, from Amplitude's hourly charts. */
export async function measureImpact(client: SegmentationClient, request: ImpactRequest): Promise<ProductImpact> {
  const comparisons = request.comparisons ?? DEFAULT_COMPARISONS;
  const windows = [request.window, ...comparisons.map((c) => shift(request.window, c.offsetMs))];
  const runs = dayRuns(windows);
  const metrics = [...request.keyEvents.map((event) => ({ event, metric: 'totals' as const })), { event: ACTIVE_EVENT, metric: 'uniques' as const }];
  // By event, by bucket start: runs that could not be merged may still share days.
  const buckets = new Map<string, Map<number, number>>();
  await Promise.all(
    metrics.flatMap(({ event, metric }) =>
      runs.map(async (run) => {
        const result = await client.eventSegmentation({ event, metric, interval: 'hourly', start: new Date(run.start), end: new Date(run.end), signal: request.signal });
        const byStart = buckets.get(event) ?? new Map<number, number>();
        for (const b of hourlyBuckets(result)) byStart.set(b.start, b.value);
        buckets.set(event, byStart);
      }),
    ),
  );
  const total = (event: string, w: TimeWindow) =>
    windowTotal([...(buckets.get(event) ?? [])].map(([start, value]): Bucket => ({ start, value })), w, { now: request.now });
  const measure = (w: TimeWindow): WindowMeasure => {
    const hours = (w.end - w.start) / HOUR_MS;
    const active = total(ACTIVE_EVENT, w);
    return {
      ...(active !== undefined && hours > 0 ? { activeUsers: active / hours } : {}),
      events: Object.fromEntries(request.keyEvents.map((e) => [e, total(e, w)])),
    };
  };
  const [current, ...before] = windows.map(measure);
  return computeImpact({
    window: request.window,
    keyEvents: request.keyEvents,
    current: current!,
    comparisons: comparisons.map((c, i): Comparison => ({ ...c, measure: before[i]! })),
  });
}

function shift(w: TimeWindow, offsetMs: number): TimeWindow {
  return { start: w.start - offsetMs, end: w.end - offsetMs };
}

/** UTC day ranges (start of first day, start of last day) covering the windows, merged while they fit one hourly request. */
export function dayRuns(windows: readonly TimeWindow[]): { start: number; end: number }[] {
  const ranges = windows
    .map((w) => ({ start: floorDay(w.start), end: floorDay(Math.max(w.start, w.end - 1)) }))
    .sort((a, b) => a.start - b.start);
  const runs: { start: number; end: number }[] = [];
  for (const r of ranges) {
    const last = runs.at(-1);
    if (last && r.start <= last.end + DAY_MS && Math.max(last.end, r.end) - last.start < MAX_HOURLY_DAYS * DAY_MS) last.end = Math.max(last.end, r.end);
    else runs.push({ ...r });
  }
  return runs;
}

const floorDay = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;

/** The first series of an hourly chart as buckets; x values such as "2024-05-01T10:00:00" or "2024-05-01 10:00" are read as UTC. */
export function hourlyBuckets(result: SeriesResult): Bucket[] {
  const values = result.series[0]?.values ?? [];
  return result.xValues.flatMap((x, i) => {
    const start = bucketStart(x);
    const value = values[i];
    return start === undefined || value === null || value === undefined ? [] : [{ start, value }];
  });
}
