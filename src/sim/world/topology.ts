/**
 * The demo system: who serves what, who calls whom, and at what baseline cost.
 *
 *   frontend ─┬─> auth
 *             ├─> inference            (recommendations, AI model serving)
 *             └─> checkout ─┬─> cart ─> cart-cache
 *                           ├─> payments ─> payments-db
 *                           └─> orders-queue
 */

export type ServiceKind = 'edge' | 'service' | 'database' | 'cache' | 'queue' | 'inference';

/** One downstream call made while serving a route. */
export interface CallInfo {
  child: string;
  childRoute: string;
  /** calls per request of the parent route */
  count: number;
  /** the parent gives up after this many ms and answers 5xx (0 = waits forever) */
  timeoutMs: number;
}

export interface RouteInfo {
  route: string;
  /** share of the service's traffic on this route (shares of a service sum to 1) */
  share: number;
  /** latency the service adds itself (median, ms) */
  ownLatencyMs: number;
  calls: CallInfo[];
}

export interface ServiceSpec {
  name: string;
  kind: ServiceKind;
  /** requests per second entering from outside the system (edge services only) */
  externalRps: number;
  instances: number;
  routes: RouteInfo[];
  /** baseline CPU per instance, cores, plus CPU seconds per request */
  cpuIdleCores: number;
  cpuPerRequest: number;
  memoryBaseBytes: number;
}

const MiB = 1024 * 1024;

function call(child: string, childRoute: string, count = 1, timeoutMs = 0): CallInfo {
  return { child, childRoute, count, timeoutMs };
}

export const SERVICE_SPECS: ServiceSpec[] = [
  {
    name: 'frontend', kind: 'edge', externalRps: 120, instances: 3,
    cpuIdleCores: 0.05, cpuPerRequest: 0.002, memoryBaseBytes: 310 * MiB,
    routes: [
      { route: '/', share: 0.32, ownLatencyMs: 12, calls: [call('auth', '/verify'), call('inference', '/recommend', 1, 2000)] },
      { route: '/product', share: 0.33, ownLatencyMs: 15, calls: [call('inference', '/recommend', 1, 2000)] },
      { route: '/cart', share: 0.16, ownLatencyMs: 8, calls: [call('auth', '/verify'), call('checkout', '/cart', 1, 3000)] },
      { route: '/checkout', share: 0.07, ownLatencyMs: 10, calls: [call('auth', '/verify'), call('checkout', '/checkout', 1, 3000)] },
      { route: '/login', share: 0.12, ownLatencyMs: 6, calls: [call('auth', '/login')] },
    ],
  },
  {
    name: 'auth', kind: 'service', externalRps: 0, instances: 2,
    cpuIdleCores: 0.02, cpuPerRequest: 0.0008, memoryBaseBytes: 120 * MiB,
    routes: [
      { route: '/verify', share: 0, ownLatencyMs: 3, calls: [] },
      { route: '/login', share: 0, ownLatencyMs: 40, calls: [] },
    ],
  },
  {
    name: 'inference', kind: 'inference', externalRps: 0, instances: 2,
    cpuIdleCores: 0.3, cpuPerRequest: 0.008, memoryBaseBytes: 4096 * MiB,
    routes: [{ route: '/recommend', share: 0, ownLatencyMs: 180, calls: [] }],
  },
  {
    name: 'checkout', kind: 'service', externalRps: 0, instances: 3,
    cpuIdleCores: 0.04, cpuPerRequest: 0.004, memoryBaseBytes: 260 * MiB,
    routes: [
      { route: '/cart', share: 0, ownLatencyMs: 6, calls: [call('cart', '/cart', 1, 1000)] },
      {
        route: '/checkout', share: 0, ownLatencyMs: 25,
        calls: [call('cart', '/cart', 1, 1000), call('payments', '/charge', 1, 1000), call('orders-queue', 'publish')],
      },
    ],
  },
  {
    name: 'cart', kind: 'service', externalRps: 0, instances: 2,
    cpuIdleCores: 0.02, cpuPerRequest: 0.0015, memoryBaseBytes: 180 * MiB,
    routes: [{ route: '/cart', share: 0, ownLatencyMs: 4, calls: [call('cart-cache', 'GET', 2, 250)] }],
  },
  {
    name: 'cart-cache', kind: 'cache', externalRps: 0, instances: 1,
    cpuIdleCores: 0.05, cpuPerRequest: 0.0001, memoryBaseBytes: 1536 * MiB,
    routes: [{ route: 'GET', share: 0, ownLatencyMs: 0.6, calls: [] }],
  },
  {
    name: 'payments', kind: 'service', externalRps: 0, instances: 2,
    cpuIdleCores: 0.03, cpuPerRequest: 0.003, memoryBaseBytes: 240 * MiB,
    routes: [{ route: '/charge', share: 0, ownLatencyMs: 30, calls: [call('payments-db', 'query', 3, 800)] }],
  },
  {
    name: 'payments-db', kind: 'database', externalRps: 0, instances: 1,
    cpuIdleCores: 0.2, cpuPerRequest: 0.0006, memoryBaseBytes: 2048 * MiB,
    routes: [{ route: 'query', share: 0, ownLatencyMs: 4, calls: [] }],
  },
  {
    name: 'orders-queue', kind: 'queue', externalRps: 0, instances: 1,
    cpuIdleCores: 0.05, cpuPerRequest: 0.0002, memoryBaseBytes: 512 * MiB,
    routes: [{ route: 'publish', share: 0, ownLatencyMs: 2, calls: [] }],
  },
];

/** Services that answer HTTP. */
export const HTTP_SERVICES = ['frontend', 'auth', 'inference', 'checkout', 'cart', 'payments'];

/**
 * HTTP services instrumented with OpenTelemetry (http_server_request_duration_seconds by
 * service_name); the others use a classic client library (http_requests_total by service). The
 * demo speaks both so every view exercises obs's service identity.
 */
export const OTEL_SERVICES = ['auth', 'inference'];

/** A batch job known to Prometheus only by its scrape job's `up`. */
export const BATCH_JOB = 'nightly-billing';

export const INFERENCE_MODELS = [
  { model: 'recs-embed-v2', share: 0.75, promptTokens: 96, completionTokens: 0, dollarsPerKToken: 0.0001, latencyFactor: 0.35 },
  { model: 'recs-rerank-8b', share: 0.25, promptTokens: 900, completionTokens: 160, dollarsPerKToken: 0.0006, latencyFactor: 2.9 },
];

export const DB_CONNECTIONS_MAX = 100;
export const CACHE_HIT_RATIO = 0.96;

export function instanceNames(spec: ServiceSpec): string[] {
  return Array.from({ length: spec.instances }, (_, i) => `${spec.name}-${i}`);
}

/** The Kubernetes nodes (machines) the instances run on. */
export const NODES = ['node-1', 'node-2', 'node-3'];

const nodeByInstance = new Map(SERVICE_SPECS.flatMap(instanceNames).map((name, i) => [name, NODES[i % NODES.length]!]));

/** The node an instance runs on: instances are spread over the nodes in turn, so each node carries several services. */
export function nodeOf(instance: string): string {
  const node = nodeByInstance.get(instance);
  if (node === undefined) throw new Error(`unknown instance "${instance}"`);
  return node;
}
