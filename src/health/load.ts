import { batchedQuery } from '../backends/prometheus/batch.js';
import type { PrometheusClient } from '../backends/prometheus/client.js';
import type { Sample } from '../backends/prometheus/types.js';
import { redQueries, type RedMetric } from '../identity/queries.js';
import type { MetricsIdentity } from '../identity/types.js';
import { assembleHealth, type ConventionResults, type LabelledSamples, type ServiceHealth, type SignalResults } from './model.js';

export interface HealthSnapshot {
  services: ServiceHealth[];
  /** Queries that failed, by "<convention>.<metric>", with the backend's message: the rest is still shown. */
  errors: Partial<Record<string, string>>;
  requests: number;
}

type Prometheus = Pick<PrometheusClient, 'queryVector' | 'queryRange'>;

/**
 * One refresh of the RED view across every convention the metrics speak: per convention up to
 * 5 instant and 3 range queries, plus one per `up` label and exporter signal, whatever the number
 * of services. A failing query leaves its column empty and is reported; it does not fail the rest.
 */
export async function loadHealth(prometheus: Prometheus, identity: MetricsIdentity, options: { now: number; trendMs?: number; trendPoints?: number; rateWindow?: string; trends?: boolean }): Promise<HealthSnapshot> {
  const window = options.rateWindow ?? '5m';
  const trendMs = options.trendMs ?? 30 * 60_000;
  const stepMs = Math.max(15_000, Math.ceil(trendMs / (options.trendPoints ?? 30) / 1000) * 1000);
  const errors: HealthSnapshot['errors'] = {};
  let requests = 0;
  // Every query of a refresh is asked at once: those of one instant, and those of one range, share a request.
  const vectors = batchedQuery(async (expr: string, time: number) => {
    requests++;
    return { series: (await prometheus.queryVector(expr, { time })).samples };
  });
  const matrices = batchedQuery(async (expr: string, r: { start: number; end: number; stepMs: number }) => {
    requests++;
    return prometheus.queryRange(expr, r);
  });
  const instant = async (key: string, expr: string): Promise<Sample[] | undefined> => {
    try {
      return (await vectors(expr, options.now)).series;
    } catch (e) {
      errors[key] = (e as Error).message;
      return undefined;
    }
  };
  const range = async (key: string, expr: string) => {
    try {
      return (await matrices(expr, { start: options.now - trendMs, end: options.now, stepMs })).series;
    } catch (e) {
      errors[key] = (e as Error).message;
      return undefined;
    }
  };

  const conventions = Promise.all(identity.conventions.map(async (c): Promise<ConventionResults> => {
    const q = redQueries(c, window);
    const metrics: ConventionResults['metrics'] = {};
    const trends: ConventionResults['trends'] = {};
    await Promise.all([
      ...(Object.keys(q) as RedMetric[]).map(async (m) => {
        const samples = await instant(`${c.name}.${m}`, q[m]!);
        if (samples) metrics[m] = samples;
      }),
      ...Object.entries({ rps: q.rps, errorRatio: q.errors && `${q.errors} / ${q.rps}`, p99: q.p99 }).map(async ([m, expr]) => {
        if (!expr || options.trends === false) return;
        const series = await range(`${c.name}.trend.${m}`, expr);
        if (series) trends[m as keyof typeof trends] = series;
      }),
    ]);
    return { convention: c.name, serviceLabel: c.serviceLabel, hasErrors: q.errors !== undefined, metrics, trends };
  }));

  const labelled = async (source: string, label: string, key: string, expr: string): Promise<LabelledSamples[]> => {
    const samples = await instant(key, expr);
    return samples ? [{ source, label, samples }] : [];
  };
  const flat = async (xs: Promise<LabelledSamples[]>[]) => (await Promise.all(xs)).flat();
  const signals: Promise<SignalResults> = Promise.all([
    // Exporters first: a database known by pg_up and by its job keeps the exporter's name.
    flat([
      ...identity.exporters.filter((e) => e.up).map((e) => labelled(e.name, e.serviceLabel, `${e.name}.up`, `min by (${e.serviceLabel}) (${e.up})`)),
      ...identity.upLabels.map((l) => labelled('up', l, `up.${l}`, `min by (${l}) (up)`)),
    ]),
    flat(identity.exporters.filter((e) => e.saturation).map((e) =>
      labelled(e.name, e.serviceLabel, `${e.name}.saturation`, `sum by (${e.serviceLabel}) (${e.saturation!.used}) / (max by (${e.serviceLabel}) (${e.saturation!.max}) > 0)`))),
    flat(identity.exporters.filter((e) => e.backlog).map((e) => labelled(e.name, e.serviceLabel, `${e.name}.backlog`, `sum by (${e.serviceLabel}) (${e.backlog})`))),
  ]).then(([up, saturation, backlog]) => ({ up, saturation, backlog }));

  return { services: assembleHealth(await conventions, await signals), errors, requests };
}
