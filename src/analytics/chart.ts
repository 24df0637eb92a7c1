/**
 * An Amplitude chart cut to what was asked and what has happened: Amplitude answers whole days,
 * so an hourly chart of the last 6 hours comes back as 48 buckets, the hours after now among
 * them as zeros. Those are not data; the bucket now falls in is only partly there.
 */
import type { SeriesResult } from '../backends/amplitude/types.js';
import type { TimeWindow } from './impact.js';

const SIZE_MS = { hourly: 3_600_000, daily: 86_400_000 } as const;

export interface ChartBucket {
  /** Start of the bucket, unix ms (Amplitude's x value read as UTC). */
  start: number;
  value: number | null;
  /** The bucket has not ended yet: its value counts only the part of it before now. */
  partial: boolean;
}

export interface ChartSeries {
  label: string;
  buckets: ChartBucket[];
}

/** The buckets of each series that overlap `range` and had begun by `now`; unreadable x values are dropped. */
export function pastBuckets(result: SeriesResult, interval: keyof typeof SIZE_MS, range: TimeWindow, now: number): ChartSeries[] {
  const size = SIZE_MS[interval];
  const starts = result.xValues.map(bucketStart);
  return result.series.map((series) => ({
    label: series.label,
    buckets: starts.flatMap((start, i) => {
      if (start === undefined || start >= now || start >= range.end || start + size <= range.start) return [];
      return [{ start, value: series.values[i] ?? null, partial: start + size > now }];
    }),
  }));
}

/** "2024-05-01", "2024-05-01T10:00:00" or "2024-05-01 10:00" as UTC unix ms. */
export function bucketStart(x: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(x);
  if (!m) return undefined;
  const t = Date.parse(`${m[1]}T${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}Z`);
  return Number.isNaN(t) ? undefined : t;
}
