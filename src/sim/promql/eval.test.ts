import { describe, expect, it } from 'vitest';
import { instantQuery, MemoryStorage, rangeQuery, type QueryResult } from './index.js';

const S = 1000;
const T = 600 * S; // evaluation time used by most tests

/** a counter sampled every 15 s from t=0 to 600 s, increasing by `perStep` each scrape */
function counter(perStep: number, resetAt?: number): [number, number][] {
  const out: [number, number][] = [];
  let v = 0;
  for (let t = 0; t <= 600 * S; t += 15 * S) {
    if (resetAt !== undefined && t === resetAt) v = 0;
    out.push([t, v]);
    v += perStep;
  }
  return out;
}

function gauge(values: number[], stepS = 60): [number, number][] {
  return values.map((v, i) => [(600 - (values.length - 1 - i) * stepS) * S, v]);
}

function storage(): MemoryStorage {
  return new MemoryStorage()
    .add({ __name__: 'req_total', service: 'a', code: '200' }, counter(30))
    .add({ __name__: 'req_total', service: 'a', code: '500' }, counter(3))
    .add({ __name__: 'req_total', service: 'b', code: '200' }, counter(15))
    .add({ __name__: 'req_total', service: 'b', code: '500' }, counter(0))
    .add({ __name__: 'reset_total', service: 'c' }, counter(15, 300 * S))
    .add({ __name__: 'temp', room: 'x' }, gauge([1, 5, 2, 8, 3]))
    .add({ __name__: 'temp', room: 'y' }, gauge([4, 4, 4, 4, 4]))
    .add({ __name__: 'up', job: 'a', instance: 'a1' }, gauge([1, 1, 1, 1, 1]))
    .add({ __name__: 'up', job: 'a', instance: 'a2' }, gauge([1, 1, 1, 1, 0]))
    .add({ __name__: 'info', job: 'a', version: 'v1' }, gauge([1, 1, 1, 1, 1]))
    .add({ __name__: 'lat_bucket', service: 'a', le: '0.1' }, gauge([0, 50]))
    .add({ __name__: 'lat_bucket', service: 'a', le: '0.5' }, gauge([0, 90]))
    .add({ __name__: 'lat_bucket', service: 'a', le: '1' }, gauge([0, 85]))
    .add({ __name__: 'lat_bucket', service: 'a', le: '+Inf' }, gauge([0, 100]));
}

function vector(r: QueryResult): Record<string, number> {
  if (r.resultType !== 'vector') throw new Error(`expected vector, got ${r.resultType}`);
  return Object.fromEntries(r.result.map((s) => [JSON.stringify(s.labels), s.value]));
}

function q(query: string, t = T): Record<string, number> {
  return vector(instantQuery(storage(), query, t));
}

function one(query: string, t = T): number {
  const values = Object.values(q(query, t));
  expect(values).toHaveLength(1);
  return values[0];
}

describe('selectors', () => {
  it('matches with =, !=, =~ and !~, treating a missing label as empty', () => {
    expect(Object.keys(q('req_total{service="a"}'))).toHaveLength(2);
    expect(Object.keys(q('req_total{code!="200"}'))).toHaveLength(2);
    expect(Object.keys(q('req_total{code=~"5.."}'))).toHaveLength(2);
    expect(Object.keys(q('req_total{service!~"a|b"}'))).toHaveLength(0);
    expect(Object.keys(q('{__name__=~"req_total|temp",room=""}'))).toHaveLength(4);
  });

  it('looks back 5 minutes for the latest sample, inclusive of the boundary', () => {
    expect(one('temp{room="x"}', T + 299 * S)).toBe(3);
    expect(one('temp{room="x"}', T + 300 * S)).toBe(3);
    expect(q('temp{room="x"}', T + 301 * S)).toEqual({});
  });

  it('shifts evaluation with offset and pins it with @', () => {
    expect(one('temp{room="x"} offset 2m')).toBe(2);
    expect(one(`temp{room="x"} @ ${(T - 60 * S) / 1000}`, 0)).toBe(8);
  });

  it('returns raw samples for a range selector in an instant query', () => {
    const r = instantQuery(storage(), 'temp{room="x"}[2m]', T);
    expect(r.resultType).toBe('matrix');
    if (r.resultType === 'matrix') expect(r.result[0].points).toEqual([[T - 120 * S, 2], [T - 60 * S, 8], [T, 3]]);
  });
});

