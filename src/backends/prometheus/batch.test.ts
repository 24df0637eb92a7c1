import { describe, expect, it } from 'vitest';
import { BackendError } from '../../http/errors.js';
import { MemoryStorage, PromQLError, instantQuery } from '../../sim/promql/index.js';
import { batchedQuery, type BatchableQuery } from './batch.js';

type QueryFn = BatchableQuery<number, { labels: Record<string, string>; value: number }>;

const AT = 600_000;

/** PromQL over a few series (the demo world's engine, checked against real Prometheus), counting requests. */
function prometheus() {
  const storage = new MemoryStorage()
    .add({ __name__: 'req_total', service: 'a', code: '200' }, [[0, 0], [AT, 600]])
    .add({ __name__: 'req_total', service: 'a', code: '500' }, [[0, 0], [AT, 60]])
    .add({ __name__: 'req_total', service: 'b', code: '200' }, [[0, 0], [AT, 300]]);
  const asked: string[] = [];
  const query: QueryFn = async (promql, at) => {
    asked.push(promql);
    try {
      const r = instantQuery(storage, promql, at);
      if (r.resultType !== 'vector') throw new PromQLError(`expected a vector, got ${r.resultType}`);
      return { series: r.result.map((s) => ({ labels: s.labels, value: s.value })) };
    } catch (err) {
      if (err instanceof PromQLError) throw new BackendError({ backend: 'prometheus', kind: 'http', status: 400, url: '/api/v1/query', message: err.message });
      throw err;
    }
  };
  return { query, asked };
}

describe('batchedQuery', () => {
  it('asks the queries of one moment as one request and gives each its own answer', async () => {
    const p = prometheus();
    const batched = batchedQuery(p.query);
    const [a, b, perCode, none] = await Promise.all([
      batched('sum(req_total{service="a"})', AT),
      batched('sum(req_total{service="b"})', AT),
      batched('sum by (code) (req_total)', AT),
      batched('sum(req_total{service="nope"})', AT),
    ]);
    expect(p.asked).toHaveLength(1);
    expect(a.series).toEqual([{ labels: {}, value: 660 }]);
    expect(b.series).toEqual([{ labels: {}, value: 300 }]);
    expect(perCode.series.map((s) => [s.labels.code, s.value]).sort()).toEqual([['200', 900], ['500', 60]]);
    expect(none.series).toEqual([]);
  });

  it('answers each query alike whether batched or asked alone', async () => {
    const queries = ['sum(req_total)', 'req_total{code="500"}', 'sum(req_total{code="500"}) / sum(req_total)'];
    const alone = await Promise.all(queries.map((q) => prometheus().query(q, AT)));
    const together = await Promise.all(queries.map((q) => batchedQuery(prometheus().query)(q, AT)));
    const batched = batchedQuery(prometheus().query);
    expect(await Promise.all(queries.map((q) => batched(q, AT)))).toEqual(alone);
    expect(together).toEqual(alone);
  });

  it('asks a refused batch again query by query, so only the query at fault fails', async () => {
    const p = prometheus();
    const batched = batchedQuery(p.query);
    const [good, bad] = await Promise.allSettled([batched('sum(req_total)', AT), batched('scalar(sum(req_total))', AT)]);
    expect(good).toEqual({ status: 'fulfilled', value: { series: [{ labels: {}, value: 960 }] } });
    expect(bad.status).toBe('rejected');
    expect(p.asked).toHaveLength(3);
  });

  it('batches range queries over the same range, and keeps other ranges apart', async () => {
    const asked: string[] = [];
    const range: BatchableQuery<{ start: number; end: number }, { labels: Record<string, string> }> = async (_promql, r) => {
      asked.push(`${r.start}-${r.end}`);
      return { series: [] };
    };
    const batched = batchedQuery(range);
    await Promise.all([batched('up', { start: 1, end: 2 }), batched('sum(up)', { start: 1, end: 2 }), batched('up', { start: 0, end: 2 })]);
    expect(asked.sort()).toEqual(['0-2', '1-2']);
  });

  it('keeps requests within the size bounds', async () => {
    const p = prometheus();
    const batched = batchedQuery(p.query, { maxQueries: 2 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((s) => batched(`sum(req_total{service="${s}"})`, AT)));
    expect(p.asked).toHaveLength(3);
  });

  it('does not retry a batch that failed for want of an answer', async () => {
    let calls = 0;
    const down: QueryFn = async () => {
      calls++;
      throw new BackendError({ backend: 'prometheus', kind: 'unreachable', url: '/api/v1/query', message: 'connection refused' });
    };
    const batched = batchedQuery(down);
    const results = await Promise.allSettled([batched('up', AT), batched('sum(up)', AT)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
  });
});
