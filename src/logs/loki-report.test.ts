import { describe, expect, it } from 'vitest';
import type { LogPattern } from '../backends/loki/types.js';
import { fillSamples, lokiPatternMatches, reportLokiPatterns, stepGrid } from './loki-report.js';

const MIN = 60_000;
const T0 = Date.parse('2024-05-01T10:00:00Z');
const STEP = MIN;

/** A Loki pattern with `counts[i]` lines in the step starting at `from + i` steps. */
function pattern(text: string, from: number, counts: number[], level?: string): LogPattern {
  return { pattern: text, ...(level ? { level } : {}), samples: counts.map((count, i) => ({ time: from + i * STEP, count })) };
}

const served = '<_> INFO request served route=<_> status=<_>';
const declined = '<_> ERROR payment declined order=<_>';
const warm = '<_> INFO cache warmed in <_>';

describe('reportLokiPatterns', () => {
  it('reports counts, shares, per-step buckets and first and last seen', () => {
    const { patterns, lines } = reportLokiPatterns(
      { patterns: [pattern(served, T0, [10, 10, 10]), pattern(declined, T0 + STEP, [0, 5], 'error')], start: T0, end: T0 + 3 * STEP },
      undefined,
      { stepMs: STEP },
    );
    expect(lines).toBe(35);
    expect(patterns.map((p) => [p.template, p.count])).toEqual([[served, 30], [declined, 5]]);
    const d = patterns[1]!;
    expect(d).toMatchObject({ share: 5 / 35, level: 'error', firstSeen: T0 + 2 * STEP, lastSeen: T0 + 2 * STEP, samples: [] });
    expect(d.buckets).toEqual([0, 0, 5]);
  });

  it('compares with a baseline by rate, matching a pattern whose values Loki kept in one window', () => {
    const baseline = { patterns: [pattern(served, T0 - 60 * MIN, new Array(30).fill(10)), pattern('<_> INFO cache warmed in 5ms', T0 - 60 * MIN, new Array(30).fill(2))], start: T0 - 60 * MIN, end: T0 - 30 * MIN };
    const incident = { patterns: [pattern(served, T0 - 30 * MIN, new Array(30).fill(10)), pattern(warm, T0 - 30 * MIN, [60]), pattern(declined, T0 - 10 * MIN, [4, 4], 'error')], start: T0 - 30 * MIN, end: T0 };
    const { patterns, baselineLines } = reportLokiPatterns(incident, baseline, { stepMs: STEP });
    expect(baselineLines).toBe(360);
    expect(patterns.map((p) => [p.status, p.template, p.baselineCount])).toEqual([
      ['NEW', declined, 0],
      ['STEADY', served, 300],
      ['STEADY', warm, 60],
    ]);
  });

  it('reports a pattern only the baseline had as GONE, with no lines in the incident buckets', () => {
    const baseline = { patterns: [pattern(warm, T0 - 60 * MIN, new Array(30).fill(2))], start: T0 - 60 * MIN, end: T0 - 30 * MIN };
    const incident = { patterns: [pattern(served, T0 - 30 * MIN, [5])], start: T0 - 30 * MIN, end: T0 };
    const gone = reportLokiPatterns(incident, baseline, { stepMs: 10 * MIN }).patterns.find((p) => p.status === 'GONE')!;
    expect(gone).toMatchObject({ template: warm, count: 0, baselineCount: 60, buckets: [0, 0, 0] });
    expect(gone.firstSeen).toBeUndefined();
  });
});

describe('stepGrid', () => {
  it('starts at the step holding the window start', () => {
    expect(stepGrid({ start: 25, end: 95 }, 10)).toEqual({ start: 20, end: 100, buckets: 8 });
  });
});

describe('Loki patterns and lines', () => {
  it('matches a line when the literal parts come in order from start to end', () => {
    expect(lokiPatternMatches(declined, '10:00:01 ERROR payment declined order=o-17')).toBe(true);
    expect(lokiPatternMatches(declined, '10:00:01 ERROR payment declined order=o-17 retry')).toBe(true);
    expect(lokiPatternMatches('<_> ERROR payment declined', '10:00:01 ERROR payment declined order=o-17')).toBe(false);
    expect(lokiPatternMatches(declined, '10:00:01 WARN payment declined order=o-17')).toBe(false);
    expect(lokiPatternMatches('GET /healthz', 'GET /healthz')).toBe(true);
  });

  it('fills samples from lines and says which patterns still have none', () => {
    const { patterns } = reportLokiPatterns({ patterns: [pattern(served, T0, [3]), pattern(declined, T0, [1])], start: T0, end: T0 + STEP });
    const missing = fillSamples(patterns, ['1 INFO request served route=/a status=200', '2 INFO request served route=/b status=200'], 1);
    expect(patterns[0]!.samples).toEqual(['1 INFO request served route=/a status=200']);
    expect(missing.map((p) => p.template)).toEqual([declined]);
  });
});
