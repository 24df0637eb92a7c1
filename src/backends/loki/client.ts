import type { HttpClient, Params } from '../../http/client.js';
import { BackendError } from '../../http/errors.js';
import { chooseStep } from '../../time/time.js';
import { MAX_POINTS } from '../prometheus/client.js';
import { parseSampleValue } from '../prometheus/values.js';
import { isRecord } from '../../json/record.js';
import { listOf, wrongShape } from '../shape.js';
import { mergeStreams, nsToMs, toNs, type RawStream } from './entries.js';
import { firstLimit, pageLogs, type PageWindow, type PagingReport, requestWindow } from './paging.js';
import type {
  Direction,
  Labels,
  LogPattern,
  LokiBuildInfo,
  LokiInstantResult,
  LogEntry,
  LokiLogStream,
  LokiMatrixResult,
  LokiRangeResult,
  LokiStats,
  LokiTime,
  PatternsAnswer,
  Sample,
  Series,
  TailOptions,
} from './types.js';

interface Envelope<T> {
  status?: string;
  data?: T;
  warnings?: string[];
  error?: string;
}

type RawSample = [number, string];
type QueryData =
  | { resultType: 'streams'; result?: RawStream[]; stats?: RawStats }
  | { resultType: 'matrix'; result?: { metric?: Labels; values?: RawSample[] }[]; stats?: RawStats }
  | { resultType: 'vector'; result?: { metric?: Labels; value: RawSample }[]; stats?: RawStats }
  | { resultType: 'scalar'; result?: RawSample; stats?: RawStats };
interface RawStats {
  summary?: { totalBytesProcessed?: number; totalLinesProcessed?: number; execTime?: number };
}

export interface RangeOptions {
  start: LokiTime;
  end: LokiTime;
  /** Log queries: most lines to return across all pages. Default 100. */
  limit?: number;
  direction?: Direction;
  /** Metric queries: wanted step in ms; raised so no series exceeds 11,000 points. */
  stepMs?: number;
  /** Log queries: return at most one line per this many ms. */
  intervalMs?: number;
  signal?: AbortSignal;
}

export interface SpanOptions {
  start?: LokiTime;
  end?: LokiTime;
  signal?: AbortSignal;
}

export interface LokiClientOptions {
  /** The server's `max_entries_limit_per_query`; pages never ask for more. Default 5000. */
  maxEntriesPerRequest?: number;
}

/** Beyond this many URL-encoded bytes of parameters a request goes as a form POST. */
const LONG_QUERY_BYTES = 4096;
const DEFAULT_LIMIT = 100;
const LOKI_HINT = 'check that the URL points at Loki (or its gateway) and not at another service';

/** Client for the Grafana Loki HTTP API (`/loki/api/v1`). */
export class LokiClient {
  private readonly maxPerRequest: number;

  constructor(readonly http: HttpClient, options: LokiClientOptions = {}) {
    this.maxPerRequest = options.maxEntriesPerRequest ?? 5000;
  }

  /** Instant query (metric queries; Loki refuses log queries here). A scalar becomes one unlabelled sample. */
  async query(logql: string, options: { time?: LokiTime; limit?: number; direction?: Direction; signal?: AbortSignal } = {}): Promise<LokiInstantResult> {
    const env = await this.call<QueryData>('/loki/api/v1/query', {
      query: logql,
      time: options.time !== undefined ? String(toNs(options.time)) : undefined,
      limit: options.limit,
      direction: options.direction,
    }, options.signal);
    const warnings = env.warnings ?? [];
    const data = env.data;
    if (data?.resultType === 'streams') return { resultType: 'streams', entries: mergeStreams(data.result, options.direction ?? 'backward'), warnings };
    if (data?.resultType === 'scalar') return { resultType: 'vector', samples: data.result ? [toSample({}, data.result)] : [], warnings };
    if (data?.resultType === 'vector') return { resultType: 'vector', samples: (data.result ?? []).map((r) => toSample(r.metric ?? {}, r.value)), warnings };
    throw this.decodeError(`unexpected resultType "${data?.resultType}" from an instant query`);
  }

  /**
   * Range query. A log query pages past the server's entry limit until `limit` lines (or the range)
   * are exhausted; a metric query returns a matrix with a step that keeps each series <= 11,000 points.
   */
  async queryRange(logql: string, options: RangeOptions): Promise<LokiRangeResult> {
    const answer = await this.streamRange(logql, options);
    if (answer.resultType === 'matrix') return answer;
    const entries: LogEntry[] = [];
    for await (const page of answer.pages) for (const e of page) entries.push(e);
    const { truncated, warnings, stats, requests } = answer.summary;
    return { resultType: 'streams', entries, truncated, warnings, stats, requests };
  }

