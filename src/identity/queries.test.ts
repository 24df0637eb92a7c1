import { describe, expect, it } from 'vitest';
import { redQueries } from './queries.js';
import type { Convention } from './types.js';

const classic: Convention = {
  name: 'classic', source: 'detected', serviceLabel: 'service', requests: 'http_requests_total',
  errors: { label: 'code', regex: '5..' }, duration: { metric: 'http_request_duration_seconds', unit: 'seconds' }, services: [],
};

describe('redQueries', () => {
  it('aggregates every query by the service label, so one query answers for every service', () => {
    const q = redQueries({ ...classic, serviceLabel: 'app', errors: { label: 'status', regex: '5..|429' } });
    expect(q.rps).toBe('sum by (app) (rate(http_requests_total[5m]))');
    expect(q.errors).toBe('sum by (app) (rate(http_requests_total{status=~"5..|429"}[5m]))');
    expect(q.p99).toBe('histogram_quantile(0.99, sum by (app, le) (rate(http_request_duration_seconds_bucket[5m])))');
    expect(q.overflow).toBe('1 - max by (app) (sum by (app, le) (rate(http_request_duration_seconds_bucket{le!="+Inf"}[5m]))) / sum by (app) (rate(http_request_duration_seconds_bucket{le="+Inf"}[5m]))');
  });

  it('brings millisecond histograms to seconds and keeps a convention\'s selector', () => {
    const istio: Convention = {
      name: 'istio', source: 'detected', serviceLabel: 'destination_service_name', requests: 'istio_requests_total',
      errors: { label: 'response_code', regex: '5..' }, duration: { metric: 'istio_request_duration_milliseconds', unit: 'milliseconds' },
      selector: 'reporter="destination"', services: [],
    };
    const q = redQueries(istio, '1m', 'payments');
    expect(q.p50).toBe('histogram_quantile(0.5, sum by (destination_service_name, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination", destination_service_name="payments"}[1m]))) * 0.001');
    expect(q.errors).toBe('sum by (destination_service_name) (rate(istio_requests_total{reporter="destination", destination_service_name="payments", response_code=~"5.."}[1m]))');
  });

  it('counts errors from a counter of their own, and asks no latency without a histogram', () => {
    const q = redQueries({ ...classic, errors: { metric: 'db_query_errors_total', matcher: '' }, duration: undefined });
    expect(q.errors).toBe('sum by (service) (rate(db_query_errors_total[5m]))');
    expect(q.p99).toBeUndefined();
    expect(q.overflow).toBeUndefined();
  });

  it('has no error query when failures cannot be told apart', () => {
    expect(redQueries({ ...classic, errors: undefined }).errors).toBeUndefined();
  });
});
