import { BACKENDS, type Backend } from '../config/types.js';
import type { ResolvedBackend, ResolvedContext } from '../config/resolve.js';
import { ConfigError } from '../config/errors.js';
import { HttpClient } from '../http/client.js';
import type { AlertmanagerClient } from './alertmanager/client.js';
import type { PrometheusClient } from './prometheus/client.js';
import type { LokiClient } from './loki/client.js';
import type { JaegerClient } from './jaeger/client.js';
import type { AmplitudeClient } from './amplitude/client.js';

const CLIENT_MODULES = {
  prometheus: () => import('./prometheus/client.js'),
  alertmanager: () => import('./alertmanager/client.js'),
  loki: () => import('./loki/client.js'),
  jaeger: () => import('./jaeger/client.js'),
  amplitude: () => import('./amplitude/client.js'),
};

type ClientModules = { [B in Backend]?: Awaited<ReturnType<(typeof CLIENT_MODULES)[B]>> };

interface BackendsOptions {
  debug?: (line: string) => void;
}

/**
 * The clients of a context, with the modules of those it can have loaded: a context that names only
 * Prometheus (`OBS_PROMETHEUS_URL=... obs query up`) never loads the Loki, Jaeger or Amplitude code.
 */
export async function openBackends(context: ResolvedContext, options: BackendsOptions = {}): Promise<Backends> {
  const modules: ClientModules = {};
  const load = async <B extends Backend>(backend: B): Promise<void> => {
    if (context.backends[backend]) modules[backend] = (await CLIENT_MODULES[backend]()) as ClientModules[B];
  };
  await Promise.all(BACKENDS.map(load));
  return new Backends(context, modules, options);
}

/** The clients of one context (made by openBackends). A client exists only for a backend the context has a URL for. */
export class Backends {
  private readonly https = new Map<Backend, HttpClient>();

  constructor(readonly context: ResolvedContext, private readonly modules: ClientModules, private readonly options: BackendsOptions = {}) {}

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
    const client = new HttpClient(httpOptions(backend, cfg, this.modules, this.options.debug));
    this.https.set(backend, client);
    return client;
  }

  // Each getter asks for the HttpClient first: it throws for a backend the context has no URL for,
  // so past it the backend's module is loaded.
  get prometheus(): PrometheusClient {
    const http = this.http('prometheus');
    return new this.modules.prometheus!.PrometheusClient(http);
  }

  get alertmanager(): AlertmanagerClient {
    const http = this.http('alertmanager');
    return new this.modules.alertmanager!.AlertmanagerClient(http);
  }

  get loki(): LokiClient {
    const http = this.http('loki');
    return new this.modules.loki!.LokiClient(http);
  }

  get jaeger(): JaegerClient {
    const http = this.http('jaeger');
    return this.cached('jaeger', () => new this.modules.jaeger!.JaegerClient(http));
  }

  get amplitude(): AmplitudeClient {
    const http = this.http('amplitude');
    return new this.modules.amplitude!.AmplitudeClient(http);
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

function httpOptions(backend: Backend, cfg: ResolvedBackend, modules: ClientModules, debug?: (line: string) => void): ConstructorParameters<typeof HttpClient>[0] {
  // Amplitude answers slowly and rate-limits hard: longer default timeout and more patient retries.
  const amplitude = backend === 'amplitude' ? modules.amplitude!.AMPLITUDE_HTTP_OPTIONS : undefined;
  const { params, ...auth } = cfg.credentials();
  return {
    backend,
    baseUrl: cfg.url,
    retries: amplitude?.retries,
    timeoutMs: amplitude && !cfg.timeoutConfigured ? amplitude.timeoutMs : cfg.timeoutMs,
    concurrency: cfg.concurrency,
    auth,
    tenant: cfg.tenant,
    tls: { caFile: cfg.ca, certFile: cfg.cert, keyFile: cfg.key, insecure: cfg.insecure },
    proxy: cfg.proxy,
    defaultParams: params,
    debug,
  };
}
