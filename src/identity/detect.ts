/**
 * Which conventions a Prometheus holds, from its label APIs: one request for the metric names,
 * then, for each convention whose metric is there, which labels it carries and which services they
 * name. Works on backfilled and remote-written data too, where /api/v1/metadata is empty.
 */
import { EXPORTER_CONVENTIONS, REQUEST_CONVENTIONS, type ConventionSpec, type ExporterSpec } from './conventions.js';
import type { Convention, Exporter, MetricsIdentity } from './types.js';

/** The parts of the Prometheus client detection uses; the real client fits. */
export interface LabelApi {
  labels(range: { start?: number; end?: number; match?: string[] }): Promise<string[]>;
  labelValues(name: string, range: { start?: number; end?: number; match?: string[] }): Promise<string[]>;
}

export interface DetectOptions {
  now: number;
  /** How far back series count as present. Default 1 hour. */
  lookbackMs?: number;
  /** The context's own conventions: when given, they replace the detected request conventions. */
  configured?: Convention[];
}

export async function detectMetrics(api: LabelApi, options: DetectOptions): Promise<MetricsIdentity> {
  const range = { start: options.now - (options.lookbackMs ?? 3_600_000), end: options.now };
  const names = new Set(await api.labelValues('__name__', range));
  const labelsOf = (selector: string) => api.labels({ ...range, match: [selector] });
  const valuesOf = (label: string, selector: string) => api.labelValues(label, { ...range, match: [selector] });

  const conventions = options.configured
    ? await Promise.all(options.configured.map(async (c) => ({ ...c, services: await valuesOf(c.serviceLabel, selectorOf(c.requests, c.selector)) })))
    : (await Promise.all(REQUEST_CONVENTIONS.filter((spec) => names.has(spec.requests)).map((spec) => resolveSpec(spec, names, labelsOf, valuesOf)))).flat();
  const exporters = (await Promise.all(EXPORTER_CONVENTIONS.map((spec) => resolveExporter(spec, names, labelsOf, valuesOf)))).filter(isDefined);

  let upLabels: string[] = [];
  let jobs: string[] = [];
  if (names.has('up')) {
    const present = new Set(await labelsOf('up'));
    // job last: a service's own name on `up` (service, app) wins over the scrape job's.
    upLabels = unique([...conventions.map((c) => c.serviceLabel), ...exporters.map((e) => e.serviceLabel), 'job']).filter((l) => present.has(l));
    jobs = present.has('job') ? await valuesOf('job', 'up') : [];
  }
  return { conventions, exporters, upLabels, jobs, configured: options.configured !== undefined };
}

type LabelsOf = (selector: string) => Promise<string[]>;
type ValuesOf = (label: string, selector: string) => Promise<string[]>;

/**
 * A convention for each label that names services in the spec's metric: the first candidate the
 * metric carries, then each later one for the series that lack the earlier ones (a Prometheus
 * where most apps set `service` and one is known only by its `job`).
 */
async function resolveSpec(spec: ConventionSpec, names: Set<string>, labelsOf: LabelsOf, valuesOf: ValuesOf): Promise<Convention[]> {
  const selector = selectorOf(spec.requests, spec.selector);
  const labels = new Set(await labelsOf(selector));
  const present = spec.serviceLabels.filter((l) => labels.has(l));
  if (present.length === 0) return [];
  const errors = spec.errors.find((rule) => ('label' in rule ? labels.has(rule.label) : names.has(rule.metric)));
  const hasHistogram = spec.duration !== undefined && names.has(`${spec.duration}_bucket`);
  const resolved = await Promise.all(present.map(async (serviceLabel, i) => {
    const matchers = [spec.selector, ...present.slice(0, i).map((l) => `${l}=""`)].filter(Boolean).join(', ') || undefined;
    const services = (await valuesOf(serviceLabel, selectorOf(spec.requests, matchers))).sort();
    if (services.length === 0) return undefined;
    return {
      name: spec.name,
      source: 'detected' as const,
      serviceLabel,
      requests: spec.requests,
      ...(errors ? { errors } : {}),
      ...(hasHistogram ? { duration: { metric: spec.duration!, unit: spec.unit ?? 'seconds' } } : {}),
      ...(matchers ? { selector: matchers } : {}),
      services,
    };
  }));
  return resolved.filter(isDefined);
}

async function resolveExporter(spec: ExporterSpec, names: Set<string>, labelsOf: LabelsOf, valuesOf: ValuesOf): Promise<Exporter | undefined> {
  const metric = [spec.up, spec.saturation?.used, spec.backlog].find((m) => m !== undefined && names.has(m));
  if (!metric) return undefined;
  const labels = new Set(await labelsOf(metric));
  const serviceLabel = spec.serviceLabels.find((l) => labels.has(l));
  if (!serviceLabel) return undefined;
  return {
    name: spec.name,
    serviceLabels: spec.serviceLabels,
    serviceLabel,
    ...(spec.up && names.has(spec.up) ? { up: spec.up } : {}),
    ...(spec.saturation && names.has(spec.saturation.used) && names.has(spec.saturation.max) ? { saturation: spec.saturation } : {}),
    ...(spec.backlog && names.has(spec.backlog) ? { backlog: spec.backlog } : {}),
    services: (await valuesOf(serviceLabel, metric)).sort(),
  };
}

export function selectorOf(metric: string, matchers?: string): string {
  return matchers ? `${metric}{${matchers}}` : metric;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function isDefined<T>(x: T | undefined): x is T {
  return x !== undefined;
}

/** The convention that names `service` (the first, as in the overview); undefined when none does. */
export function conventionOf(identity: MetricsIdentity, service: string): Convention | undefined {
  return identity.conventions.find((c) => c.services.includes(service));
}