describe('counter functions', () => {
  it('rate and increase extrapolate like Prometheus', () => {
    // 30 per 15 s = 2/s; the window [T-5m, T] holds 21 samples covering it exactly
    expect(one('rate(req_total{service="a",code="200"}[5m])')).toBeCloseTo(2, 12);
    expect(one('increase(req_total{service="a",code="200"}[5m])')).toBeCloseTo(600, 9);
  });

  it('extrapolates only half an interval when the series starts inside the window', () => {
    // at t=60s the window [-240s, 60s] holds samples 0..60s (values 0..120); the zero point limits extrapolation
    expect(one('increase(req_total{service="a",code="200"}[5m])', 60 * S)).toBeCloseTo(120, 9);
  });

  it('handles counter resets in rate, increase and resets()', () => {
    // 285 before the reset plus 300 after it: the scrape that saw the reset counts from zero
    expect(one('increase(reset_total[10m])')).toBeCloseTo(585, 9);
    expect(one('resets(reset_total[10m])')).toBe(1);
  });

  it('irate uses the last two samples; idelta their difference', () => {
    expect(one('irate(req_total{service="b",code="200"}[1m])')).toBe(1);
    expect(one('idelta(temp{room="x"}[3m])')).toBe(-5);
  });

  it('delta is last minus first, extrapolated to the window', () => {
    expect(one('delta(temp{room="x"}[4m])')).toBe(2);
    // samples at T-180..T cover 180 s of a 200 s window: extrapolated by 20 s at the start
    expect(one('delta(temp{room="x"}[200s])')).toBeCloseTo(((3 - 5) * 200) / 180, 12);
  });

  it('drops series with fewer than two samples', () => {
    expect(q('rate(temp{room="x"}[30s])')).toEqual({});
  });
});

describe('*_over_time', () => {
  it.each([
    ['avg_over_time', 3.8],
    ['sum_over_time', 19],
    ['min_over_time', 1],
    ['max_over_time', 8],
    ['count_over_time', 5],
    ['last_over_time', 3],
    ['present_over_time', 1],
    ['stdvar_over_time', 6.16],
    ['stddev_over_time', Math.sqrt(6.16)],
  ])('%s', (fn, expected) => {
    expect(one(`${fn}(temp{room="x"}[5m])`)).toBeCloseTo(expected, 12);
  });

  it('quantile_over_time interpolates between ranks', () => {
    expect(one('quantile_over_time(0.5, temp{room="x"}[5m])')).toBe(3);
    expect(one('quantile_over_time(0.25, temp{room="x"}[5m])')).toBe(2);
  });

  it('keeps the metric name only for last_over_time', () => {
    expect(Object.keys(q('last_over_time(temp{room="x"}[5m])'))[0]).toContain('__name__');
    expect(Object.keys(q('max_over_time(temp{room="x"}[5m])'))[0]).not.toContain('__name__');
  });

  it('absent_over_time answers 1 only when nothing is in the window', () => {
    expect(q('absent_over_time(temp[5m])')).toEqual({});
    expect(one('absent_over_time(nope{a="b"}[5m])')).toBe(1);
  });
});

describe('histogram_quantile', () => {
  it('interpolates within the bucket and fixes non-monotonic buckets', () => {
    // buckets 50, 90, 85 (forced to 90), 100: the median falls in the first bucket
    expect(one('histogram_quantile(0.5, lat_bucket)')).toBeCloseTo(0.1, 12);
    expect(one('histogram_quantile(0.7, lat_bucket)')).toBeCloseTo(0.1 + 0.4 * (20 / 40), 12);
    // rank 95 lands in +Inf: the answer is the highest finite bound
    expect(one('histogram_quantile(0.95, lat_bucket)')).toBe(1);
  });

  it('answers NaN without a +Inf bucket and ±Inf outside [0, 1]', () => {
    expect(one('histogram_quantile(0.5, lat_bucket{le!="+Inf"})')).toBeNaN();
    expect(one('histogram_quantile(1.5, lat_bucket)')).toBe(Infinity);
    expect(one('histogram_quantile(-1, lat_bucket)')).toBe(-Infinity);
  });

  it('groups by the labels other than le and drops the name', () => {
    expect(Object.keys(q('histogram_quantile(0.5, lat_bucket)'))).toEqual([JSON.stringify({ service: 'a' })]);
  });
});

describe('aggregations', () => {
  it('sum, avg, min, max, count, group with by and without', () => {
    expect(q('sum by (service) (rate(req_total[5m]))')).toEqual({
      [JSON.stringify({ service: 'a' })]: expect.closeTo(2.2, 12),
      [JSON.stringify({ service: 'b' })]: expect.closeTo(1, 12),
    });
    expect(one('avg(temp)')).toBe(3.5);
    expect(one('min(temp)')).toBe(3);
    expect(one('max(temp)')).toBe(4);
    expect(one('count(req_total)')).toBe(4);
    expect(one('group(req_total)')).toBe(1);
    expect(Object.keys(q('sum without (code) (req_total)'))).toEqual([JSON.stringify({ service: 'a' }), JSON.stringify({ service: 'b' })]);
  });

  it('stddev, stdvar and quantile', () => {
    expect(one('stdvar(temp)')).toBeCloseTo(0.25, 12);
    expect(one('stddev(temp)')).toBeCloseTo(0.5, 12);
    expect(one('quantile(0.5, temp)')).toBe(3.5);
  });

  it('topk and bottomk keep whole series', () => {
    const top = q('topk(1, req_total)');
    expect(Object.keys(top)).toEqual([JSON.stringify({ __name__: 'req_total', service: 'a', code: '200' })]);
    expect(Object.values(q('bottomk(2, temp)')).sort()).toEqual([3, 4]);
    expect(q('topk(0, temp)')).toEqual({});
  });
});

