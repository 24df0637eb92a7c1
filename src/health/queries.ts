import type { ServiceMetricsConfig } from '../config/types.js';

export const DEFAULT_SERVICE_METRICS: Required<ServiceMetricsConfig> = {
  requests: 'http_requests_total',
  duration: 'http_request_duration_seconds',
  serviceLabel: 'service',
  codeLabel: 'code',
  errorCodes: '5..',
};

export type HealthMetric = 'rps' | 'errors' | 'p50' | 'p95' | 'p99' | 'ceiling' | 'up';

/**
 * The PromQL of the RED view. Every query is aggregated by the service label, so the number of
 * requests per refresh is the same for 5 services or 500.
 */
export function healthQueries(config: ServiceMetricsConfig = {}, rateWindow = '5m', selector = ''): Record<HealthMetric, string> {
  const c = { ...DEFAULT_SERVICE_METRICS, ...config };
  const by = c.serviceLabel;
  const sel = (extra: string) => {
    const inner = [selector, extra].filter(Boolean).join(', ');
    return inner ? `{${inner}}` : '';
  };
  const quantile = (q: number) => `histogram_quantile(${q}, sum by (${by}, le) (rate(${c.duration}_bucket${sel('')}[${rateWindow}])))`;
  return {
    rps: `sum by (${by}) (rate(${c.requests}${sel('')}[${rateWindow}]))`,
    errors: `sum by (${by}) (rate(${c.requests}${sel(`${c.codeLabel}=~"${c.errorCodes}"`)}[${rateWindow}]))`,
    p50: quantile(0.5),
    p95: quantile(0.95),
    p99: quantile(0.99),
    // The highest value the histogram can report: where a quantile equals it, the quantile fell
    // past the top finite bucket and the true value is only known to be at least that bound.
    ceiling: quantile(1),
    up: `min by (${by}) (up${sel('')})`,
  };
}

/** The trend series drawn as sparklines: request rate, error ratio and p99 over a range. */
export function trendQueries(config: ServiceMetricsConfig = {}, rateWindow = '5m', selector = ''): Record<'rps' | 'errorRatio' | 'p99', string> {
  const q = healthQueries(config, rateWindow, selector);
  return { rps: q.rps, errorRatio: `${q.errors} / ${q.rps}`, p99: q.p99 };
}

/** Escape a value for a double-quoted PromQL string. */
export function promString(value: string): string {
  return JSON.stringify(value);
}

/** A matcher selecting one service, e.g. service="payments". */
export function serviceSelector(service: string, config: ServiceMetricsConfig = {}): string {
  return `${config.serviceLabel ?? DEFAULT_SERVICE_METRICS.serviceLabel}=${promString(service)}`;
}
