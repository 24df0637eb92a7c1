/** Metric families as /api/v1/metadata reports them. */

export interface MetricMetadata {
  type: 'counter' | 'gauge' | 'histogram';
  help: string;
  unit: string;
}

export const METRIC_METADATA: Record<string, MetricMetadata> = {
  http_requests_total: { type: 'counter', help: 'HTTP requests served, by route and status code.', unit: '' },
  http_request_duration_seconds: { type: 'histogram', help: 'HTTP request latency.', unit: 'seconds' },
  http_server_request_duration_seconds: { type: 'histogram', help: 'Duration of HTTP server requests.', unit: 'seconds' },
  db_query_duration_seconds: { type: 'histogram', help: 'Database query latency.', unit: 'seconds' },
  process_cpu_seconds_total: { type: 'counter', help: 'Total user and system CPU time spent in seconds.', unit: 'seconds' },
  process_resident_memory_bytes: { type: 'gauge', help: 'Resident memory size in bytes.', unit: 'bytes' },
  process_start_time_seconds: { type: 'gauge', help: 'Start time of the process since unix epoch in seconds.', unit: 'seconds' },
  up: { type: 'gauge', help: '1 if the target answered its last scrape, else 0.', unit: '' },
  db_connections_in_use: { type: 'gauge', help: 'Connections held by clients.', unit: '' },
  db_connections_max: { type: 'gauge', help: 'Connection pool size.', unit: '' },
  cache_hits_total: { type: 'counter', help: 'Cache lookups that found the key.', unit: '' },
  cache_requests_total: { type: 'counter', help: 'Cache lookups.', unit: '' },
  queue_depth: { type: 'gauge', help: 'Messages waiting in the queue.', unit: '' },
  inference_requests_total: { type: 'counter', help: 'Model inference requests, by model and status.', unit: '' },
  inference_duration_seconds: { type: 'histogram', help: 'Model inference latency.', unit: 'seconds' },
  inference_tokens_total: { type: 'counter', help: 'Tokens processed, by kind (prompt, completion).', unit: '' },
  inference_cost_dollars_total: { type: 'counter', help: 'Estimated inference cost in US dollars.', unit: '' },
  deploy_version_info: { type: 'gauge', help: 'Deployed version of each service (value 1).', unit: '' },
  kube_node_status_condition: { type: 'gauge', help: 'The condition of a cluster node.', unit: '' },
  kube_pod_container_status_restarts_total: { type: 'counter', help: 'The number of container restarts per container.', unit: '' },
  node_filesystem_size_bytes: { type: 'gauge', help: 'Filesystem size in bytes.', unit: '' },
  node_filesystem_avail_bytes: { type: 'gauge', help: 'Filesystem space available to non-root users in bytes.', unit: '' },
  node_memory_MemTotal_bytes: { type: 'gauge', help: 'Memory information field MemTotal_bytes.', unit: '' },
  node_memory_MemAvailable_bytes: { type: 'gauge', help: 'Memory information field MemAvailable_bytes.', unit: '' },
};

