import type { PrometheusClient } from '../backends/prometheus/client.js';
import type { ServiceMetricsConfig } from '../config/types.js';
import { assembleHealth, type MetricResults, type ServiceHealth, type TrendResults } from './model.js';
import { DEFAULT_SERVICE_METRICS, healthQueries, trendQueries, type HealthMetric } from './queries.js';

export interface HealthSnapshot {
  services: ServiceHealth[];
  /** Metrics whose query failed, with the backend's message: the rest is still shown. */
  errors: Partial<Record<string, string>>;
  requests: number;
}

/**
 * One refresh of the RED view: 6 instant queries and 3 range queries, whatever the number of
 * services. A failing query leaves its column empty and is reported; it does not fail the rest.
 */
export async function loadHealth(prometheus: PrometheusClient, options: { config?: ServiceMetricsConfig; now: number; trendMs?: number; trendPoints?: number; selector?: string }): Promise<HealthSnapshot> {
  const config = { ...DEFAULT_SERVICE_METRICS, ...options.config };
  const instant = healthQueries(config, '5m', options.selector);
  const trend = trendQueries(config, '5m', options.selector);
  const trendMs = options.trendMs ?? 30 * 60_000;
  const stepMs = Math.max(15_000, Math.ceil(trendMs / (options.trendPoints ?? 30) / 1000) * 1000);
  const errors: HealthSnapshot['errors'] = {};
  const metrics: MetricResults = {};
  const trends: TrendResults = {};
  const instantCalls = (Object.keys(instant) as HealthMetric[]).map(async (key) => {
    try {
      metrics[key] = (await prometheus.queryVector(instant[key], { time: options.now })).samples;
    } catch (e) {
      errors[key] = (e as Error).message;
    }
  });
  const rangeCalls = (Object.keys(trend) as (keyof typeof trend)[]).map(async (key) => {
    try {
      trends[key] = (await prometheus.queryRange(trend[key], { start: options.now - trendMs, end: options.now, stepMs })).series;
    } catch (e) {
      errors[`trend.${key}`] = (e as Error).message;
    }
  });
  await Promise.all([...instantCalls, ...rangeCalls]);
  return { services: assembleHealth(metrics, trends, config.serviceLabel), errors, requests: instantCalls.length + rangeCalls.length };
}
