import { describe, expect, it } from 'vitest';
import type { LogPattern, LokiInstantResult, LokiRangeResult, PatternsAnswer } from '../backends/loki/types.js';
import { BackendError } from '../http/errors.js';
import { type LokiLogs, isPlainSelector, minePatterns, readWindow } from './from-loki.js';

const MIN = 60_000;
const T0 = Date.parse('2024-05-01T10:00:00Z');
const incident = { start: T0 - 30 * MIN, end: T0 };
const baseline = { start: T0 - 24 * 60 * MIN - 30 * MIN, end: T0 - 24 * 60 * MIN };

interface Line {
  time: number;
  line: string;
  level?: string;
}

/** One line a minute over both windows, and a new error in the last ten minutes. */
function world(): Line[] {
  const lines: Line[] = [];
  for (const w of [baseline, incident]) {
    for (let t = w.start; t < w.end; t += MIN) lines.push({ time: t, line: `GET /cart 200 took ${t % 97}ms`, level: 'info' });
  }
  for (let t = T0 - 10 * MIN; t < T0; t += 2 * MIN) lines.push({ time: t + 1, line: `payment declined: card expired order=o-${t % 1000}`, level: 'error' });
  return lines.sort((a, b) => a.time - b.time);
}

/** A Loki over a fixed list of lines; `patterns` answers as given, or lacks the endpoint. */
function fakeLoki(lines: Line[], patterns?: (start: number, end: number) => LogPattern[]) {
  const calls: string[] = [];
  const loki: LokiLogs = {
    async queryRange(logql, o): Promise<LokiRangeResult> {
      calls.push(`query_range ${logql} limit=${o.limit} ${o.direction}`);
      let inRange = lines.filter((l) => l.time >= o.start && l.time < o.end);
      if (logql.includes('|>')) inRange = inRange.filter((l) => l.line.includes('declined'));
      if (o.direction === 'backward') inRange = [...inRange].reverse();
      const limit = o.limit ?? 100;
      const entries = inRange.slice(0, limit).map((l) => ({ ts: `${BigInt(l.time) * 1_000_000n}`, line: l.line, labels: (l.level ? { level: l.level } : {}) as Record<string, string> }));
      return { resultType: 'streams', entries, truncated: inRange.length > limit, warnings: [], stats: { bytesProcessed: 0, linesProcessed: 0, execTimeSec: 0 }, requests: 1 };
    },
    async query(logql, o): Promise<LokiInstantResult> {
      calls.push(`query ${logql}`);
      // sum(count_over_time(SELECTOR[Nms])) at time T: the lines in (T - N, T].
      const range = Number(/\[(\d+)ms\]/.exec(logql)![1]);
      const end = Number(BigInt(o.time!) / 1_000_000n);
      const counted = lines.filter((l) => l.time > end - range && l.time <= end).length;
      return { resultType: 'vector', samples: [{ labels: {}, time: end, value: counted }], warnings: [] };
    },
    async patterns(query, o): Promise<PatternsAnswer> {
      calls.push(`patterns ${query}`);
      if (!patterns) return { available: false, reason: 'Loki has no pattern detection here: 404 page not found', error: new BackendError({ backend: 'loki', kind: 'http', status: 404, message: '404 page not found' }) };
      return { available: true, patterns: patterns(o.start, o.end), warnings: [] };
    },
  };
  return { loki, calls };
}

/** What a Loki with the pattern ingester answers over the fake world: the 10-second buckets stamped in [start, end), whole. */
function lokiPatterns(start: number, end: number): LogPattern[] {
  const inRange = world().filter((l) => Math.floor(l.time / 10_000) * 10_000 >= start && Math.floor(l.time / 10_000) * 10_000 < end);
  const group = (match: string, pattern: string, level: string): LogPattern[] => {
    const hits = inRange.filter((l) => l.line.includes(match));
    return hits.length ? [{ pattern, level, samples: hits.map((l) => ({ time: Math.floor(l.time / 10_000) * 10_000, count: 1 })) }] : [];
  };
  return [...group('GET', 'GET /cart <_> took <_>', 'info'), ...group('declined', 'payment declined: card expired order=<_>', 'error')];
}

