import { describe, expect, it } from 'vitest';
import { assignPatterns, bucketCounts, patternsAtLevel, reportPatterns, type LogEntry } from './report.js';

const MIN = 60_000;
const T0 = Date.parse('2024-05-01T10:00:00Z');

/** One line per minute (per `every` minutes) over [start, end). */
function every(start: number, end: number, minutes: number, line: (i: number) => string): LogEntry[] {
  const out: LogEntry[] = [];
  for (let t = start, i = 0; t < end; t += minutes * MIN, i++) out.push({ time: t, line: line(i) });
  return out;
}

const served = (i: number): string => `level=info msg="request served" route=/cart status=200 duration=${10 + (i % 7)}ms user=u_${i}`;
const cacheWarm = (i: number): string => `cache warmed in ${i % 9}ms keys=${100 + i}`;
const declined = (i: number): string => `level=error msg="payment declined: card expired" order=ord_${i} user=u_${i}`;

describe('reportPatterns', () => {
  it('counts patterns in a window, with share, buckets, first and last seen and samples', () => {
    const start = T0;
    const end = T0 + 30 * MIN;
    const entries = [...every(start, end, 1, served), ...every(start + 20 * MIN, end, 2, declined)];
    const { patterns, lines, unassigned } = reportPatterns({ entries, start, end }, undefined, { buckets: 3, samples: 2 });
    expect(lines).toBe(35);
    expect(unassigned).toBe(0);
    expect(patterns.map((p) => [p.template, p.count])).toEqual([
      ['request served', 30],
      ['payment declined: card expired', 5],
    ]);
    const error = patterns[1]!;
    expect(error.share).toBeCloseTo(5 / 35);
    expect(error.buckets).toEqual([0, 0, 5]);
    expect(error.firstSeen).toBe(start + 20 * MIN);
    expect(error.lastSeen).toBe(start + 28 * MIN);
    expect(error.samples).toEqual([declined(0), declined(1)]);
    expect(error.status).toBeUndefined();
    // the fields around a logfmt message are the pattern's attributes
    expect(error.level).toBe('error');
    expect(error.attributes).toEqual({ level: { error: 5 } });
  });

  it('keeps the patterns at or above a level when asked, headers read from plain lines', () => {
    const entries = [
      ...every(T0, T0 + 10 * MIN, 1, (i) => `2024-05-01 10:00:${String(i).padStart(2, '0')},000 INFO [main] c.e.Cart: cart ${i} saved`),
      ...every(T0, T0 + 4 * MIN, 2, (i) => `2024-05-01 10:00:${String(i).padStart(2, '0')},000 ERROR [main] c.e.Pay: card ${i} declined`),
    ];
    const all = reportPatterns({ entries, start: T0, end: T0 + 10 * MIN });
    expect(all.patterns.map((p) => [p.template, p.level, p.attributes?.component])).toEqual([
      ['cart <*> saved', 'info', { 'c.e.Cart': 10 }],
      ['card <*> declined', 'error', { 'c.e.Pay': 2 }],
    ]);
    expect(patternsAtLevel(all.patterns, 'warn').map((p) => p.template)).toEqual(['card <*> declined']);
    expect(patternsAtLevel(all.patterns, 'info')).toHaveLength(2);
  });

  it('marks what is new, surging or gone since a baseline, the new pattern first', () => {
    const baseline = { start: T0 - 24 * 60 * MIN, end: T0 - 30 * MIN, entries: [] as LogEntry[] };
    baseline.entries = [
      ...every(baseline.start, baseline.end, 1, served),
      ...every(baseline.start, baseline.end, 10, cacheWarm),
      ...every(baseline.start, baseline.end, 60, (i) => `level=warn msg="slow query" table=orders took=${i}ms`),
    ];
    const incident = {
      start: T0 - 30 * MIN,
      end: T0,
      entries: [
        ...every(T0 - 30 * MIN, T0, 1, served),
        ...every(T0 - 30 * MIN, T0, 0.5, declined),
        ...every(T0 - 30 * MIN, T0, 3, (i) => `level=warn msg="slow query" table=orders took=${i}ms`),
      ],
    };
    const { patterns, baselineLines } = reportPatterns(incident, baseline);
    expect(baselineLines).toBe(baseline.entries.length);
    expect(patterns.map((p) => [p.status, p.template])).toEqual([
      ['NEW', 'payment declined: card expired'],
      ['SURGING', 'slow query'],
      ['GONE', 'cache warmed in <*> keys=<*>'],
      ['STEADY', 'request served'],
    ]);
    const gone = patterns[2]!;
    expect(gone).toMatchObject({ count: 0, baselineCount: 141 });
    expect(gone.firstSeen).toBeUndefined();
    expect(gone.samples[0]).toBe(cacheWarm(0));
    // 10 slow queries in 30 minutes against 24 in the 1410 minutes of the baseline
    expect(patterns[1]!.ratio).toBeCloseTo(10 / ((24 * 30) / 1410), 6);
  });
});

describe('assignPatterns', () => {
  it('gives every line the id of its final pattern, merges included', () => {
    const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
    const lines = [...users.map((u) => `session opened for user ${u}`), 'disk full on /dev/sda1'];
    const { assignments, miner } = assignPatterns(lines);
    const [session, disk] = miner.patterns();
    expect(assignments).toEqual([...users.map(() => session!.id), disk!.id]);
  });
});

describe('bucketCounts', () => {
  it('counts times per bucket over a range, the end in the last bucket, outside ignored', () => {
    expect(bucketCounts([0, 1, 2, 5, 9, 10, 11, -1], 0, 10, 5)).toEqual([2, 1, 1, 0, 2]);
    expect(bucketCounts([7, 7], 7, 7, 3)).toEqual([0, 0, 2]);
  });
});
