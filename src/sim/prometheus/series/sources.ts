/** Which counters the world exports, and how each one's rate follows from a model snapshot. */
import { hash01, hash32 } from '../../world/random.js';
import type { Model, ServiceSnap, Snapshot } from '../../world/model.js';
import { NOT_FOUND_RATIO } from '../../world/model.js';
import { latencyCdf, latencyMean, type LatencyDist } from '../../world/stats.js';
import { HTTP_SERVICES, INFERENCE_MODELS, OTEL_SERVICES, instanceNames, type ServiceSpec } from '../../world/topology.js';
import type { Labels } from '../../promql/labels.js';
import { blockNoise, type CounterSource } from './counters.js';
import { FLOAT_UNIT, LATENCY_BUCKETS, leLabel } from './grid.js';

export const HTTP_CODES = ['200', '404', '500', '503'] as const;

export function instanceLabel(name: string): string {
  return `${name}:8080`;
}

const skewCache = new WeakMap<Model, Map<string, number[]>>();

/** Share of a service's traffic each instance takes at this snapshot (0 for an instance that is down). */
export function instanceShares(model: Model, s: ServiceSnap): number[] {
  let bySvc = skewCache.get(model);
  if (!bySvc) skewCache.set(model, (bySvc = new Map()));
  let skews = bySvc.get(s.spec.name);
  if (!skews) bySvc.set(s.spec.name, (skews = instanceNames(s.spec).map((_, i) => 0.94 + 0.12 * hash01(model.seed, 'skew', s.spec.name, i))));
  let total = 0;
  for (let i = 0; i < skews.length; i++) if (i !== s.downIndex) total += skews[i];
  return skews.map((x, i) => (i === s.downIndex || total === 0 ? 0 : x / total));
}

function source(
  model: Model,
  name: string,
  service: string,
  labels: Labels[],
  units: number[],
  rates: (snap: Snapshot, out: Float64Array) => void,
  extra: Partial<CounterSource> = {},
): CounterSource {
  return { name, key: hash32(model.seed, 'counter', name), service, labels, units, rates, ...extra };
}

function httpRequests(model: Model, spec: ServiceSpec): CounterSource {
  const labels: Labels[] = [];
  const names = instanceNames(spec);
  for (const r of spec.routes) {
    for (const code of HTTP_CODES) {
      for (const inst of names) {
        labels.push({ __name__: 'http_requests_total', service: spec.name, route: r.route, code, instance: instanceLabel(inst), job: spec.name });
      }
    }
  }
  return source(model, `http_requests:${spec.name}`, spec.name, labels, labels.map(() => 1), (snap, out) => {
    const s = snap.services.get(spec.name)!;
    const shares = instanceShares(model, s);
    let slot = 0;
    for (const r of s.routes) {
      for (const c of codeShares(r)) for (const share of shares) out[slot++] = r.rps * c * share;
    }
  });
}

/** Share of a route's requests answered with each of HTTP_CODES. */
function codeShares(r: { err: number; ownErr: number }): number[] {
  const own = Math.min(r.err, r.ownErr);
  return [1 - r.err - NOT_FOUND_RATIO, NOT_FOUND_RATIO, own, r.err - own].map((c) => Math.max(0, c));
}

/**
 * A service instrumented with OpenTelemetry, as a collector exports it to Prometheus: one
 * http_server_request_duration_seconds histogram per route and status code, named by
 * `service_name` (the collector's own scrape job and instance, not the app's); its _count is the
 * request counter (there is no http_requests_total).
 */
function otelHttp(model: Model, spec: ServiceSpec): CounterSource[] {
  return spec.routes.flatMap((route, ri) => HTTP_CODES.map((code, ci) => {
    const base = { service_name: spec.name, http_route: route.route, http_response_status_code: code, job: 'otel-collector', instance: 'otel-collector:8889' };
    return histogram(model, `otel_http:${spec.name}:${route.route}:${code}`, 'http_server_request_duration_seconds', spec.name, base, (snap) => {
      const r = snap.services.get(spec.name)!.routes[ri]!;
      return [{ rps: r.rps * codeShares(r)[ci]!, dist: r.dist }];
    });
  }));
}

interface HistogramPart {
  rps: number;
  dist: LatencyDist;
}

/** A classic histogram: one slot per bucket, then _count and _sum; buckets stay monotonic in le. */
function histogram(
  model: Model,
  name: string,
  metric: string,
  service: string,
  base: Labels,
  parts: (snap: Snapshot) => HistogramPart[],
): CounterSource {
  const n = LATENCY_BUCKETS.length;
  const labels: Labels[] = [
    ...LATENCY_BUCKETS.map((le) => ({ __name__: `${metric}_bucket`, ...base, le: leLabel(le) })),
    { __name__: `${metric}_count`, ...base },
    { __name__: `${metric}_sum`, ...base },
  ];
  const units = labels.map((_, i) => (i === n + 1 ? FLOAT_UNIT : 1));
  const src: CounterSource = source(model, name, service, labels, units, (snap, out) => {
    out.fill(0);
    for (const p of parts(snap)) {
      for (let k = 0; k < n; k++) out[k] += p.rps * (k === n - 1 ? 1 : latencyCdf(p.dist, LATENCY_BUCKETS[k] * 1000));
      out[n] += p.rps;
      out[n + 1] += (p.rps * latencyMean(p.dist)) / 1000;
    }
  }, { weightSlot: n });
  src.quantize = (acc, block, out) => {
    const count = Math.floor(acc[n] + blockNoise(src, block, n));
    const h = blockNoise(src, block, 0);
    for (let k = 0; k < n - 1; k++) out[k] = acc[n] > 0 ? Math.floor(count * Math.min(1, acc[k] / acc[n]) + h) : 0;
    out[n - 1] = count;
    out[n] = count;
    out[n + 1] = acc[n] > 0 ? Math.floor((count * (acc[n + 1] / acc[n])) / FLOAT_UNIT + blockNoise(src, block, n + 1)) : 0;
  };
  return src;
}

