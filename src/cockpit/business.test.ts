import { describe, expect, it } from 'vitest';
import type { SegmentationQuery, SeriesResult } from '../backends/amplitude/types.js';
import { loadBusiness } from './business.js';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
const NOW = Date.parse('2026-11-23T10:15:00Z');

/**
 * An hourly Amplitude chart as the API answers: every hour of the days asked for, future hours
 * of today as 0. `perHour(start, event)` is the count of the bucket starting at `start`.
 */
function amplitude(perHour: (start: number, event: string) => number) {
  const asked: SegmentationQuery[] = [];
  return {
    asked,
    async eventSegmentation(q: SegmentationQuery): Promise<SeriesResult> {
      asked.push(q);
      const first = Date.parse(`${(q.start as Date).toISOString().slice(0, 10)}T00:00:00Z`);
      const last = Date.parse(`${(q.end as Date).toISOString().slice(0, 10)}T23:00:00Z`);
      const xValues: string[] = [];
      const values: number[] = [];
      for (let t = first; t <= last; t += HOUR) {
        xValues.push(new Date(t).toISOString().slice(0, 19));
        values.push(t >= NOW ? 0 : perHour(t, q.event));
      }
      return { xValues, series: [{ label: q.event, values }] };
    },
  };
}

describe('loadBusiness', () => {
  it('compares the last hour with the same clock hour a week ago, pro rata at the edges', async () => {
    // 600 checkouts an hour last week; this week 1200 an hour, and the current hour counts 100 so far.
    const client = amplitude((t, event) => (event === '_active' ? (t < NOW - WEEK ? 50 : 80) : t > NOW - WEEK ? (t >= Date.parse('2026-11-23T10:00:00Z') ? 100 : 1200) : 600));
    const panel = await loadBusiness(client, ['checkout_completed'], NOW);
    // 45 minutes of the 09:00 bucket (900) and the 15 minutes of 10:00 that happened (100).
    expect(panel.events).toEqual([{ name: 'checkout_completed', count: 1000, weekAgo: 600 }]);
    expect(panel.window).toEqual({ start: NOW - HOUR, end: NOW });
    expect(panel.partialMinutes).toBe(15);
  });

  it('shows an incident younger than an hour: the partial hour counts, future hours do not', async () => {
    const incident = Date.parse('2026-11-23T10:00:00Z');
    const client = amplitude((t) => (t >= incident ? 0 : 1200));
    const panel = await loadBusiness(client, ['checkout_completed'], NOW);
    expect(panel.events[0]).toEqual({ name: 'checkout_completed', count: 900, weekAgo: 1200 });
  });

  it('compares unique active users of whole hours: the last complete one and the same a week ago', async () => {
    const client = amplitude((t, event) => (event !== '_active' ? 0 : t === Date.parse('2026-11-23T09:00:00Z') ? 4000 : t === Date.parse('2026-11-16T09:00:00Z') ? 5000 : 1));
    const panel = await loadBusiness(client, [], NOW);
    expect(panel).toMatchObject({ activeUsers: 4000, activeUsersWeekAgo: 5000, activeUsersHour: Date.parse('2026-11-23T09:00:00Z') });
    expect(client.asked.every((q) => q.interval === 'hourly')).toBe(true);
  });
});
