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
  /** Which of a service's signals it is; absent for a query given as is. */
  key?: 'rps' | 'errorRatio' | 'p99';
  query: string;
  /** The label that carries the service name in this query's result. */
  serviceLabel: string;
}

export function serviceSignals(conventions: Convention[], service?: string): Signal[] {
  return conventions.flatMap((c) => {
    const q = redQueries(c, '5m', service);
    const signals: Signal[] = [{ name: 'request rate', key: 'rps', query: q.rps, serviceLabel: c.serviceLabel }];
    if (q.errors) signals.push({ name: 'error ratio', key: 'errorRatio', query: `${q.errors} / ${q.rps}`, serviceLabel: c.serviceLabel });
    if (q.p99) signals.push({ name: 'p99 latency', key: 'p99', query: q.p99, serviceLabel: c.serviceLabel });
    return signals;
  });
}