  /**
   * A range query whose log lines arrive page by page (see paging.ts), so a caller can write them
   * out as they come and hold about one page. A metric query answers with its matrix at once.
   * `summary` is final once `pages` is exhausted.
   */
  async streamRange(logql: string, options: RangeOptions): Promise<LokiMatrixResult | LokiLogStream> {
    const direction = options.direction ?? 'backward';
    const want = Math.max(0, options.limit ?? DEFAULT_LIMIT);
    const startNs = toNs(options.start);
    const endNs = toNs(options.end);
    const stepMs = this.stepFor(startNs, endNs, options.stepMs);
    const summary: LokiLogStream['summary'] = { truncated: false, warnings: [], stats: emptyStats(), requests: 0 };
    const request = async (window: PageWindow, limit: number): Promise<QueryData | undefined> => {
      const env = await this.call<QueryData>('/loki/api/v1/query_range', {
        query: logql,
        start: String(window.start),
        end: String(window.end),
        limit,
        direction,
        step: stepMs / 1000,
        interval: options.intervalMs !== undefined ? options.intervalMs / 1000 : undefined,
      }, options.signal);
      addWarnings(summary.warnings, env.warnings);
      addStats(summary.stats, env.data?.stats);
      return env.data;
    };
    const logsOf = (data: QueryData | undefined): LogEntry[] => {
      if (data !== undefined && data.resultType !== 'streams') throw this.decodeError(`unexpected resultType "${data.resultType}" from a range query`);
      return mergeStreams(data?.result, direction);
    };
    // A log query (a stream selector first; a metric query never starts so) is asked as its pages are.
    const range = { start: startNs, end: endNs };
    const first = await request(logql.trimStart().startsWith('{') ? requestWindow(range) : range, firstLimit(want, this.maxPerRequest));
    if (first?.resultType === 'matrix') {
      return { resultType: 'matrix', series: (first.result ?? []).map(toSeries), stepMs, warnings: summary.warnings, stats: summary.stats };
    }
    const paging: PagingReport = { truncated: false, warnings: summary.warnings, requests: 0 };
    const pages = pageLogs(async (window, limit) => logsOf(await request(window, limit)), { start: startNs, end: endNs, direction, want, maxPerRequest: this.maxPerRequest }, paging, logsOf(first));
    return {
      resultType: 'streams',
      summary,
      pages: (async function* () {
        for await (const page of pages) yield page;
        summary.truncated = paging.truncated;
        summary.requests = paging.requests;
      })(),
    };
  }

  async labels(options: SpanOptions & { query?: string } = {}): Promise<string[]> {
    return (await this.call<string[]>('/loki/api/v1/labels', { ...spanParams(options), query: options.query }, options.signal)).data ?? [];
  }

  async labelValues(name: string, options: SpanOptions & { query?: string } = {}): Promise<string[]> {
    const path = `/loki/api/v1/label/${encodeURIComponent(name)}/values`;
    return (await this.call<string[]>(path, { ...spanParams(options), query: options.query }, options.signal)).data ?? [];
  }

  /** The label sets of the streams matching any of the selectors. */
  async series(match: string[], options: SpanOptions = {}): Promise<Labels[]> {
    return (await this.call<Labels[]>('/loki/api/v1/series', { 'match[]': match, ...spanParams(options) }, options.signal)).data ?? [];
  }

  /**
   * Bytes of log lines per stream (or per `targetLabels` combination, with aggregateBy `labels`)
   * in the span, from the index (Loki 2.9+ with `volume_enabled`): cheap, no lines are read.
   */
  async volume(query: string, options: SpanOptions & { targetLabels?: string[]; aggregateBy?: 'series' | 'labels'; limit?: number } = {}): Promise<{ labels: Labels; bytes: number }[]> {
    const env = await this.call<{ result?: { metric?: Labels; value: RawSample }[] }>('/loki/api/v1/index/volume', {
      query,
      ...spanParams(options),
      targetLabels: options.targetLabels?.join(','),
      aggregateBy: options.aggregateBy,
      limit: options.limit,
    }, options.signal);
    return (env.data?.result ?? []).map((r) => ({ labels: r.metric ?? {}, bytes: parseSampleValue(r.value[1]) }));
  }