describe('binary operators', () => {
  it('vector/scalar arithmetic drops the name; comparisons filter or answer 0/1 with bool', () => {
    expect(q('temp * 2')).toEqual({ [JSON.stringify({ room: 'x' })]: 6, [JSON.stringify({ room: 'y' })]: 8 });
    expect(q('temp > 3')).toEqual({ [JSON.stringify({ __name__: 'temp', room: 'y' })]: 4 });
    expect(q('temp > bool 3')).toEqual({ [JSON.stringify({ room: 'x' })]: 0, [JSON.stringify({ room: 'y' })]: 1 });
    expect(q('3 < temp')).toEqual({ [JSON.stringify({ __name__: 'temp', room: 'y' })]: 4 });
  });

  it('scalar arithmetic, precedence and right-associative power', () => {
    expect(instantQuery(storage(), '2 + 3 * 4 ^ 2 ^ 0.5 - 10 % 4', T)).toEqual({ resultType: 'scalar', result: [T, 2 + 3 * 4 ** (2 ** 0.5) - 2] });
    expect(instantQuery(storage(), '-2 ^ 2', T)).toEqual({ resultType: 'scalar', result: [T, -4] });
    expect(instantQuery(storage(), '(-2) ^ 2', T)).toEqual({ resultType: 'scalar', result: [T, 4] });
    expect(instantQuery(storage(), '1 + -2 ^ 2', T)).toEqual({ resultType: 'scalar', result: [T, -3] });
    expect(instantQuery(storage(), '1 == bool 1', T)).toEqual({ resultType: 'scalar', result: [T, 1] });
  });

  it('matches vectors one-to-one on all labels but the name, or on()/ignoring()', () => {
    expect(one('sum by (service) (req_total{code="500"}) / sum by (service) (req_total) > 0')).toBeCloseTo(3 / 33, 12);
    expect(q('req_total{code="500"} / ignoring (code) req_total{code="200"}')).toEqual({
      [JSON.stringify({ service: 'a' })]: expect.closeTo(0.1, 12),
      [JSON.stringify({ service: 'b' })]: 0,
    });
  });

  it('group_left copies labels from the one side', () => {
    const r = q('up * on (job) group_left (version) info');
    expect(Object.keys(r)).toEqual([
      JSON.stringify({ job: 'a', instance: 'a1', version: 'v1' }),
      JSON.stringify({ job: 'a', instance: 'a2', version: 'v1' }),
    ]);
  });

  it('group_right mirrors group_left', () => {
    expect(Object.keys(q('info * on (job) group_right (version) up'))).toHaveLength(2);
  });

  it('rejects many-to-many matches as an execution error', () => {
    expect(() => q('req_total / on (service) req_total')).toThrow(/many-to-many matching not allowed/);
    expect(() => q('up * on (job) info + on (job) up')).toThrow(/many-to-many|multiple matches/);
  });

  it('and, or, unless', () => {
    expect(Object.keys(q('up and up == 0'))).toEqual([JSON.stringify({ __name__: 'up', job: 'a', instance: 'a2' })]);
    expect(Object.keys(q('temp{room="x"} or temp'))).toHaveLength(2);
    expect(Object.keys(q('up unless on (instance) (up == 0)'))).toEqual([JSON.stringify({ __name__: 'up', job: 'a', instance: 'a1' })]);
  });

  it('unary minus negates and drops the name', () => {
    expect(q('-temp{room="y"}')).toEqual({ [JSON.stringify({ room: 'y' })]: -4 });
  });
});

