/**
 * The naming conventions obs recognises in a Prometheus, most specific first. Each names the
 * metric whose presence gives it away, the labels that may name the service (the first one the
 * metric carries is used), how a failed request is told apart, and the latency histogram's unit.
 * Detection (detect.ts) turns the ones present into `Convention`s; a context's own conventions
 * (config.ts) replace them.
 */

/** A failed request: a label matching a regex on the request counter, or a counter of its own. */
export type ErrorRule = { label: string; regex: string } | { metric: string; matcher: string };

export type Unit = 'seconds' | 'milliseconds' | 'microseconds';

export interface ConventionSpec {
  name: string;
  /** The counter of requests (a histogram's `_count` counts them too). */
  requests: string;
  /** Histogram base name (without `_bucket`). */
  duration?: string;
  unit?: Unit;
  /** Candidate labels naming the service, in order. */
  serviceLabels: string[];
  /** Candidate error rules, in order; the first whose label the metric carries is used. */
  errors: ErrorRule[];
  /** Matchers every query adds, e.g. Istio's reporter="destination" so a call is not counted twice. */
  selector?: string;
}

const HTTP_5XX = (label: string): ErrorRule => ({ label, regex: '5..' });
// gRPC codes that mean the server failed (OK, NotFound, InvalidArgument... are the caller's business).
const GRPC_SERVER_ERRORS = 'Unknown|DeadlineExceeded|Internal|Unavailable|DataLoss|ResourceExhausted|Unimplemented';

export const REQUEST_CONVENTIONS: ConventionSpec[] = [
  {
    name: 'opentelemetry',
    requests: 'http_server_request_duration_seconds_count',
    duration: 'http_server_request_duration_seconds',
    unit: 'seconds',
    serviceLabels: ['service_name', 'job'],
    errors: [HTTP_5XX('http_response_status_code'), HTTP_5XX('http_status_code')],
  },
  {
    name: 'opentelemetry-legacy',
    requests: 'http_server_duration_milliseconds_count',
    duration: 'http_server_duration_milliseconds',
    unit: 'milliseconds',
    serviceLabels: ['service_name', 'job'],
    errors: [HTTP_5XX('http_status_code'), HTTP_5XX('http_response_status_code')],
  },
  {
    name: 'spring',
    requests: 'http_server_requests_seconds_count',
    duration: 'http_server_requests_seconds',
    unit: 'seconds',
    serviceLabels: ['application', 'service', 'job'],
    errors: [HTTP_5XX('status'), { label: 'outcome', regex: 'SERVER_ERROR' }],
  },
  {
    name: 'classic',
    requests: 'http_requests_total',
    duration: 'http_request_duration_seconds',
    unit: 'seconds',
    serviceLabels: ['service', 'service_name', 'app', 'app_kubernetes_io_name', 'job'],
    errors: [HTTP_5XX('code'), HTTP_5XX('status'), HTTP_5XX('status_code')],
  },
  {
    name: 'grpc',
    requests: 'grpc_server_handled_total',
    duration: 'grpc_server_handling_seconds',
    unit: 'seconds',
    serviceLabels: ['service', 'service_name', 'app', 'job'],
    errors: [{ label: 'grpc_code', regex: GRPC_SERVER_ERRORS }],
  },
  {
    name: 'istio',
    requests: 'istio_requests_total',
    duration: 'istio_request_duration_milliseconds',
    unit: 'milliseconds',
    serviceLabels: ['destination_service_name', 'destination_workload', 'destination_app'],
    errors: [HTTP_5XX('response_code')],
    selector: 'reporter="destination"',
  },
  {
    name: 'linkerd',
    requests: 'response_total',
    duration: 'response_latency_ms',
    unit: 'milliseconds',
    serviceLabels: ['deployment', 'statefulset', 'dst_deployment'],
    errors: [{ label: 'classification', regex: 'failure' }],
    selector: 'direction="inbound"',
  },
  {
    name: 'ingress-nginx',
    requests: 'nginx_ingress_controller_requests',
    duration: 'nginx_ingress_controller_request_duration_seconds',
    unit: 'seconds',
    serviceLabels: ['service', 'ingress'],
    errors: [HTTP_5XX('status')],
  },
  {
    name: 'traefik',
    requests: 'traefik_service_requests_total',
    duration: 'traefik_service_request_duration_seconds',
    unit: 'seconds',
    serviceLabels: ['service'],
    errors: [HTTP_5XX('code')],
  },
  {
    name: 'envoy',
    requests: 'envoy_cluster_upstream_rq_total',
    duration: 'envoy_cluster_upstream_rq_time',
    unit: 'milliseconds',
    serviceLabels: ['envoy_cluster_name', 'cluster_name'],
    errors: [{ metric: 'envoy_cluster_upstream_rq_xx', matcher: 'envoy_response_code_class="5"' }],
  },
  {
    // Datastores seen from their clients: queries are the requests.
    name: 'db-client',
    requests: 'db_client_operation_duration_seconds_count',
    duration: 'db_client_operation_duration_seconds',
    unit: 'seconds',
    serviceLabels: ['db_namespace', 'server_address', 'db_system'],
    errors: [{ label: 'error_type', regex: '.+' }],
  },
  {
    name: 'db-client',
    requests: 'db_query_duration_seconds_count',
    duration: 'db_query_duration_seconds',
    unit: 'seconds',
    serviceLabels: ['db', 'db_name', 'service', 'job'],
    errors: [{ metric: 'db_query_errors_total', matcher: '' }],
  },
];

