import { describe, expect, it } from 'vitest';
import type { SegmentationQuery, SeriesResult } from '../backends/amplitude/types.js';
import { dayRuns, hourlyBuckets, measureImpact } from './measure.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-23T16:30:00Z');

/** A fake Amplitude: a full hour has `perHour(event, hourStart)` events, the current one its share so far; it records the requests. */
function fakeAmplitude(perHour: (event: string, hour: number) => number) {
  const requests: SegmentationQuery[] = [];
  return {
    requests,
    async eventSegmentation(q: SegmentationQuery): Promise<SeriesResult> {
      requests.push(q);
      const start = (q.start as Date).getTime();
      const end = (q.end as Date).getTime() + DAY;
      const xValues: string[] = [];
      const values: number[] = [];
      for (let t = start; t < end; t += HOUR) {
        xValues.push(new Date(t).toISOString().slice(0, 19));
        values.push(t > NOW ? 0 : (perHour(q.event, t) * Math.min(HOUR, NOW - t)) / HOUR);
      }
      return { xValues, series: [{ label: q.event, values }] };
    },
  };
}

describe('dayRuns', () => {
  it('merges nearby days into one hourly request and keeps a week apart separate', () => {
    const w = { start: NOW - 30 * 60_000, end: NOW };
    const runs = dayRuns([w, { start: w.start - DAY, end: w.end - DAY }, { start: w.start - 7 * DAY, end: w.end - 7 * DAY }]);
    expect(runs.map((r) => [new Date(r.start).toISOString().slice(0, 10), new Date(r.end).toISOString().slice(0, 10)])).toEqual([
      ['2026-11-16', '2026-11-16'],
      ['2026-11-22', '2026-11-23'],
    ]);
  });
});

describe('hourlyBuckets', () => {
  it('reads both x value spellings as UTC and skips missing values', () => {
    expect(hourlyBuckets({ xValues: ['2026-11-23T10:00:00', '2026-11-23 11:00', 'junk'], series: [{ label: 'x', values: [1, null, 3] }] })).toEqual([
      { start: Date.parse('2026-11-23T10:00:00Z'), value: 1 },
    ]);
  });
});

describe('measureImpact', () => {
  it('measures the window against the day and the week before with one request per event and day run', async () => {
    const incidentStart = NOW - 30 * 60_000;
    // Checkouts complete 80% of the time, except during the last half hour today (20%).
    const amplitude = fakeAmplitude((event, hour) => {
      const today = hour >= NOW - 2 * HOUR;
      switch (event) {
        case '_active': return 400;
        case 'checkout_started': return 100;
        case 'checkout_completed': return today && hour + HOUR > incidentStart ? 50 : 80;
        default: return 1000;
      }
    });
    const impact = await measureImpact(amplitude, { window: { start: incidentStart, end: NOW }, keyEvents: ['checkout_started', 'checkout_completed'], now: NOW });
    expect(amplitude.requests).toHaveLength(3 * 2);
    expect(amplitude.requests.every((r) => r.interval === 'hourly')).toBe(true);
    expect(amplitude.requests.find((r) => r.event === '_active')?.metric).toBe('uniques');
    // 16:00-16:30 is all there is of the 16:00 hour so far: its 25 completions fall in the window.
    const completed = impact.events.find((e) => e.name === 'checkout_completed')!;
    expect(completed).toMatchObject({ current: 25, baseline: 40, lost: 15, before: { 'day before': 40, 'week before': 40 } });
    expect(impact.conversions[0]).toMatchObject({ current: 0.5, baseline: 0.8, lost: 15 });
    expect(impact.usersAffected).toBe(15);
    expect(impact.activeUsers).toMatchObject({ current: 400, baseline: 400 });
    expect(impact.hours).toBe(0.5);
  });
});
