/**
 * The per-service RED queries of one convention: request rate, error rate and latency quantiles,
 * each aggregated by the convention's service label, so one query answers for every service.
 * Latencies come out in seconds whatever the histogram's unit.
 */
import type { Convention } from './types.js';
import { UNIT_SCALE } from './conventions.js';

export type RedMetric = 'rps' | 'errors' | 'p50' | 'p95' | 'p99' | 'overflow';

/** Queries a convention can answer: the request rate always, errors and latency when it has them. */
export type RedQueries = { rps: string } & Partial<Record<Exclude<RedMetric, 'rps'>, string>>;

/** A matcher selecting one service, e.g. service_name="payments". */
export function serviceMatcher(convention: Pick<Convention, 'serviceLabel'>, service: string): string {
  return `${convention.serviceLabel}=${promString(service)}`;
}

/** Escape a value for a double-quoted PromQL string. */
export function promString(value: string): string {
  return JSON.stringify(value);
}

/**
 * The RED queries of a convention over `rateWindow`; `service` narrows them to one service (for a
 * drill-down's range queries). `errors` is absent when the convention has no way to tell a failure.
 */
export function redQueries(c: Convention, rateWindow = '5m', service?: string): RedQueries {
  const by = c.serviceLabel;
  const sel = (...extra: (string | undefined)[]) => {
    const inner = [c.selector, service === undefined ? undefined : serviceMatcher(c, service), ...extra].filter(Boolean).join(', ');
    return inner ? `{${inner}}` : '';
  };
  const scale = UNIT_SCALE[c.duration?.unit ?? 'seconds'];
  const quantile = (q: number) => {
    const expr = `histogram_quantile(${q}, sum by (${by}, le) (rate(${c.duration!.metric}_bucket${sel()}[${rateWindow}])))`;
    return scale === 1 ? expr : `${expr} * ${scale}`;
  };
  const errors = c.errors === undefined
    ? undefined
    : 'label' in c.errors
      ? `sum by (${by}) (rate(${c.requests}${sel(`${c.errors.label}=~${promString(c.errors.regex)}`)}[${rateWindow}]))`
      : `sum by (${by}) (rate(${c.errors.metric}${sel(c.errors.matcher)}[${rateWindow}]))`;
  // The share of requests slower than the top finite bucket (buckets are cumulative, so the top
  // one has the largest count): a quantile above 1 - overflow is only known to be at least that bucket.
  const bucket = (le: string) => `rate(${c.duration!.metric}_bucket${sel(le)}[${rateWindow}])`;
  const overflow = () => `1 - max by (${by}) (sum by (${by}, le) (${bucket('le!="+Inf"')})) / sum by (${by}) (${bucket('le="+Inf"')})`;
  const latency = c.duration ? { p50: quantile(0.5), p95: quantile(0.95), p99: quantile(0.99), overflow: overflow() } : {};
  return { rps: `sum by (${by}) (rate(${c.requests}${sel()}[${rateWindow}]))`, ...(errors ? { errors } : {}), ...latency };
}