/**
 * Health and saturation of datastores and queues from their exporters: up, used against the
 * maximum (a fraction), and backlog (messages waiting or consumer lag).
 */
export interface ExporterSpec {
  name: string;
  serviceLabels: string[];
  up?: string;
  saturation?: { used: string; max: string };
  backlog?: string;
}

const WORKLOAD = ['service', 'app', 'app_kubernetes_io_name', 'job'];

export const EXPORTER_CONVENTIONS: ExporterSpec[] = [
  { name: 'postgres', serviceLabels: WORKLOAD, up: 'pg_up', saturation: { used: 'pg_stat_activity_count', max: 'pg_settings_max_connections' } },
  { name: 'mysql', serviceLabels: WORKLOAD, up: 'mysql_up', saturation: { used: 'mysql_global_status_threads_connected', max: 'mysql_global_variables_max_connections' } },
  { name: 'redis', serviceLabels: WORKLOAD, up: 'redis_up', saturation: { used: 'redis_memory_used_bytes', max: 'redis_memory_max_bytes' } },
  { name: 'connection-pool', serviceLabels: WORKLOAD, saturation: { used: 'db_connections_in_use', max: 'db_connections_max' } },
  { name: 'queue', serviceLabels: WORKLOAD, backlog: 'queue_depth' },
  { name: 'kafka', serviceLabels: ['consumergroup', ...WORKLOAD], backlog: 'kafka_consumergroup_lag' },
  { name: 'rabbitmq', serviceLabels: ['queue', ...WORKLOAD], backlog: 'rabbitmq_queue_messages_ready' },
];

/** Labels tried in order for the service an alert is about (after the context's own). */
export const ALERT_SERVICE_LABELS = [
  'service', 'service_name', 'app_kubernetes_io_name', 'app', 'application', 'job', 'destination_service_name', 'destination_workload',
  'deployment', 'statefulset', 'daemonset', 'pod', 'kubernetes_pod_name', 'container', 'namespace',
];

/** Loki stream labels tried in order for a service's logs (after the context's own). */
export const LOG_SERVICE_LABELS = ['service_name', 'service', 'app', 'app_kubernetes_io_name', 'container', 'job'];

/** Seconds per unit, to bring latencies to seconds. */
export const UNIT_SCALE: Record<Unit, number> = { seconds: 1, milliseconds: 0.001, microseconds: 0.000001 };

/** The unit a histogram's name says it is in, by the Prometheus and OpenTelemetry suffixes. */
export function unitFromName(metric: string): Unit | undefined {
  if (/(_seconds|_s)$/.test(metric)) return 'seconds';
  if (/(_milliseconds|_ms)$/.test(metric)) return 'milliseconds';
  if (/(_microseconds|_us)$/.test(metric)) return 'microseconds';
  return undefined;
}