describe('isPlainSelector', () => {
  it('is a stream selector alone', () => {
    expect(isPlainSelector('{service="payments"}')).toBe(true);
    expect(isPlainSelector(' {service="payments", level=~"error|warn"} ')).toBe(true);
    expect(isPlainSelector('{msg="a } b"}')).toBe(true);
    expect(isPlainSelector('{service="payments"} |= "error"')).toBe(false);
    expect(isPlainSelector('{service="payments"} | json')).toBe(false);
    expect(isPlainSelector('sum(rate({service="payments"}[1m]))')).toBe(false);
  });
});

describe('readWindow', () => {
  it('gives lines oldest first with their levels, and narrows the range to what the cap let it read', async () => {
    const { loki } = fakeLoki(world());
    const all = await readWindow(loki, '{service="x"}', incident, { limit: 1000 });
    expect(all).toMatchObject({ truncated: false, ...incident });
    expect(all.entries).toHaveLength(35);
    expect(all.entries.find((e) => e.line.includes('declined'))).toMatchObject({ time: T0 - 10 * MIN + 1, level: 'error' });
    const oldest = await readWindow(loki, '{service="x"}', incident, { limit: 10 });
    expect(oldest).toMatchObject({ truncated: true, start: incident.start, end: incident.start + 9 * MIN + 1 });
    const newest = await readWindow(loki, '{service="x"}', incident, { limit: 10, direction: 'backward' });
    expect(newest.truncated).toBe(true);
    expect(newest.entries[0]!.time).toBe(newest.start);
    expect(newest.entries.map((e) => e.time)).toEqual([...newest.entries.map((e) => e.time)].sort((a, b) => a - b));
  });

  it('refuses a metric query', async () => {
    const loki = { ...fakeLoki([]).loki, queryRange: async (): Promise<LokiRangeResult> => ({ resultType: 'matrix', series: [], stepMs: 1000, warnings: [], stats: { bytesProcessed: 0, linesProcessed: 0, execTimeSec: 0 } }) };
    await expect(readWindow(loki, 'count_over_time({a="b"}[1m])', incident, { limit: 10 })).rejects.toThrow(/metric query/);
  });
});

