import type { HttpClient, Params } from '../../http/client.js';
import { BackendError } from '../../http/errors.js';
import type { DependencyEdge, SpanKind, Trace } from '../../traces/model.js';
import { normalizeDependencies, normalizeJaegerTraces, normalizeOtlpTraces } from '../../traces/normalize.js';

/** Which HTTP surface the server has: api_v3 (OTLP/JSON) or only the internal v1 JSON API. */
export type JaegerApi = 'v3' | 'v1';

export interface Operation {
  name: string;
  spanKind?: string;
}

export interface TraceSearch {
  service: string;
  operation?: string;
  /** Window of span start times, unix ms; both are always sent (api_v3 requires them). */
  start: number;
  end: number;
  /** Most traces to return. Default 20. */
  limit?: number;
  minDurationMs?: number;
  maxDurationMs?: number;
  /** Span attributes (v1: tags) that must match, e.g. {"http.status_code": "500"}. */
  attributes?: Record<string, string>;
  /** true: only traces with a failed span; false: only traces without one. */
  error?: boolean;
  signal?: AbortSignal;
}

interface V1Envelope<T> {
  data: T | null;
  errors?: { code?: number; msg?: string }[] | null;
}

const DEFAULT_LIMIT = 20;

/**
 * Client for the Jaeger query service. Prefers api_v3 and falls back to the internal v1 JSON API
 * when `/api/v3/services` is missing (Jaeger before api_v3 over HTTP); the answer is remembered for
 * the client's lifetime. Everything comes back in the one trace model of `src/traces`.
 */
export class JaegerClient {
  private surface: JaegerApi | undefined;
  /** The probe in flight: searches asked at once share it rather than each probing. */
  private probe: Promise<JaegerApi> | undefined;

  constructor(readonly http: HttpClient) {}

  /** The surface in use, probing the server on first call. */
  async api(signal?: AbortSignal): Promise<JaegerApi> {
    if (this.surface) return this.surface;
    this.probe ??= this.v3Services(signal).then(
      (v3) => (this.surface ??= v3 ? 'v3' : 'v1'),
      (err: unknown) => {
        this.probe = undefined;
        throw err;
      },
    );
    return this.probe;
  }

  async services(signal?: AbortSignal): Promise<string[]> {
    if (this.surface !== 'v1') {
      const v3 = await this.v3Services(signal);
      if (v3) {
        this.surface = 'v3';
        return v3;
      }
      this.surface = 'v1';
    }
    return (await this.v1<string[]>('/api/services', {}, signal)) ?? [];
  }

  async operations(service: string, options: { spanKind?: SpanKind; signal?: AbortSignal } = {}): Promise<Operation[]> {
    const kind = options.spanKind;
    if ((await this.api(options.signal)) === 'v3') {
      // `spanKind` from 2.19, `span_kind` before: send both.
      const answer = await this.http.json<{ operations?: Operation[] }>({ path: '/api/v3/operations', query: { service, spanKind: kind, span_kind: kind }, signal: options.signal });
      return (answer.data?.operations ?? []).map(toOperation);
    }
    return ((await this.v1<Operation[]>('/api/operations', { service, spanKind: kind }, options.signal)) ?? []).map(toOperation);
  }

  /** Traces matching the search, newest first, at most `limit`. No match is an empty list. */
  async searchTraces(q: TraceSearch): Promise<Trace[]> {
    const limit = q.limit ?? DEFAULT_LIMIT;
    const attributes = q.error ? { ...q.attributes, error: 'true' } : q.attributes;
    let traces: Trace[];
    if ((await this.api(q.signal)) === 'v3') {
      // snake_case names: the only ones before 2.19 and still accepted after.
      const answer = await this.http.json<unknown>({
        path: '/api/v3/traces',
        query: {
          'query.service_name': q.service,
          'query.operation_name': q.operation,
          'query.start_time_min': new Date(q.start).toISOString(),
          'query.start_time_max': new Date(q.end).toISOString(),
          'query.search_depth': limit,
          'query.duration_min': goDuration(q.minDurationMs),
          'query.duration_max': goDuration(q.maxDurationMs),
          'query.attributes': attributes && Object.keys(attributes).length > 0 ? JSON.stringify(attributes) : undefined,
        },
        acceptStatus: [404],
        signal: q.signal,
      });
      traces = answer.status === 404 ? [] : this.decode(() => normalizeOtlpTraces(answer.data));
    } else {
      const data = await this.v1<unknown[]>('/api/traces', {
        service: q.service,
        operation: q.operation,
        start: Math.floor(q.start * 1000),
        end: Math.ceil(q.end * 1000),
        limit,
        minDuration: goDuration(q.minDurationMs),
        maxDuration: goDuration(q.maxDurationMs),
        tags: attributes && Object.keys(attributes).length > 0 ? JSON.stringify(attributes) : undefined,
      }, q.signal);
      traces = this.decode(() => normalizeJaegerTraces(data ?? []));
    }
    // Servers before 2.19 ignore attributes on api_v3, so the error filter is also applied here.
    if (q.error !== undefined) traces = traces.filter((t) => t.spans.some((s) => s.status === 'error') === q.error);
    return traces.sort((a, b) => traceStart(b) - traceStart(a)).slice(0, limit);
  }