function httpHistogram(model: Model, spec: ServiceSpec): CounterSource {
  return histogram(model, `http_duration:${spec.name}`, 'http_request_duration_seconds', spec.name, { service: spec.name }, (snap) =>
    snap.services.get(spec.name)!.routes.map((r) => ({ rps: r.rps, dist: r.dist })),
  );
}

function cpuSeconds(model: Model, spec: ServiceSpec): CounterSource {
  const labels = instanceNames(spec).map((i) => ({ __name__: 'process_cpu_seconds_total', service: spec.name, instance: instanceLabel(i) }));
  return source(model, `cpu:${spec.name}`, spec.name, labels, labels.map(() => FLOAT_UNIT), (snap, out) => {
    const s = snap.services.get(spec.name)!;
    instanceShares(model, s).forEach((share, i) => (out[i] = s.cpu * share));
  });
}

function cacheCounters(model: Model, spec: ServiceSpec): CounterSource {
  const labels = [
    { __name__: 'cache_requests_total', service: spec.name },
    { __name__: 'cache_hits_total', service: spec.name },
  ];
  const src = source(model, `cache:${spec.name}`, spec.name, labels, [1, 1], (snap, out) => {
    const s = snap.services.get(spec.name)!;
    out[0] = s.rps;
    out[1] = s.rps * s.hitRatio;
  }, { weightSlot: 0 });
  src.quantize = (acc, block, out) => {
    out[0] = Math.floor(acc[0] + blockNoise(src, block, 0));
    out[1] = acc[0] > 0 ? Math.floor(out[0] * Math.min(1, acc[1] / acc[0]) + blockNoise(src, block, 1)) : 0;
  };
  return src;
}

function inferenceSources(model: Model): CounterSource[] {
  const svc = 'inference';
  const route = (snap: Snapshot) => snap.services.get(svc)!.routes[0];
  const requestLabels: Labels[] = [];
  const tokenLabels: Labels[] = [];
  const costLabels: Labels[] = [];
  for (const m of INFERENCE_MODELS) {
    for (const status of ['ok', 'error']) requestLabels.push({ __name__: 'inference_requests_total', service: svc, model: m.model, status });
    for (const kind of ['prompt', 'completion']) tokenLabels.push({ __name__: 'inference_tokens_total', service: svc, model: m.model, kind });
    costLabels.push({ __name__: 'inference_cost_dollars_total', service: svc, model: m.model });
  }
  const sources: CounterSource[] = [
    source(model, 'inference_requests', svc, requestLabels, requestLabels.map(() => 1), (snap, out) => {
      const r = route(snap);
      INFERENCE_MODELS.forEach((m, i) => {
        out[2 * i] = r.rps * m.share * (1 - r.err);
        out[2 * i + 1] = r.rps * m.share * r.err;
      });
    }),
    source(model, 'inference_tokens', svc, tokenLabels, tokenLabels.map(() => 1), (snap, out) => {
      const r = route(snap);
      INFERENCE_MODELS.forEach((m, i) => {
        out[2 * i] = r.rps * m.share * m.promptTokens;
        out[2 * i + 1] = r.rps * m.share * (1 - r.err) * m.completionTokens;
      });
    }),
    source(model, 'inference_cost', svc, costLabels, costLabels.map(() => FLOAT_UNIT), (snap, out) => {
      const r = route(snap);
      INFERENCE_MODELS.forEach((m, i) => {
        const tokens = r.rps * m.share * (m.promptTokens + (1 - r.err) * m.completionTokens);
        out[i] = (tokens / 1000) * m.dollarsPerKToken;
      });
    }),
  ];
  for (const m of INFERENCE_MODELS) {
    sources.push(
      histogram(model, `inference_duration:${m.model}`, 'inference_duration_seconds', svc, { service: svc, model: m.model }, (snap) => {
        const r = route(snap);
        return [{ rps: r.rps * m.share, dist: { p50: r.dist.p50 * m.latencyFactor, sigma: r.dist.sigma } }];
      }),
    );
  }
  return sources;
}

/** Every counter source of the world. */
export function counterSources(model: Model): CounterSource[] {
  const out: CounterSource[] = [];
  for (const spec of model.specs) {
    if (OTEL_SERVICES.includes(spec.name)) out.push(...otelHttp(model, spec));
    else if (HTTP_SERVICES.includes(spec.name)) out.push(httpRequests(model, spec), httpHistogram(model, spec));
    out.push(cpuSeconds(model, spec));
    if (spec.kind === 'cache') out.push(cacheCounters(model, spec));
    if (spec.kind === 'database') {
      out.push(
        histogram(model, `db_duration:${spec.name}`, 'db_query_duration_seconds', spec.name, { service: spec.name }, (snap) =>
          snap.services.get(spec.name)!.routes.map((r) => ({ rps: r.rps, dist: r.dist })),
        ),
      );
    }
  }
  out.push(...inferenceSources(model));
  return out;
}