describe('minePatterns: which engine', () => {
  const request = { incident, baseline, limit: 50_000, samples: 2 } as const;

  it('auto takes Loki patterns for a plain selector when Loki has them, with samples from recent lines', async () => {
    const { loki, calls } = fakeLoki(world(), lokiPatterns);
    const out = await minePatterns(loki, '{service="payments"}', { ...request, engine: 'auto' });
    expect(out.engine).toBe('loki');
    expect(calls.filter((c) => c.startsWith('patterns'))).toHaveLength(2);
    const [first] = out.result.patterns;
    expect(first).toMatchObject({ status: 'NEW', template: 'payment declined: card expired order=<_>', count: 5, level: 'error' });
    expect(first!.samples[0]).toMatch(/^payment declined/);
  });

  it('auto mines locally when Loki has no patterns endpoint, or for a query with a pipeline', async () => {
    const lacking = fakeLoki(world());
    const out = await minePatterns(lacking.loki, '{service="payments"}', { ...request, engine: 'auto' });
    expect(out).toMatchObject({ engine: 'local', reason: 'Loki has no pattern detection here' });
    expect(out.result.patterns[0]).toMatchObject({ status: 'NEW', template: 'payment declined: card expired order=<*>', count: 5 });
    expect(lacking.calls).toContain('query_range {service="payments"} limit=50000 forward');

    const having = fakeLoki(world(), lokiPatterns);
    const piped = await minePatterns(having.loki, '{service="payments"} |= "card"', { ...request, engine: 'auto' });
    expect(piped.engine).toBe('local');
    expect(having.calls.some((c) => c.startsWith('patterns'))).toBe(false);
  });

  it('auto mines locally when Loki has lines but no patterns for a window (older than its pattern ingester keeps)', async () => {
    const { loki } = fakeLoki(world(), (start, end) => (start < incident.start ? [] : lokiPatterns(start, end)));
    const out = await minePatterns(loki, '{service="payments"}', { ...request, engine: 'auto' });
    expect(out).toMatchObject({ engine: 'local', reason: "Loki's patterns cover 0 of the 30 lines of the baseline window (0%)" });
  });

  it('auto checks Loki patterns against Loki’s own count of lines and mines locally when they fall short', async () => {
    const recentOnly = (start: number, end: number) => lokiPatterns(Math.max(start, end - 10 * MIN), end);
    const { loki, calls } = fakeLoki(world(), recentOnly);
    const out = await minePatterns(loki, '{service="payments"}', { ...request, baseline: undefined, engine: 'auto' });
    expect(out).toMatchObject({ engine: 'local', reason: "Loki's patterns cover 15 of the 35 lines of the incident window (42%)" });
    expect(calls).toContain('query sum(count_over_time({service="payments"}[1800000ms]))');
    // a quiet window whose first line is late is covered all the same
    const quiet = fakeLoki(world().filter((l) => l.time >= T0 - 10 * MIN), recentOnly);
    expect((await minePatterns(quiet.loki, '{service="payments"}', { ...request, baseline: undefined, engine: 'auto' })).engine).toBe('loki');
  });

  it('auto mines locally, saying why, when the count cannot be had; loki takes the patterns unchecked', async () => {
    const { loki } = fakeLoki(world(), lokiPatterns);
    loki.query = async () => {
      throw new BackendError({ backend: 'loki', kind: 'timeout', message: 'timed out after 30s' });
    };
    const auto = await minePatterns(loki, '{service="payments"}', { ...request, engine: 'auto' });
    expect(auto).toMatchObject({ engine: 'local', reason: "could not count the incident window's lines to check Loki's patterns" });
    expect((await minePatterns(loki, '{service="payments"}', { ...request, engine: 'loki' })).engine).toBe('loki');
  });

  it('loki costs one /patterns request per window, no count, and samples from one step for a rare pattern', async () => {
    const { loki, calls } = fakeLoki(world(), lokiPatterns);
    const out = await minePatterns(loki, '{service="payments"}', { ...request, baseline: undefined, engine: 'loki' });
    expect(out.engine).toBe('loki');
    expect(calls.filter((c) => c.startsWith('patterns'))).toHaveLength(1);
    expect(calls.some((c) => c.startsWith('query '))).toBe(false);
  });

  it("widens a window to Loki's whole 10-second pattern buckets, counts the same range and reports it", async () => {
    const { loki, calls } = fakeLoki(world(), lokiPatterns);
    // From inside a bucket, Loki would leave out the first minute's line; the last bucket it takes whole.
    const unaligned = { start: incident.start + 4_000, end: incident.end - 6_000 };
    const out = await minePatterns(loki, '{service="payments"}', { ...request, incident: unaligned, baseline: undefined, engine: 'auto' });
    expect(out.engine).toBe('loki');
    expect(out.incident).toEqual(incident);
    expect(calls).toContain('query sum(count_over_time({service="payments"}[1800000ms]))');
    expect(out.result.patterns.map((p) => [p.template, p.count])).toEqual([['GET /cart <_> took <_>', 30], ['payment declined: card expired order=<_>', 5]]);
  });

  it('loki insists: a pipeline is a usage error, a Loki without patterns a backend error', async () => {
    const { loki } = fakeLoki(world());
    await expect(minePatterns(loki, '{a="b"} |= "x"', { ...request, engine: 'loki' })).rejects.toThrow(/plain stream selector/);
    await expect(minePatterns(loki, '{a="b"}', { ...request, engine: 'loki' })).rejects.toMatchObject({ backend: 'loki', hint: 'use --engine local, or auto' });
  });

  it('local never asks for Loki patterns, and says which window hit the cap', async () => {
    const { loki, calls } = fakeLoki(world(), lokiPatterns);
    const out = await minePatterns(loki, '{service="payments"}', { ...request, engine: 'local', limit: 20 });
    expect(calls.some((c) => c.startsWith('patterns'))).toBe(false);
    expect(out.truncated).toEqual(['incident', 'baseline']);
    expect(out.incident.end).toBeLessThan(incident.end);
  });
});
