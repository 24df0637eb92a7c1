import type { NotifyConfig } from '../notify/types.js';

export const BACKENDS = ['prometheus', 'alertmanager', 'loki', 'jaeger', 'amplitude'] as const;
export type Backend = (typeof BACKENDS)[number];

/**
 * Where one backend lives and how to talk to it. Secret fields (`bearer`, `password`, header
 * values) may be literal, `env:NAME`, `file:PATH` or `cmd:COMMAND`.
 */
export interface BackendConfig {
  url?: string;
  bearer?: string;
  /** Basic auth user; for Amplitude the project API key. */
  username?: string;
  /** Basic auth password; for Amplitude the secret key. */
  password?: string;
  headers?: Record<string, string>;
  /** X-Scope-OrgID for Mimir, Cortex and Loki; overrides the context's tenant. */
  tenant?: string;
  /** Path of a CA bundle (PEM). */
  ca?: string;
  /** Client certificate and key (PEM) for mTLS. */
  cert?: string;
  key?: string;
  /** Skip TLS verification: for test setups only. */
  insecure?: boolean;
  timeout?: string;
  concurrency?: number;
  /** Extra query parameters on every request, e.g. Thanos partial_response=false. */
  params?: Record<string, string>;
  /** "env" (default), "none", or a proxy URL. */
  proxy?: string;
}

/**
 * One way the context's services are named in the metrics. Unset keys default to the classic
 * client libraries (http_requests_total by `service`, `code` 5xx as errors).
 */
export interface ServiceConventionConfig {
  /** Shown in `obs services`' CONVENTION column. */
  name?: string;
  /** Counter of requests; default the histogram's `_count`, else http_requests_total. */
  requests?: string;
  /** Counter of failed requests, instead of codeLabel/errorCodes on the requests. */
  errors?: string;
  /** Latency histogram, without `_bucket`. */
  duration?: string;
  /** The histogram's unit; default from its name (_seconds, _milliseconds), else seconds. */
  unit?: 'seconds' | 'milliseconds' | 'microseconds';
  serviceLabel?: string;
  codeLabel?: string;
  /** Regex of codeLabel values that are failures. */
  errorCodes?: string;
  /** Matchers added to every query, e.g. env="prod". */
  selector?: string;
}

/**
 * How services are named (src/identity). Any convention given here replaces detection for the
 * request metrics; the label lists come before obs's own.
 */
export interface ServicesConfig extends ServiceConventionConfig {
  conventions?: ServiceConventionConfig[];
  /** Alert labels naming the service, tried first. */
  alertLabels?: string[];
  /** Loki stream labels naming the service, tried first. */
  logLabels?: string[];
}

export interface Context {
  prometheus?: BackendConfig;
  alertmanager?: BackendConfig;
  loki?: BackendConfig;
  jaeger?: BackendConfig;
  amplitude?: BackendConfig;
  /** Default tenant for every backend. */
  tenant?: string;
  /** Refuse write actions (silences, sh runbook steps). */
  readOnly?: boolean;
  /** Default request timeout, e.g. "30s". */
  timeout?: string;
  services?: ServicesConfig;
  /** Amplitude events that matter to the business, e.g. checkout_completed. */
  keyEvents?: string[];
  incidentDir?: string;
  /** Where incidents are announced (PagerDuty, Slack, webhooks) and when they escalate. */
  notify?: NotifyConfig;
  runbookDir?: string;
  sloDir?: string;
  boardDir?: string;
}

export interface ConfigData {
  currentContext?: string;
  contexts: Record<string, Context>;
}
