/**
 * Which service an alert is about, read from its labels in a configurable order. Kubernetes pod
 * names are turned back into their workload: `payments-7c9d8-x2k4p` (Deployment) and
 * `payments-db-0` (StatefulSet) give `payments` and `payments-db`; a `namespace/app` value is the app.
 */
import { ALERT_SERVICE_LABELS } from '../identity/conventions.js';
import { withoutNamespace } from '../identity/namespace.js';

export interface ServiceOptions {
  /** Labels tried in order; the first with a usable value wins. */
  labels?: string[];
  /** Labels holding pod names, turned into the workload name. */
  podLabels?: string[];
  /** `job` values that name a scraper (the alert's subject is in other labels), skipped. */
  scraperJobs?: string[];
}

/** The common labels, in order (src/identity keeps the list, and puts a context's own labels first). */
export const DEFAULT_SERVICE_LABELS = ALERT_SERVICE_LABELS;
export const DEFAULT_POD_LABELS = ['pod', 'kubernetes_pod_name', 'pod_name'];
export const DEFAULT_SCRAPER_JOBS = [
  'kube-state-metrics', 'kubelet', 'cadvisor', 'node-exporter', 'blackbox', 'blackbox-exporter',
  'kubernetes-pods', 'kubernetes-service-endpoints', 'kubernetes-cadvisor', 'kubernetes-nodes',
];

// Kubernetes name suffixes use this alphabet (no vowels, so words such as "redis" are not taken for one).
const K = '[bcdfghjklmnpqrstvwxz2456789]';
const DEPLOYMENT_POD = new RegExp(`^(.+)-${K}{4,10}-${K}{5}$`);
const GENERATED_POD = new RegExp(`^(.+)-${K}{5}$`);
const STATEFUL_POD = /^(.+)-\d+$/;

/** The workload a pod belongs to, by the Deployment, DaemonSet/Job and StatefulSet naming schemes. */
export function workloadOfPod(pod: string): string {
  const m = DEPLOYMENT_POD.exec(pod) ?? GENERATED_POD.exec(pod) ?? STATEFUL_POD.exec(pod);
  return m ? m[1]! : pod;
}

export function serviceOf(labels: Record<string, string>, options: ServiceOptions = {}): string | undefined {
  const podLabels = options.podLabels ?? DEFAULT_POD_LABELS;
  const scraperJobs = options.scraperJobs ?? DEFAULT_SCRAPER_JOBS;
  for (const name of options.labels ?? DEFAULT_SERVICE_LABELS) {
    const raw = labels[name]?.trim();
    if (!raw) continue;
    // `shop/checkout` (a Kubernetes job or app label written namespace/app) is checkout.
    const value = withoutNamespace(raw);
    if (name === 'job' && scraperJobs.includes(value)) continue;
    return podLabels.includes(name) ? workloadOfPod(value) : value;
  }
  return undefined;
}

// Labels every alert of a setup shares, or that say how bad rather than what: no help telling two alerts apart.
const NOT_IDENTIFYING = new Set(['alertname', 'severity', 'prometheus', 'monitor', 'replica', 'prometheus_replica', 'cluster', 'receiver']);

/**
 * What tells apart an alert that names no service: up to `max` of its other labels, as
 * `instance="10.0.0.7:9100"`, so such alerts do not read as identical untitled groups.
 */
export function identifyingLabels(labels: Record<string, string>, max = 3): string {
  return Object.entries(labels)
    .filter(([k, v]) => !NOT_IDENTIFYING.has(k) && !k.startsWith('__') && v !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, max)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
}
