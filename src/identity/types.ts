import type { ExporterSpec, Unit } from './conventions.js';

/** One way services are named in the metrics, resolved against what the Prometheus holds. */
export interface Convention {
  /** e.g. "opentelemetry", "classic", or the context's own name for it. */
  name: string;
  source: 'detected' | 'configured';
  serviceLabel: string;
  /** Counter of requests. */
  requests: string;
  /** How a failed request is told apart; absent when it cannot be. */
  errors?: { label: string; regex: string } | { metric: string; matcher: string };
  duration?: { metric: string; unit: Unit };
  /** Matchers added to every query (without braces). */
  selector?: string;
  /** Services seen with this convention when it was detected (empty for a configured one until queried). */
  services: string[];
}

/** An exporter found with the label naming its service. */
export interface Exporter extends ExporterSpec {
  serviceLabel: string;
  services: string[];
}

/** What obs found out about the metrics, once per session. */
export interface MetricsIdentity {
  conventions: Convention[];
  exporters: Exporter[];
  /** Labels of `up` that may name a service (job always, when `up` exists). */
  upLabels: string[];
  /** The `job` values of `up`: the fallback when no convention names a service. */
  jobs: string[];
  /** Whether the conventions come from the context (detection off). */
  configured: boolean;
}
