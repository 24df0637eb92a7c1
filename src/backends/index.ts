import type { Backend } from '../config/types.js';
import type { ResolvedBackend, ResolvedContext } from '../config/resolve.js';
import { ConfigError } from '../config/errors.js';
import { HttpClient } from '../http/client.js';
import { AlertmanagerClient } from './alertmanager/client.js';
import { PrometheusClient } from './prometheus/client.js';
import { LokiClient } from './loki/client.js';
import { JaegerClient } from './jaeger/client.js';
import { AMPLITUDE_HTTP_OPTIONS, AmplitudeClient } from './amplitude/client.js';

/** The clients of one context. A client exists only for a backend the context has a URL for. */
export class Backends {
  private readonly https = new Map<Backend, HttpClient>();

  constructor(readonly context: ResolvedContext, private readonly options: { debug?: (line: string) => void } = {}) {}

  has(backend: Backend): boolean {
    return this.context.backends[backend] !== undefined;
  }

  /** The HttpClient of a backend; throws a ConfigError naming the fix when it is not configured. */
  http(backend: Backend): HttpClient {
    const existing = this.https.get(backend);
    if (existing) return existing;
    const cfg = this.context.backends[backend];
    if (!cfg) {
      const env = `OBS_${backend.toUpperCase()}_URL`;
      throw new ConfigError(`context "${this.context.name}" has no ${backend} URL`, `set one with \`obs context set ${this.context.name} ${backend}.url URL\` or ${env}, or try --demo`);
    }
    const client = new HttpClient(httpOptions(backend, cfg, this.options.debug));
    this.https.set(backend, client);
    return client;
  }

  get prometheus(): PrometheusClient {
    return new PrometheusClient(this.http('prometheus'));
  }

  get alertmanager(): AlertmanagerClient {
    return new AlertmanagerClient(this.http('alertmanager'));
  }

  get loki(): LokiClient {
    return new LokiClient(this.http('loki'));
  }

  get jaeger(): JaegerClient {
    return this.cached('jaeger', () => new JaegerClient(this.http('jaeger')));
  }

  get amplitude(): AmplitudeClient {
    return new AmplitudeClient(this.http('amplitude'));
  }

  private readonly clients = new Map<string, unknown>();

  /** Clients that remember what they learnt about their server (Jaeger's API surface) are kept. */
  private cached<T>(key: string, make: () => T): T {
    if (!this.clients.has(key)) this.clients.set(key, make());
    return this.clients.get(key) as T;
  }

  async close(): Promise<void> {
    await Promise.all([...this.https.values()].map((c) => c.close()));
    this.https.clear();
  }
}

function httpOptions(backend: Backend, cfg: ResolvedBackend, debug?: (line: string) => void): ConstructorParameters<typeof HttpClient>[0] {
  // Amplitude answers slowly and rate-limits hard: longer default timeout and more patient retries.
  const amplitude = backend === 'amplitude' ? AMPLITUDE_HTTP_OPTIONS : undefined;
  return {
    backend,
    baseUrl: cfg.url,
    retries: amplitude?.retries,
    timeoutMs: amplitude && !cfg.timeoutConfigured ? amplitude.timeoutMs : cfg.timeoutMs,
    concurrency: cfg.concurrency,
    auth: cfg.credentials(),
    tenant: cfg.tenant,
    tls: { caFile: cfg.ca, certFile: cfg.cert, keyFile: cfg.key, insecure: cfg.insecure },
    proxy: cfg.proxy,
    defaultParams: cfg.params,
    debug,
  };
}
