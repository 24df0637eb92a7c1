/**
 * The two query functions the SLO capability needs, over a Prometheus API client: instant queries
 * for evaluation, range queries for the budget burn-down.
 */
import type { PrometheusClient } from '../backends/prometheus/client.js';
import { batchedQuery } from '../backends/prometheus/batch.js';
import { warnedPrometheus } from '../backends/prometheus/warnings.js';
import type { QueryFn } from './evaluate.js';
import type { RangeQueryFn } from './history.js';

/** What prometheusQuery needs of a Prometheus client. */
export interface InstantQueries {
  queryVector(promql: string, options: { time?: number }): Promise<{ samples: { labels: Record<string, string>; value: number }[]; warnings?: string[] }>;
}

/** Instant queries, those asked together sent in batches (backends/prometheus/batch.ts). */
export function prometheusQuery(prometheus: InstantQueries): QueryFn {
  const one: QueryFn = async (promql, atMs) => {
    const { samples } = await prometheus.queryVector(promql, { time: atMs });
    return { series: samples.map((s) => ({ labels: s.labels, value: s.value })) };
  };
  // Small enough batches that the server still evaluates several at once.
  return batchedQuery(one, { maxQueries: 25 });
}

/** Instant queries (prometheusQuery) with the warnings their answers came with, e.g. of partial data. */
export interface WarnedQuery {
  query: QueryFn;
  /** Filled as answers arrive. */
  warnings: ReadonlySet<string>;
}

export function warnedQuery(prometheus: InstantQueries): WarnedQuery {
  const warned = warnedPrometheus(prometheus);
  return { query: prometheusQuery(warned.prometheus), warnings: warned.warnings };
}

/**
 * `query` with its answers kept: evaluations at the same instant that share queries (the ranking's
 * SLO burn and an incident snapshot's SLO part) ask each once. For one command's one moment, not a
 * long-lived process: no answer is forgotten, but a failure is, so that a later evaluation asks
 * again instead of failing on another's transient error.
 */
export function sharedQuery(query: QueryFn): QueryFn {
  const answers = new Map<string, ReturnType<QueryFn>>();
  return (promql, atMs) => {
    const key = `${atMs}\u0000${promql}`;
    let answer = answers.get(key);
    if (!answer) {
      const asked = (answer = query(promql, atMs));
      answers.set(key, asked);
      asked.catch(() => {
        if (answers.get(key) === asked) answers.delete(key);
      });
    }
    return answer;
  };
}

export function prometheusRangeQuery(prometheus: PrometheusClient): RangeQueryFn {
  return async (promql, startMs, endMs, stepMs) => {
    const { series } = await prometheus.queryRange(promql, { start: startMs, end: endMs, stepMs });
    return { series: series.map((s) => ({ labels: s.labels, points: s.points.map((p): [number, number] => [p.time, p.value]) })) };
  };
}
