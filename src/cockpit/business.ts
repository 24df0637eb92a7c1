import { ACTIVE_EVENT, hourlyBuckets, windowTotal, type Bucket, type SegmentationClient, type TimeWindow } from '../analytics/index.js';
import type { SeriesResult } from '../backends/amplitude/types.js';
import type { BusinessPanel } from './types.js';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

/**
 * The business strip, comparing like with like: each key event's count over the last hour
 * [now−1h, now) against the same clock hour a week before, and unique active users of the last
 * complete hour against the same hour a week before. Amplitude's buckets are hourly, so a bucket
 * cut by a window's edge counts pro rata, the same way on both sides; the current, partial hour
 * is included (as far as it has happened), so an incident younger than an hour shows. Buckets
 * are read as UTC hours (set the project's time zone to UTC for exact alignment).
 */
export async function loadBusiness(amplitude: SegmentationClient, keyEvents: string[], now: number): Promise<BusinessPanel> {
  const window = { start: now - HOUR, end: now };
  const weekAgo = shift(window, WEEK);
  const events = await Promise.all(keyEvents.map(async (event) => {
    const [current, before] = await Promise.all([buckets(amplitude, event, 'totals', window), buckets(amplitude, event, 'totals', weekAgo)]);
    return { name: event, count: windowTotal(current, window, { now }) ?? 0, weekAgo: windowTotal(before, weekAgo) ?? 0 };
  }));
  // Unique users cannot be pro-rated or summed across hours: compare whole hours.
  const lastHour = Math.floor(now / HOUR) * HOUR - HOUR;
  const [today, lastWeek] = await Promise.all([
    buckets(amplitude, ACTIVE_EVENT, 'uniques', { start: lastHour, end: lastHour + HOUR }),
    buckets(amplitude, ACTIVE_EVENT, 'uniques', { start: lastHour - WEEK, end: lastHour - WEEK + HOUR }),
  ]);
  return {
    window,
    partialMinutes: Math.floor((now % HOUR) / 60_000),
    activeUsersHour: lastHour,
    activeUsers: valueAt(today, lastHour),
    activeUsersWeekAgo: valueAt(lastWeek, lastHour - WEEK),
    events,
  };
}

async function buckets(amplitude: SegmentationClient, event: string, metric: 'totals' | 'uniques', w: TimeWindow): Promise<Bucket[]> {
  const result: SeriesResult = await amplitude.eventSegmentation({ event, metric, interval: 'hourly', start: new Date(w.start), end: new Date(w.end - 1) });
  return hourlyBuckets(result);
}

function valueAt(buckets: Bucket[], start: number): number | undefined {
  return buckets.find((b) => b.start === start)?.value;
}

function shift(w: TimeWindow, by: number): TimeWindow {
  return { start: w.start - by, end: w.end - by };
}