  /**
   * Log patterns detected by Loki's pattern ingester. When the server has none (Loki 2.x, the
   * ingester disabled, a gateway that does not route the path) the answer says so instead of throwing.
   * Unreachable backends, auth failures and rate limits still throw.
   */
  async patterns(query: string, options: { start: LokiTime; end: LokiTime; stepMs?: number; signal?: AbortSignal }): Promise<PatternsAnswer> {
    try {
      const path = '/loki/api/v1/patterns';
      const env = await this.call<unknown>(path, {
        query,
        start: String(toNs(options.start)),
        end: String(toNs(options.end)),
        step: options.stepMs !== undefined ? options.stepMs / 1000 : undefined,
      }, options.signal);
      const isPattern = (p: unknown) => isRecord(p) && typeof p.pattern === 'string' && (p.samples === undefined || Array.isArray(p.samples));
      const fail = wrongShape('loki', this.http.displayUrl(path), LOKI_HINT);
      const raw = listOf<{ pattern: string; level?: string; samples?: [number, number][] }>(env.data, 'pattern list', fail, isPattern);
      const patterns = raw.map((p): LogPattern => {
        const pattern: LogPattern = { pattern: p.pattern, samples: (p.samples ?? []).map(([t, count]) => ({ time: t * 1000, count: Number(count) })) };
        if (p.level) pattern.level = p.level;
        return pattern;
      });
      return { available: true, patterns, warnings: env.warnings ?? [] };
    } catch (err) {
      if (err instanceof BackendError && err.kind === 'http' && ![401, 403].includes(err.status ?? 0)) {
        return { available: false, reason: `Loki has no pattern detection here: ${err.message}`, error: err };
      }
      throw err;
    }
  }

  async buildinfo(signal?: AbortSignal): Promise<LokiBuildInfo> {
    const answer = await this.http.json<LokiBuildInfo>({ path: '/loki/api/v1/status/buildinfo', signal });
    if (!answer.data || typeof answer.data.version !== 'string') throw this.decodeError('buildinfo has no version');
    return answer.data;
  }

  /**
   * Follow a query live over Loki's WebSocket tail, reconnecting and resuming after drops, and
   * polling query_range instead when the WebSocket cannot be opened. Resolves when `signal` aborts;
   * rejects when Loki refuses the query itself.
   */
  async tail(query: string, options: TailOptions): Promise<void> {
    // Loaded here: the WebSocket library is the costliest import of the clients, and only tail needs it.
    const { tailLogs } = await import('./tail.js');
    return tailLogs(this, query, options);
  }

  /** The step (ms) for a metric range query: the wanted or a default one, raised to stay within 11,000 points. */
  private stepFor(startNs: bigint, endNs: bigint, wantedMs?: number): number {
    const range = { start: nsToMs(startNs), end: nsToMs(endNs) };
    const minimum = chooseStep(range, MAX_POINTS, 1000, MAX_POINTS);
    return Math.max(wantedMs ?? chooseStep(range), minimum);
  }

  private async call<T>(path: string, params: Params, signal?: AbortSignal): Promise<Envelope<T>> {
    const spec = encodedLength(params) > LONG_QUERY_BYTES
      ? { method: 'POST' as const, path, form: params, idempotent: true, signal }
      : { path, query: params, signal };
    // HttpClient.json sends `Accept: application/json`, so Loki 3.4+ never negotiates Parquet.
    const answer = await this.http.json<Envelope<T>>(spec);
    const env = answer.data;
    if (!env || typeof env !== 'object') throw this.decodeError('answer is not a Loki API envelope');
    if (env.status === 'error') throw new BackendError({ backend: 'loki', kind: 'http', url: this.http.displayUrl(''), status: answer.status, message: env.error ?? 'error without a message' });
    return env;
  }

  private decodeError(message: string): BackendError {
    return new BackendError({ backend: 'loki', kind: 'decode', url: this.http.displayUrl(''), message, hint: LOKI_HINT });
  }
}

function toSample(labels: Labels, [t, v]: RawSample): Sample {
  return { labels, time: t * 1000, value: parseSampleValue(v) };
}

function toSeries(r: { metric?: Labels; values?: RawSample[] }): Series {
  return { labels: r.metric ?? {}, points: (r.values ?? []).map(([t, v]) => ({ time: t * 1000, value: parseSampleValue(v) })) };
}

function spanParams(o: SpanOptions): Params {
  return { start: o.start !== undefined ? String(toNs(o.start)) : undefined, end: o.end !== undefined ? String(toNs(o.end)) : undefined };
}

function encodedLength(params: Params): number {
  let n = 0;
  for (const v of Object.values(params)) {
    if (v === undefined || v === null) continue;
    for (const item of Array.isArray(v) ? v : [v]) n += encodeURIComponent(String(item)).length;
  }
  return n;
}

function emptyStats(): LokiStats {
  return { bytesProcessed: 0, linesProcessed: 0, execTimeSec: 0 };
}

function addStats(into: LokiStats, raw: RawStats | undefined): void {
  const s = raw?.summary;
  if (!s) return;
  into.bytesProcessed += Number(s.totalBytesProcessed) || 0;
  into.linesProcessed += Number(s.totalLinesProcessed) || 0;
  into.execTimeSec += Number(s.execTime) || 0;
}

function addWarnings(into: string[], more: string[] | undefined): void {
  for (const w of more ?? []) if (!into.includes(w)) into.push(w);
}