describe('functions', () => {
  it('label_replace: anchored regex, $1 and ${name} references, an empty value removes the label', () => {
    expect(Object.keys(q('label_replace(temp{room="x"}, "floor", "f-$1", "room", "(.)")'))).toEqual([JSON.stringify({ __name__: 'temp', floor: 'f-x', room: 'x' })]);
    expect(Object.keys(q('label_replace(temp{room="x"}, "floor", "${r}", "room", "(?<r>x)")'))).toEqual([JSON.stringify({ __name__: 'temp', floor: 'x', room: 'x' })]);
    expect(Object.keys(q('label_replace(temp{room="x"}, "floor", "no", "room", "y")'))).toEqual([JSON.stringify({ __name__: 'temp', room: 'x' })]);
    expect(Object.keys(q('label_replace(temp{room="x"}, "room", "", "room", ".*")'))).toEqual([JSON.stringify({ __name__: 'temp' })]);
    expect(() => q('label_replace(temp, "room", "same", "", "")')).toThrow(/same labelset/);
  });

  it('clamp, clamp_min, clamp_max', () => {
    expect(Object.values(q('clamp(temp, 3.5, 3.8)')).sort()).toEqual([3.5, 3.8]);
    expect(Object.values(q('clamp_min(temp, 3.5)')).sort()).toEqual([3.5, 4]);
    expect(Object.values(q('clamp_max(temp, 3.5)')).sort()).toEqual([3, 3.5]);
    expect(q('clamp(temp, 5, 1)')).toEqual({});
  });

  it('vector, scalar, time, absent', () => {
    expect(q('vector(7)')).toEqual({ '{}': 7 });
    expect(instantQuery(storage(), 'scalar(temp{room="y"})', T)).toEqual({ resultType: 'scalar', result: [T, 4] });
    expect(Number.isNaN((instantQuery(storage(), 'scalar(temp)', T).result as [number, number])[1])).toBe(true);
    expect(instantQuery(storage(), 'time()', T)).toEqual({ resultType: 'scalar', result: [T, T / 1000] });
    expect(q('absent(temp)')).toEqual({});
    expect(q('absent(nope{job="x",env=~"p.*"})')).toEqual({ [JSON.stringify({ job: 'x' })]: 1 });
  });

  it('math functions', () => {
    expect(one('abs(-temp{room="x"})')).toBe(3);
    expect(one('round(temp{room="x"} / 7, 0.1)')).toBeCloseTo(0.4, 12);
    expect(one('sqrt(temp{room="y"})')).toBe(2);
    expect(one('ln(exp(temp{room="y"}))')).toBeCloseTo(4, 12);
    expect(one('sgn(-temp{room="y"})')).toBe(-1);
  });

  it('sort_desc orders an instant vector by value', () => {
    const r = instantQuery(storage(), 'sort_desc(temp)', T);
    if (r.resultType !== 'vector') throw new Error('vector expected');
    expect(r.result.map((s) => s.value)).toEqual([4, 3]);
  });
});

describe('subqueries', () => {
  it('evaluate the inner expression on a step grid aligned to multiples of the step', () => {
    // temp x at T-240..T (1 min apart) = 1 5 2 8 3; the inner grid is 0, 60 s, ... so it lands on the samples
    expect(one('max_over_time(temp{room="x"}[4m:1m])')).toBe(8);
    expect(one('count_over_time((temp{room="x"} > 2)[4m:1m])')).toBe(3);
    expect(one('count_over_time(temp{room="x"}[4m:])')).toBe(5);
  });

  it('take an offset, feed rate() and come back raw from an instant query', () => {
    expect(one('max_over_time(temp{room="x"}[2m:1m] offset 2m)')).toBe(5);
    expect(one('rate(rate(req_total{service="a",code="200"}[1m])[5m:30s])')).toBeCloseTo(0, 12);
    const r = instantQuery(storage(), 'temp{room="x"}[2m:1m]', T);
    expect(r).toEqual({ resultType: 'matrix', result: [{ labels: { __name__: 'temp', room: 'x' }, points: [[T - 120 * S, 2], [T - 60 * S, 8], [T, 3]] }] });
  });
});

describe('range queries', () => {
  it('evaluates at every step and returns a matrix sorted by labels', () => {
    const r = rangeQuery(storage(), 'temp', { startMs: T - 120 * S, endMs: T, stepMs: 60 * S });
    expect(r.resultType).toBe('matrix');
    if (r.resultType !== 'matrix') return;
    expect(r.result.map((s) => s.labels.room)).toEqual(['x', 'y']);
    expect(r.result[0].points).toEqual([[T - 120 * S, 2], [T - 60 * S, 8], [T, 3]]);
  });

  it('gives a scalar result as a series without labels', () => {
    const r = rangeQuery(storage(), 'time()', { startMs: 0, endMs: 2 * S, stepMs: S });
    expect(r).toEqual({ resultType: 'matrix', result: [{ labels: {}, points: [[0, 0], [S, 1], [2 * S, 2]] }] });
  });

  it('refuses range vectors and strings as range query results', () => {
    expect(() => rangeQuery(storage(), 'temp[5m]', { startMs: 0, endMs: T, stepMs: 60 * S })).toThrow(/invalid expression type "range vector"/);
  });
});
