import { describe, expect, it } from 'vitest';
import { evaluateSlos, type QueryFn } from './evaluate.js';
import { budgetHistories, budgetHistory, burnDown, type RangeQueryFn } from './history.js';
import { parseSloSources } from './load.js';

const DAY = 86_400_000;
const AT = Date.parse('2024-05-15T10:00:00Z');

describe('burn-down arithmetic', () => {
  it('spends the whole period\'s budget step by step', () => {
    // 4 steps of 1000 requests, objective 99%: budget = 0.01 × 4000 = 40 errors
    expect(burnDown('bad', [0, 10, null, 30], [1000, 1000, 1000, 1000], 0.99)).toEqual([1, 0.75, 0.75, 0]);
    expect(burnDown('good', [1000, 990, 1000, 970], [1000, 1000, 1000, 1000], 0.99)).toEqual([1, 0.75, 0.75, 0]);
  });

  it('has no line when the period had no traffic', () => {
    expect(burnDown('bad', [null, null], [0, null], 0.99)).toEqual([null, null]);
  });
});

describe('budget history of an evaluated SLO', () => {
  const { slos } = parseSloSources([
    {
      file: 's.yaml',
      text: [
        'version: prometheus/v1',
        'service: checkout',
        'slos:',
        '  - name: availability',
        '    objective: 99',
        '    sli: {events: {error_query: \'errors_total{service="checkout"}\', total_query: \'requests_total{service="checkout"}\'}}',
      ].join('\n'),
    },
  ]);
  const instant: QueryFn = async (promql) => ({ series: [{ labels: {}, value: promql.includes('errors') ? 1 : 1000 }] });

  it('asks two range queries counting per step over the period, and sums them up', async () => {
    const [result] = (await evaluateSlos(slos, instant, { at: AT })).results;
    const calls: [string, number, number, number][] = [];
    // 100 requests per step; 1 error per step, all in the second half
    const range: RangeQueryFn = async (promql, start, end, step) => {
      calls.push([promql, start, end, step]);
      const points: [number, number][] = [];
      for (let t = start, i = 0; t <= end; t += step, i++) points.push([t, promql.includes('errors') ? (i >= 15 ? 1 : 0) : 100]);
      return { series: [{ labels: {}, points }] };
    };
    const history = (await budgetHistory(result, range, 30))!;
    expect(calls).toEqual([
      ['sum(increase(errors_total{service="checkout"}[1d]))', AT - 29 * DAY, AT, DAY],
      ['sum(increase(requests_total{service="checkout"}[1d]))', AT - 29 * DAY, AT, DAY],
    ]);
    expect(history).toHaveLength(30);
    expect(history[0]).toEqual({ t: AT - 29 * DAY, remaining: 1 });
    // budget 0.01 × 3000 = 30 errors; 15 spent by the end
    expect(history[29].t).toBe(AT);
    expect(history[29].remaining).toBeCloseTo(0.5, 12);
    expect(history[15].remaining).toBeCloseTo(1 - 1 / 30, 12);
  });

  it('gives null for SLOs that failed, or whose range queries fail', async () => {
    const down: QueryFn = async () => {
      throw Object.assign(new Error('down'), { kind: 'unreachable' });
    };
    const [failed] = (await evaluateSlos(slos, down, { at: AT })).results;
    expect(await budgetHistory(failed, async () => ({ series: [] }))).toBeNull();
    const [ok] = (await evaluateSlos(slos, instant, { at: AT })).results;
    const rangeDown: RangeQueryFn = async () => {
      throw Object.assign(new Error('timeout'), { kind: 'timeout' });
    };
    expect(await budgetHistories([ok, failed], rangeDown)).toEqual([null, null]);
  });
});
