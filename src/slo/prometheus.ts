/**
 * The two query functions the SLO capability needs, over a Prometheus API client: instant queries
 * for evaluation, range queries for the budget burn-down.
 */
import type { PrometheusClient } from '../backends/prometheus/client.js';
import type { QueryFn } from './evaluate.js';
import type { RangeQueryFn } from './history.js';

/** `onWarning` hears what the backend warned about (e.g. a partial answer from Thanos). */
export function prometheusQuery(prometheus: PrometheusClient, onWarning?: (warning: string) => void): QueryFn {
  return async (promql, atMs) => {
    const { samples, warnings } = await prometheus.queryVector(promql, { time: atMs });
    if (onWarning) for (const w of warnings) onWarning(w);
    return { series: samples.map((s) => ({ labels: s.labels, value: s.value })) };
  };
}

export function prometheusRangeQuery(prometheus: PrometheusClient): RangeQueryFn {
  return async (promql, startMs, endMs, stepMs) => {
    const { series } = await prometheus.queryRange(promql, { start: startMs, end: endMs, stepMs });
    return { series: series.map((s) => ({ labels: s.labels, points: s.points.map((p): [number, number] => [p.time, p.value]) })) };
  };
}
