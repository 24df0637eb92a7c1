import { parseDuration } from '../time/time.js';
import { ConfigError } from './errors.js';
import { isSecretName } from '../http/secret-name.js';
import { resolveReference, resolveSecret } from './secrets.js';
import { BACKENDS, type Backend, type BackendConfig, type ConfigData, type Context, type ServicesConfig } from './types.js';
import { validateServicesConfig } from '../identity/config.js';

/** Credentials of one backend, resolved from their references. */
export interface Credentials {
  bearer?: string;
  username?: string;
  password?: string;
  headers: Record<string, string>;
  /** The backend's extra query parameters; secret-looking ones may be references too. */
  params: Record<string, string>;
}

/**
 * A backend ready to connect to, defaults applied. Its secrets are resolved only when
 * `credentials()` is called (when a client for it is made), so a command never runs the
 * `cmd:` secret or reads the `file:` secret of a backend it does not use.
 */
export interface ResolvedBackend {
  url: string;
  /** Whether any credential is configured, known without resolving it. */
  authConfigured: boolean;
  credentials(): Credentials;
  tenant?: string;
  ca?: string;
  cert?: string;
  key?: string;
  insecure: boolean;
  timeoutMs: number;
  /** Whether the timeout came from the config (else obs's default applies). */
  timeoutConfigured: boolean;
  concurrency: number;
  proxy: string;
}

export interface ResolvedContext {
  name: string;
  readOnly: boolean;
  backends: Partial<Record<Backend, ResolvedBackend>>;
  context: Context;
}

const ENV_URL: Record<Backend, string> = {
  prometheus: 'OBS_PROMETHEUS_URL',
  alertmanager: 'OBS_ALERTMANAGER_URL',
  loki: 'OBS_LOKI_URL',
  jaeger: 'OBS_JAEGER_URL',
  amplitude: 'OBS_AMPLITUDE_URL',
};

const DEFAULT_CONCURRENCY: Record<Backend, number> = { prometheus: 8, alertmanager: 4, loki: 4, jaeger: 4, amplitude: 2 };

/** The context a command uses, and what chose it: `-c/--context`, else OBS_CONTEXT, else the config's currentContext. */
export interface ContextInUse {
  name?: string;
  from?: '--context' | 'OBS_CONTEXT' | 'config';
}

export function contextInUse(config: ConfigData, requested?: string, env: NodeJS.ProcessEnv = process.env): ContextInUse {
  if (requested !== undefined) return { name: requested, from: '--context' };
  if (env.OBS_CONTEXT !== undefined) return { name: env.OBS_CONTEXT, from: 'OBS_CONTEXT' };
  if (config.currentContext !== undefined) return { name: config.currentContext, from: 'config' };
  return {};
}

/**
 * Which context to use and what it says, after env overrides. Works with no config file at
 * all: `OBS_PROMETHEUS_URL=... obs query up` is enough (as in CI).
 */
export function resolveContext(config: ConfigData, requested?: string, env: NodeJS.ProcessEnv = process.env): ResolvedContext {
  const { name: chosen, from } = contextInUse(config, requested, env);
  const stored = chosen === undefined ? undefined : config.contexts[chosen];
  const fromEnv = BACKENDS.some((b) => env[ENV_URL[b]]);
  const known = Object.keys(config.contexts);
  if (!stored && !fromEnv) {
    // With contexts stored but none chosen (the current one was removed), picking one would run against
    // an environment the user never chose: kubectl refuses too.
    if (chosen === undefined && known.length > 0)
      throw new ConfigError('no current context', `pick one with \`obs context use NAME\` (known contexts: ${known.join(', ')}), or name one with --context NAME or OBS_CONTEXT`);
    if (chosen !== undefined && from !== 'config')
      throw new ConfigError(`context "${chosen}" does not exist`, `known contexts: ${known.join(', ') || 'none'}; add one with \`obs context add ${chosen} --prometheus URL\``);
    if (chosen !== undefined)
      throw new ConfigError(`the current context "${chosen}" does not exist`, `pick one with \`obs context use NAME\` (known contexts: ${known.join(', ') || 'none'})`);
  }
  const name = chosen ?? 'default';
  const context: Context = structuredClone(stored ?? {});
  for (const b of BACKENDS) {
    const url = env[ENV_URL[b]];
    if (url) context[b] = { ...context[b], url };
  }
  if (env.OBS_TENANT) context.tenant = env.OBS_TENANT;
  const services = servicesFromEnv(context.services, env);
  if (services) context.services = services;
  const backends: ResolvedContext['backends'] = {};
  for (const b of BACKENDS) {
    const cfg = context[b];
    if (cfg?.url) backends[b] = resolveBackend(name, b, cfg, context);
  }
  return { name, readOnly: context.readOnly === true, backends, context };
}