  /** One trace by id; a trace the server does not have is a BackendError of kind 'http', status 404. */
  async getTrace(id: string, options: { signal?: AbortSignal } = {}): Promise<Trace> {
    const traceId = id.trim().toLowerCase();
    const path = encodeURIComponent(traceId);
    if ((await this.api(options.signal)) === 'v3') {
      const answer = await this.http.json<unknown>({ path: `/api/v3/traces/${path}`, acceptStatus: [404], signal: options.signal });
      const found = answer.status === 404 ? undefined : pick(this.decode(() => normalizeOtlpTraces(answer.data)), traceId);
      if (found) return found;
    }
    // The internal endpoint also searches the archive storage, and still exists where search was removed.
    const answer = await this.http.json<unknown>({ path: `/api/traces/${path}`, acceptStatus: [404], signal: options.signal });
    const found = answer.status === 404 ? undefined : pick(this.decode(() => normalizeJaegerTraces(answer.data)), traceId);
    if (found) return found;
    throw new BackendError({
      backend: 'jaeger',
      kind: 'http',
      status: 404,
      url: this.http.displayUrl(`/api/traces/${path}`),
      message: `trace ${traceId} not found`,
      hint: 'check the id; traces also expire from storage after the retention period',
    });
  }

  /** Service call graph over the `lookbackMs` before `endTs` (unix ms). */
  async dependencies(options: { endTs: number; lookbackMs: number; signal?: AbortSignal }): Promise<DependencyEdge[]> {
    const data = await this.v1<unknown[]>('/api/dependencies', { endTs: Math.round(options.endTs), lookback: Math.round(options.lookbackMs) }, options.signal);
    return this.decode(() => normalizeDependencies(data ?? []));
  }

  /** The service list from api_v3, or undefined when the server has no api_v3. */
  private async v3Services(signal?: AbortSignal): Promise<string[] | undefined> {
    try {
      const answer = await this.http.json<{ services?: unknown }>({ path: '/api/v3/services', acceptStatus: [404], signal });
      if (answer.status === 404 || !Array.isArray(answer.data?.services)) return undefined;
      return answer.data.services.map(String);
    } catch (err) {
      // A 200 that is not JSON: the UI's catch-all page of a Jaeger without api_v3.
      if (err instanceof BackendError && err.kind === 'decode') return undefined;
      throw err;
    }
  }

  private async v1<T>(path: string, query: Params, signal?: AbortSignal): Promise<T | null> {
    const answer = await this.http.json<V1Envelope<T>>({ path, query, signal });
    const env = answer.data;
    if (!env || typeof env !== 'object' || !('data' in env)) throw this.decode(() => { throw new Error(`${path} did not answer with a Jaeger envelope {data, errors}`); });
    if (env.data == null && env.errors?.length) {
      throw new BackendError({ backend: 'jaeger', kind: 'http', status: env.errors[0].code ?? answer.status, url: this.http.displayUrl(path), message: env.errors[0].msg ?? 'error without a message' });
    }
    return env.data ?? null;
  }

  private decode<T>(normalize: () => T): T {
    try {
      return normalize();
    } catch (err) {
      throw new BackendError({ backend: 'jaeger', kind: 'decode', url: this.http.displayUrl(''), message: (err as Error).message, hint: 'check that the URL points at the Jaeger query service (with its base path)' });
    }
  }
}

function toOperation(o: Operation | string): Operation {
  if (typeof o === 'string') return { name: o };
  return o.spanKind ? { name: o.name, spanKind: o.spanKind } : { name: o.name };
}

/** Milliseconds as a Go duration string ("1500ms"), which both APIs parse. */
function goDuration(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : `${ms}ms`;
}

function traceStart(t: Trace): number {
  let min = Infinity;
  for (const s of t.spans) if (s.startUs < min) min = s.startUs;
  return min;
}

function pick(traces: Trace[], id: string): Trace | undefined {
  const nonEmpty = traces.filter((t) => t.spans.length > 0);
  return nonEmpty.find((t) => t.traceId === id || t.traceId.endsWith(id) || id.endsWith(t.traceId)) ?? nonEmpty[0];
}
