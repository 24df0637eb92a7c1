import { redQueries } from '../identity/queries.js';
import type { Convention } from '../identity/types.js';

/**
 * The signals `obs anomalies` watches for every service: request rate, error ratio and p99 of each
 * metrics convention the service identity found (HTTP servers, datastores, ...). This is the one
 * place that knows how services are named in metrics.
 */
export interface Signal {
  /** What is watched: 'request rate', 'error ratio', 'p99 latency', or the query itself. */
  name: string;
  query: string;
  /** The label that carries the service name in this query's result. */
  serviceLabel: string;
}

export function serviceSignals(conventions: Convention[], service?: string): Signal[] {
  return conventions.flatMap((c) => {
    const q = redQueries(c, '5m', service);
    const signals: Signal[] = [{ name: 'request rate', query: q.rps, serviceLabel: c.serviceLabel }];
    if (q.errors) signals.push({ name: 'error ratio', query: `${q.errors} / ${q.rps}`, serviceLabel: c.serviceLabel });
    if (q.p99) signals.push({ name: 'p99 latency', query: q.p99, serviceLabel: c.serviceLabel });
    return signals;
  });
}