/**
 * OBS_SERVICE_CONVENTIONS (a JSON list of conventions), OBS_ALERT_SERVICE_LABELS and
 * OBS_LOG_SERVICE_LABELS (comma lists) over the context's `services`, checked like the config.
 */
function servicesFromEnv(stored: ServicesConfig | undefined, env: NodeJS.ProcessEnv): ServicesConfig | undefined {
  const list = (text: string | undefined) => text?.split(',').map((x) => x.trim()).filter(Boolean);
  const alertLabels = list(env.OBS_ALERT_SERVICE_LABELS);
  const logLabels = list(env.OBS_LOG_SERVICE_LABELS);
  let conventions: unknown;
  if (env.OBS_SERVICE_CONVENTIONS) {
    try {
      conventions = JSON.parse(env.OBS_SERVICE_CONVENTIONS);
    } catch {
      throw new ConfigError('OBS_SERVICE_CONVENTIONS: expected JSON, e.g. [{"requests":"http_requests_total","serviceLabel":"app"}]');
    }
  }
  if (!alertLabels && !logLabels && conventions === undefined) return undefined;
  const services: Record<string, unknown> = { ...stored };
  if (conventions !== undefined) {
    // The environment's conventions replace the context's, flat keys included.
    for (const k of Object.keys(services)) if (k !== 'alertLabels' && k !== 'logLabels') delete services[k];
    services.conventions = conventions;
  }
  if (alertLabels) services.alertLabels = alertLabels;
  if (logLabels) services.logLabels = logLabels;
  validateServicesConfig(envKeyOf, services);
  return services as ServicesConfig;
}

/** Where a problem in `services` came from, named by its variable: OBS_SERVICE_CONVENTIONS[0].requests. */
function envKeyOf(key: string): string {
  if (key.startsWith('services.alertLabels')) return 'OBS_ALERT_SERVICE_LABELS';
  if (key.startsWith('services.logLabels')) return 'OBS_LOG_SERVICE_LABELS';
  return `OBS_SERVICE_CONVENTIONS${key.replace(/^services\.conventions/, '').replace(/^services\.?/, '')}`;
}

function resolveBackend(ctxName: string, backend: Backend, cfg: BackendConfig, ctx: Context): ResolvedBackend {
  const timeout = cfg.timeout ?? ctx.timeout;
  let credentials: Credentials | undefined;
  return {
    url: cfg.url!,
    authConfigured: Boolean(cfg.bearer || cfg.username || cfg.password || Object.keys(cfg.headers ?? {}).length),
    credentials: () => (credentials ??= resolveCredentials(ctxName, backend, cfg)),
    tenant: cfg.tenant ?? ctx.tenant,
    ca: cfg.ca,
    cert: cfg.cert,
    key: cfg.key,
    insecure: cfg.insecure === true,
    timeoutMs: timeout ? parseDuration(timeout) : 30_000,
    timeoutConfigured: timeout !== undefined,
    concurrency: cfg.concurrency ?? DEFAULT_CONCURRENCY[backend],
    proxy: cfg.proxy ?? 'env',
  };
}

function resolveCredentials(ctxName: string, backend: Backend, cfg: BackendConfig): Credentials {
  const where = (key: string) => `context "${ctxName}", key "${backend}.${key}"`;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(cfg.headers ?? {})) headers[k] = resolveSecret(v, where(`headers.${k}`)) ?? '';
  const params: Record<string, string> = {};
  // Only secret-looking names: registering `false` of partial_response=false would blank that word everywhere.
  for (const [k, v] of Object.entries(cfg.params ?? {})) params[k] = (isSecretName(k) ? resolveSecret : resolveReference)(v, where(`params.${k}`)) ?? '';
  return {
    bearer: resolveSecret(cfg.bearer, where('bearer')),
    username: resolveSecret(cfg.username, where('username')),
    password: resolveSecret(cfg.password, where('password')),
    headers,
    params,
  };
}
