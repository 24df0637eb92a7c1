import type { AmplitudeClient } from '../backends/amplitude/client.js';
import type { SeriesResult } from '../backends/amplitude/types.js';
import type { BusinessPanel } from './types.js';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

/**
 * The business strip: each key event's count in the last complete hour against the same hour a
 * week before, and today's active users against the same weekday last week. Amplitude buckets
 * are read as UTC hours (set the project's time zone to UTC for exact alignment).
 */
export async function loadBusiness(amplitude: AmplitudeClient, keyEvents: string[], now: number): Promise<BusinessPanel> {
  const hour = Math.floor(now / HOUR) * HOUR - HOUR;
  const weekAgo = hour - WEEK;
  const events = await Promise.all(keyEvents.map(async (event) => {
    const [current, before] = await Promise.all([hourly(amplitude, event, hour), hourly(amplitude, event, weekAgo)]);
    return { name: event, count: valueAt(current, hour) ?? 0, weekAgo: valueAt(before, weekAgo) ?? 0 };
  }));
  const [today, lastWeek] = await Promise.all([
    amplitude.activeUsers({ start: new Date(now), end: new Date(now), interval: 'daily' }),
    amplitude.activeUsers({ start: new Date(now - WEEK), end: new Date(now - WEEK), interval: 'daily' }),
  ]);
  return { activeUsers: firstValue(today), activeUsersWeekAgo: firstValue(lastWeek), events };
}

function hourly(amplitude: AmplitudeClient, event: string, at: number): Promise<SeriesResult> {
  return amplitude.eventSegmentation({ event, start: new Date(at), end: new Date(at), metric: 'totals', interval: 'hourly' });
}

/** The value of the bucket that starts at `at` (xValues like 2024-05-01T10:00:00 or "2024-05-01 10:00"). */
export function valueAt(result: SeriesResult, at: number): number | undefined {
  const series = result.series[0];
  if (!series) return undefined;
  const i = result.xValues.findIndex((x) => Date.parse(`${x.replace(' ', 'T').slice(0, 19)}Z`) === at);
  return i >= 0 ? (series.values[i] ?? undefined) : undefined;
}

function firstValue(result: SeriesResult): number | undefined {
  return result.series[0]?.values[0] ?? undefined;
}
