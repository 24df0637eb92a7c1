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

/** Which metric names and labels define a service (defaults fit common instrumentation). */
export interface ServiceMetricsConfig {
  requests?: string;
  duration?: string;
  serviceLabel?: string;
  codeLabel?: string;
  errorCodes?: string;
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
  services?: ServiceMetricsConfig;
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
