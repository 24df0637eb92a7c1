import { describe, expect, it } from 'vitest';
import type { QueryFn } from './evaluate.js';
import { sharedQuery } from './prometheus.js';

describe('sharedQuery', () => {
  it('asks a query at an instant once, however many evaluations ask it', async () => {
    const asked: string[] = [];
    const query: QueryFn = async (promql, at) => (asked.push(`${promql} @${at}`), { series: [{ labels: {}, value: at }] });
    const shared = sharedQuery(query);
    const [a, b] = await Promise.all([shared('up', 1000), shared('up', 1000)]);
    expect(a).toBe(b);
    await shared('up', 2000);
    await shared('sum(up)', 1000);
    expect(asked).toEqual(['up @1000', 'up @2000', 'sum(up) @1000']);
  });

  it('asks again after a failure, instead of handing it to every later evaluation', async () => {
    let calls = 0;
    const shared = sharedQuery(async () => {
      if (++calls === 1) throw new Error('prometheus: 503 Service Unavailable');
      return { series: [{ labels: {}, value: 0.99 }] };
    });
    await expect(shared('sli', 1000)).rejects.toThrow('503');
    expect(await shared('sli', 1000)).toEqual({ series: [{ labels: {}, value: 0.99 }] });
    await shared('sli', 1000);
    expect(calls).toBe(2);
  });
});
