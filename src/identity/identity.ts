/**
 * The one place every capability asks "what is this service called here?". What it learns from
 * the backends is kept for the session (a `Backends`), so `obs top` detects once, not per refresh;
 * an answer that found nothing, or failed, is asked again after a while (a Prometheus that was
 * starting, a new context).
 */
import type { ServicesConfig } from '../config/types.js';
import { serviceOf, type ServiceOptions } from '../alerts/service.js';
import { ALERT_SERVICE_LABELS } from './conventions.js';
import { configuredConventions } from './config.js';
import { detectMetrics, type LabelApi } from './detect.js';
import { detectLogLabels, logSelector, logStream, type LogIdentity, type LogStream, type LokiLabelApi } from './logs.js';
import { traceServiceName } from './traces.js';
import { within } from '../time/within.js';
import type { MetricsIdentity } from './types.js';

export interface IdentityBackends {
  has(backend: 'prometheus' | 'loki' | 'jaeger'): boolean;
  readonly context: { context: { services?: ServicesConfig } };
  readonly prometheus: LabelApi;
  readonly loki: LokiLabelApi;
  readonly jaeger: { services(): Promise<string[]> };
}

const RETRY_EMPTY_MS = 30_000;
/**
 * How long a command waits for Loki's labels or Jaeger's service list when logs or traces only add to
 * its answer: a healthy backend, even a busy one, answers well within it.
 */
export const SIGNAL_LOOKUP_WAIT_MS = 5_000;

export class ServiceIdentity {
  private readonly answers = new Map<string, { at: number; value: Promise<unknown>; empty?: boolean }>();

  constructor(private readonly backends: IdentityBackends, private readonly now: () => number = Date.now) {}

  private get config(): ServicesConfig {
    return this.backends.context.context.services ?? {};
  }

  /** The conventions of the metrics (configured, else detected) with their services. */
  metrics(): Promise<MetricsIdentity> {
    return this.remember('metrics', (m) => m.conventions.length === 0 && m.jobs.length === 0, () =>
      detectMetrics(this.backends.prometheus, { now: this.now(), configured: configuredConventions(this.config) }));
  }

  /**
   * The Loki labels that name services, with their values; empty without Loki. With `waitMs`, a Loki
   * that has not answered by then is a failure saying so: a command that only decorates with logs
   * must not wait a request timeout for them (the lookup goes on, for a later caller).
   */
  logs(waitMs?: number): Promise<LogIdentity> {
    if (!this.backends.has('loki')) return Promise.resolve({ labels: [] });
    const lookup = this.remember('logs', (l: LogIdentity) => l.labels.length === 0, () => detectLogLabels(this.backends.loki, { now: this.now(), preferred: this.config.logLabels }));
    return waitMs === undefined ? lookup : within(lookup, waitMs, `Loki's labels did not answer within ${waitMs}ms`);
  }

  /** Jaeger's service names; empty without Jaeger. `waitMs` as for logs(). */
  traceServices(waitMs?: number): Promise<string[]> {
    if (!this.backends.has('jaeger')) return Promise.resolve([]);
    const lookup = this.remember('traces', (s: string[]) => s.length === 0, () => this.backends.jaeger.services());
    return waitMs === undefined ? lookup : within(lookup, waitMs, `Jaeger's service list did not answer within ${waitMs}ms`);
  }

  /** How alerts name their service: the context's labels first, then the common ones. */
  get alertOptions(): ServiceOptions {
    return { labels: alertServiceLabels(this.config) };
  }

  serviceOfAlert(labels: Record<string, string>): string | undefined {
    return serviceOf(labels, this.alertOptions);
  }

  /** The stream selector of each service's logs (logSelector: it may name the service after a namespace); `waitMs` as for logs(). */
  async logSelectorOf(waitMs?: number): Promise<(service: string) => string> {
    const logs = await this.logsOrConfigured(waitMs);
    return (service) => logSelector(logs, service);
  }

  /** The label and values of each service's streams (logStream), for reading several services at once; `waitMs` as for logs(). */
  async logStreamOf(waitMs?: number): Promise<(service: string) => LogStream> {
    const logs = await this.logsOrConfigured(waitMs);
    return (service) => logStream(logs, service);
  }

  private logsOrConfigured(waitMs?: number): Promise<LogIdentity> {
    // When the label API fails (or is slow) the log query itself will say why; until then, the context's label or "service".
    return this.logs(waitMs).catch((): LogIdentity => ({ labels: (this.config.logLabels ?? ['service']).map((label) => ({ label, values: [] })) }));
  }

  /**
   * Jaeger's name for a service; the service's own name when Jaeger has no match (a search then finds
   * nothing), or when the service list has not answered within `waitMs`.
   */
  async traceService(service: string, waitMs = SIGNAL_LOOKUP_WAIT_MS): Promise<string> {
    // A failing or hung service list is not the search's answer: the search is asked anyway and reports its own error.
    return traceServiceName(await this.traceServices(waitMs).catch(() => []), service) ?? service;
  }

  private remember<T>(key: string, isEmpty: (value: T) => boolean, make: () => Promise<T>): Promise<T> {
    const hit = this.answers.get(key);
    if (hit && (!hit.empty || this.now() - hit.at < RETRY_EMPTY_MS)) return hit.value as Promise<T>;
    const entry: { at: number; value: Promise<unknown>; empty?: boolean } = { at: this.now(), value: make() };
    entry.value.then(
      (v) => (entry.empty = isEmpty(v as T)),
      () => (entry.empty = true),
    );
    this.answers.set(key, entry);
    return entry.value as Promise<T>;
  }
}

export function alertServiceLabels(config: ServicesConfig | undefined): string[] {
  return [...new Set([...(config?.alertLabels ?? []), ...ALERT_SERVICE_LABELS])];
}

const sessions = new WeakMap<object, ServiceIdentity>();

/** The identity of a session's backends, made once. */
export function identityOf(backends: IdentityBackends, now?: () => number): ServiceIdentity {
  let identity = sessions.get(backends);
  if (!identity) sessions.set(backends, (identity = new ServiceIdentity(backends, now)));
  return identity;
}
