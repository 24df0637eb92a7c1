import { describe, expect, it } from 'vitest';
import { conventionOf, detectMetrics, type LabelApi } from './detect.js';

/** A Prometheus label API over a fixed list of series, answering match[] by metric name and equality matchers. */
function labelApi(series: Record<string, string>[]): LabelApi & { calls: number } {
  const matching = (match?: string[]) => series.filter((s) => !match || match.some((m) => {
    const [, name, inner] = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?$/.exec(m)!;
    const eq = [...(inner ?? '').matchAll(/(\w+)="([^"]*)"/g)];
    return s.__name__ === name && eq.every(([, l, v]) => (s[l!] ?? '') === v);
  }));
  const api = {
    calls: 0,
    async labels(r: { match?: string[] }) {
      api.calls++;
      return [...new Set(matching(r.match).flatMap((s) => Object.keys(s)))].sort();
    },
    async labelValues(name: string, r: { match?: string[] }) {
      api.calls++;
      return [...new Set(matching(r.match).map((s) => s[name]).filter((v): v is string => v !== undefined))].sort();
    },
  };
  return api;
}

const MIXED: Record<string, string>[] = [
  { __name__: 'http_server_request_duration_seconds_count', service_name: 'checkout', job: 'otel', http_response_status_code: '200' },
  { __name__: 'http_server_request_duration_seconds_bucket', service_name: 'checkout', job: 'otel', le: '0.1' },
  { __name__: 'http_requests_total', job: 'cart', status: '500' },
  { __name__: 'up', job: 'cart' },
  { __name__: 'up', job: 'nightly-report' },
  { __name__: 'pg_up', job: 'payments-db' },
  { __name__: 'pg_stat_activity_count', job: 'payments-db' },
  { __name__: 'pg_settings_max_connections', job: 'payments-db' },
];

describe('detectMetrics', () => {
  it('finds each convention present, the label naming its services and how it tells failures', async () => {
    const m = await detectMetrics(labelApi(MIXED), { now: 0 });
    expect(m.conventions.map((c) => [c.name, c.serviceLabel, c.errors, c.duration?.metric, c.services])).toEqual([
      ['opentelemetry', 'service_name', { label: 'http_response_status_code', regex: '5..' }, 'http_server_request_duration_seconds', ['checkout']],
      // a classic counter known only by job, with `status` codes and no histogram
      ['classic', 'job', { label: 'status', regex: '5..' }, undefined, ['cart']],
    ]);
    expect(m.exporters).toMatchObject([{ name: 'postgres', serviceLabel: 'job', up: 'pg_up', saturation: { used: 'pg_stat_activity_count' }, services: ['payments-db'] }]);
    expect(m.upLabels).toEqual(['job']);
    expect(m.jobs).toEqual(['cart', 'nightly-report']);
    expect(conventionOf(m, 'checkout')?.name).toBe('opentelemetry');
    expect(conventionOf(m, 'nightly-report')).toBeUndefined();
  });

  it('finds the services a later label names when the first is missing from their series', async () => {
    const m = await detectMetrics(labelApi([
      { __name__: 'http_requests_total', service: 'checkout', job: 'checkout', code: '200' },
      { __name__: 'http_requests_total', job: 'cart', code: '200' },
    ]), { now: 0 });
    expect(m.conventions.map((c) => [c.name, c.serviceLabel, c.selector, c.services])).toEqual([
      ['classic', 'service', undefined, ['checkout']],
      ['classic', 'job', 'service=""', ['cart']],
    ]);
  });

  it('leaves out a convention whose metric carries no label naming a service', async () => {
    const m = await detectMetrics(labelApi([{ __name__: 'http_requests_total', code: '200', instance: 'x:80' }]), { now: 0 });
    expect(m.conventions).toEqual([]);
  });

  it('uses the context\'s conventions instead of guessing, with their services', async () => {
    const api = labelApi([...MIXED, { __name__: 'api_calls_total', team_service: 'billing', env: 'prod' }, { __name__: 'api_calls_total', team_service: 'old', env: 'dev' }]);
    const m = await detectMetrics(api, {
      now: 0,
      configured: [{ name: 'ours', source: 'configured', serviceLabel: 'team_service', requests: 'api_calls_total', selector: 'env="prod"', services: [] }],
    });
    expect(m.conventions.map((c) => [c.name, c.services])).toEqual([['ours', ['billing']]]);
    expect(m.configured).toBe(true);
  });

  it('finds nothing on a Prometheus with none of the conventions', async () => {
    const m = await detectMetrics(labelApi([{ __name__: 'node_cpu_seconds_total', cpu: '0' }]), { now: 0 });
    expect(m).toMatchObject({ conventions: [], exporters: [], upLabels: [], jobs: [] });
  });
});
