import type { ServiceMetricsConfig } from '../config/types.js';
import { DEFAULT_SERVICE_METRICS, serviceSelector, trendQueries } from '../health/queries.js';

/**
 * The signals `obs anomalies` watches for every service: request rate, error ratio and p99, as the
 * health view computes them, and a datastore's query latency. This is the one place that knows how services are named in metrics.
 */
export interface Signal {
  /** What is watched: 'request rate', 'error ratio', 'p99 latency', or the query itself. */
  name: string;
  query: string;
  /** The label that carries the service name in this query's result. */
  serviceLabel: string;
}

/**
 * Datastores have no HTTP metrics; their query latency histogram stands in for p99. (The service
 * identity module of issue 14 is to name datastore metrics; until then this is the default.)
 */
const DATASTORE_DURATION = 'db_query_duration_seconds';

export function serviceSignals(config: ServiceMetricsConfig = {}, service?: string): Signal[] {
  const selector = service ? serviceSelector(service, config) : '';
  const q = trendQueries(config, '5m', selector);
  const serviceLabel = config.serviceLabel ?? DEFAULT_SERVICE_METRICS.serviceLabel;
  return [
    { name: 'request rate', query: q.rps, serviceLabel },
    { name: 'error ratio', query: q.errorRatio, serviceLabel },
    { name: 'p99 latency', query: q.p99, serviceLabel },
    {
      name: 'p99 query latency',
      query: `histogram_quantile(0.99, sum by (${serviceLabel}, le) (rate(${DATASTORE_DURATION}_bucket${selector ? `{${selector}}` : ''}[5m])))`,
      serviceLabel,
    },
  ];
}
