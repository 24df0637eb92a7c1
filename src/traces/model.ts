/**
 * The one trace model every part of obs uses. Both Jaeger surfaces (the api_v3 OTLP/JSON and the
 * internal v1 JSON API) are normalised into it by `normalize.ts`. Times are unix microseconds.
 */

export type AttributeValue = string | number | boolean;

export interface SpanEvent {
  timeUs: number;
  name: string;
  attributes: Record<string, AttributeValue>;
}

export type SpanKind = 'server' | 'client' | 'producer' | 'consumer' | 'internal' | 'unspecified';
export type SpanStatus = 'ok' | 'error' | 'unset';

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  /** The parent does not wait for this span (Jaeger FOLLOWS_FROM); it is left off the critical path. */
  followsFrom?: boolean;
  service: string;
  operation: string;
  startUs: number;
  durationUs: number;
  kind: SpanKind;
  status: SpanStatus;
  statusMessage?: string;
  attributes: Record<string, AttributeValue>;
  events: SpanEvent[];
}

export interface Trace {
  traceId: string;
  spans: Span[];
}

/** One edge of the service dependency graph: `parent` calls `child`. */
export interface DependencyEdge {
  parent: string;
  child: string;
  callCount: number;
  /** Share of the calls that failed, 0..1, when known (Jaeger's /api/dependencies does not say). */
  errorRate?: number;
}
