/**
 * Which Loki stream label names a service: Loki 3 adds `service_name`, log shippers set `app`,
 * `container` or `job`. Found from the label API (which labels exist, and their values), so a
 * service's logs are `{app="payments"}` on one system and `{service_name="payments"}` on another.
 */
import { LOG_SERVICE_LABELS } from './conventions.js';
import { streamSelector } from '../logs/selector.js';
import { namesOf, withoutNamespace } from './namespace.js';

export interface LokiLabelApi {
  labels(options: { start?: number; end?: number }): Promise<string[]>;
  labelValues(name: string, options: { start?: number; end?: number }): Promise<string[]>;
}

/** The candidate labels present in Loki, in order of preference, with the values each takes. */
export interface LogIdentity {
  labels: { label: string; values: string[] }[];
}

export async function detectLogLabels(loki: LokiLabelApi, options: { now: number; lookbackMs?: number; preferred?: string[] }): Promise<LogIdentity> {
  const range = { start: options.now - (options.lookbackMs ?? 6 * 3_600_000), end: options.now };
  const present = new Set(await loki.labels(range));
  const candidates = [...new Set([...(options.preferred ?? []), ...LOG_SERVICE_LABELS])].filter((l) => present.has(l));
  return { labels: await Promise.all(candidates.map(async (label) => ({ label, values: await loki.labelValues(label, range) }))) };
}

/**
 * The stream selector of a service's logs: the first label (in order of preference) with the
 * service's name as a value, else one naming it after a namespace (Promtail's Kubernetes
 * `job="shop/checkout"`, which Loki 3 copies to `service_name`; namespace.ts); when none does, the
 * first label present, so the query is still the one a person would write and finds nothing rather
 * than everything.
 */
export function logSelector(identity: LogIdentity, service: string): string {
  const { label, values } = logStream(identity, service);
  return streamSelector(label, values);
}

/** The label and its values that hold a service's streams (see logSelector). */
export interface LogStream {
  label: string;
  values: string[];
}

export function logStream(identity: LogIdentity, service: string): LogStream {
  const exact = identity.labels.find((l) => l.values.includes(service));
  if (exact) return { label: exact.label, values: [service] };
  for (const l of identity.labels) {
    const values = namesOf(l.values, service);
    if (values.length) return { label: l.label, values };
  }
  return { label: identity.labels[0]?.label ?? 'service', values: [service] };
}

/** The services found in the logs: every value of every candidate label, and what a `namespace/app` value names. */
export function logServices(identity: LogIdentity): Set<string> {
  return new Set(identity.labels.flatMap((l) => l.values.flatMap((v) => [v, withoutNamespace(v)])));
}

