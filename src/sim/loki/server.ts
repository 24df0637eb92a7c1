/**
 * The demo world's logs served as Grafana Loki's HTTP API (`/loki/api/v1/...`): queries with the LogQL subset,
 * labels, series, patterns, build info, and live tail over WebSocket. Errors are plain text, as Loki's are.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { logsOf, type WorldLogs } from '../logs/index.js';
import type { Labels, LabelMatcher, LogQuery, Query } from '../logql/ast.js';
import { LogQLError } from '../logql/errors.js';
import { matchesAll, sortedLabels, labelsKey } from '../logql/labels.js';
import { evaluateMetric, type Series } from '../logql/metric.js';
import { selectLogs, streamLogs, utf8Length, type LogStream, type ProcessStats } from '../logql/select.js';
import type { World } from '../world/world.js';
import { handle, HttpError, readParams, sendJson, type SimServerOptions, sendText } from '../ws/request.js';
import { formatValue, MAX_ENTRIES, MAX_POINTS, parseDirection, parseDurationParam, parseLimit, parseTimestamp, timeRange } from './params.js';
import { minePatterns } from './patterns.js';
import { parseQuery } from './query.js';
import { attachTail } from './tail.js';

export const LOKI_VERSION = '3.7.0';
const MAX_PATTERNS = 300;
/** Volume entries answered when the request names no limit (Loki's default). */
const VOLUME_LIMIT = 100;

export interface LokiServerOptions extends SimServerOptions {
  /** The server's `max_entries_limit_per_query`: a log query asking for more is refused. Default 5000, as Loki's. */
  maxEntriesPerQuery?: number;
}

export function createLokiServer(world: World, options: LokiServerOptions = {}): Server {
  const now = options.now ?? Date.now;
  const logs = logsOf(world, now);
  const api = new LokiApi(logs, now, options.maxEntriesPerQuery ?? MAX_ENTRIES);
  const server = createServer(
    handle(
      (req, res, url) => api.route(req, res, url),
      (res, status, message) => sendText(res, status, message),
    ),
  );
  attachTail(server, logs, now);
  return server;
}

function selectorOf(text: string | null): LabelMatcher[] | undefined {
  if (text === null || text === '') return undefined;
  const q = parseQuery(text);
  if (q.kind !== 'log') throw new HttpError(400, 'only stream selectors are accepted here');
  return q.matchers;
}

function streamsResult(streams: LogStream[]) {
  return streams.map((s) => ({ stream: s.stream, values: s.values.map(([us, line]) => [`${us}000`, line]) }));
}

function stats(p: ProcessStats, started: number, returned: number) {
  const execTime = Math.max((performance.now() - started) / 1000, 1e-6);
  return {
    summary: {
      bytesProcessedPerSecond: Math.round(p.bytesProcessed / execTime),
      linesProcessedPerSecond: Math.round(p.linesProcessed / execTime),
      totalBytesProcessed: p.bytesProcessed,
      totalLinesProcessed: p.linesProcessed,
      execTime,
      queueTime: 0,
      totalEntriesReturned: returned,
    },
  };
}

class LokiApi {
  constructor(
    private readonly logs: WorldLogs,
    private readonly now: () => number,
    private readonly maxEntries: number,
  ) {}

  async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.replace(/\/+$/, '');
    if (req.method !== 'GET' && req.method !== 'POST') throw new HttpError(405, 'method not allowed');
    if (path === '/ready') return sendText(res, 200, 'ready');
    if (path === '/loki/api/v1/status/buildinfo') {
      return sendJson(res, 200, { version: LOKI_VERSION, revision: 'obs-demo', branch: 'HEAD', buildUser: 'obs', buildDate: '2025-01-01T00:00:00Z', goVersion: 'go1.23.4' });
    }
    const p = await readParams(req, url);
    const nowUs = this.now() * 1000;
    switch (path) {
      case '/loki/api/v1/query': return this.instant(res, p, nowUs);
      case '/loki/api/v1/query_range': return this.range(res, p, nowUs);
      case '/loki/api/v1/labels': return this.labels(res, p, nowUs);
      case '/loki/api/v1/series': return this.series(res, p, nowUs);
      case '/loki/api/v1/patterns': return this.patterns(res, p, nowUs);
      case '/loki/api/v1/index/volume': return this.volume(res, p, nowUs);
    }
    const values = /^\/loki\/api\/v1\/label\/([^/]+)\/values$/.exec(path);
    if (values) return this.labelValues(res, p, nowUs, decodeURIComponent(values[1]));
    throw new HttpError(404, '404 page not found');
  }

  private instant(res: ServerResponse, p: URLSearchParams, nowUs: number): void {
    const started = performance.now();
    const q = parseQuery(p.get('query'));
    parseLimit(p.get('limit'), undefined, this.maxEntries);
    parseDirection(p.get('direction'));
    if (q.kind === 'log') throw new HttpError(400, 'log queries are not supported as an instant query type, please change your query to a range query type');
    const atMs = Math.floor(parseTimestamp(p.get('time'), nowUs, 'time') / 1000);
    const { series, stats: st } = this.evaluate(q, { startMs: atMs, endMs: atMs, stepMs: 1000 });
    const result = series.map((s) => ({ metric: s.metric, value: [s.values[0][0] / 1000, formatValue(s.values[0][1])] }));
    sendJson(res, 200, { status: 'success', data: { resultType: 'vector', result, stats: stats(st, started, result.length) } });
  }

  private range(res: ServerResponse, p: URLSearchParams, nowUs: number): void {
    const started = performance.now();
    const q = parseQuery(p.get('query'));
    const limit = parseLimit(p.get('limit'), undefined, this.maxEntries);
    const direction = parseDirection(p.get('direction'));
    const { startUs, endUs } = timeRange(p, nowUs);
    if (q.kind === 'log') {
      const interval = p.get('interval');
      const intervalUs = interval ? parseDurationParam(interval, 'interval') * 1000 : undefined;
      const { streams, stats: st } = selectLogs(q, this.logs, { startUs, endUs, limit, direction, intervalUs });
      const returned = streams.reduce((n, s) => n + s.values.length, 0);
      sendJson(res, 200, { status: 'success', data: { resultType: 'streams', result: streamsResult(streams), stats: stats(st, started, returned) } });
      return;
    }
    const rangeMs = (endUs - startUs) / 1000;
    const stepText = p.get('step');
    const stepMs = stepText ? parseDurationParam(stepText, 'step') : Math.max(Math.floor(rangeMs / 250_000), 1) * 1000;
    if (stepMs <= 0) throw new HttpError(400, 'zero or negative query resolution step widths are not accepted. Try a positive integer');
    if (rangeMs / stepMs > MAX_POINTS) {
      throw new HttpError(400, 'exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter');
    }
    const startMs = Math.floor(startUs / 1000);
    const { series, stats: st } = this.evaluate(q, { startMs, endMs: startMs + Math.floor(rangeMs / stepMs) * stepMs, stepMs });
    const result = series.map((s) => ({ metric: s.metric, values: s.values.map(([t, v]) => [t / 1000, formatValue(v)]) }));
    sendJson(res, 200, { status: 'success', data: { resultType: 'matrix', result, stats: stats(st, started, result.length) } });
  }

  private evaluate(q: Exclude<Query, LogQuery>, steps: { startMs: number; endMs: number; stepMs: number }): { series: Series[]; stats: ProcessStats } {
    try {
      return evaluateMetric(q, this.logs, steps);
    } catch (e) {
      if (e instanceof LogQLError) throw new HttpError(400, e.message);
      throw e;
    }
  }

  private scopedStreams(matchers: LabelMatcher[][] | undefined): Labels[] {
    const all = this.logs.streams();
    if (!matchers) return all;
    const tests = matchers.map(matchesAll);
    return all.filter((s) => tests.some((t) => t(s)));
  }

  private labels(res: ServerResponse, p: URLSearchParams, nowUs: number): void {
    timeRange(p, nowUs, 6 * 3_600_000);
    const selector = selectorOf(p.get('query'));
    const names = new Set<string>();
    for (const s of this.scopedStreams(selector && [selector])) for (const k of Object.keys(s)) names.add(k);
    sendJson(res, 200, names.size > 0 ? { status: 'success', data: [...names].sort() } : { status: 'success' });
  }

  private labelValues(res: ServerResponse, p: URLSearchParams, nowUs: number, name: string): void {
    timeRange(p, nowUs, 6 * 3_600_000);
    const selector = selectorOf(p.get('query'));
    const values = new Set<string>();
    for (const s of this.scopedStreams(selector && [selector])) if (s[name] !== undefined) values.add(s[name]);
    sendJson(res, 200, values.size > 0 ? { status: 'success', data: [...values].sort() } : { status: 'success' });
  }

  private series(res: ServerResponse, p: URLSearchParams, nowUs: number): void {
    timeRange(p, nowUs, 6 * 3_600_000);
    const match = p.getAll('match[]').concat(p.getAll('match'));
    if (match.length === 0) throw new HttpError(400, 'at least one match[] argument is required');
    const selectors = match.map((m) => selectorOf(m)!);
    const seen = new Map<string, Labels>();
    for (const s of this.scopedStreams(selectors)) seen.set(labelsKey(s), sortedLabels(s));
    sendJson(res, 200, { status: 'success', data: [...seen.values()] });
  }

  /**
   * Bytes of log lines in the range (Loki reads them from its index): by default per combination
   * of the selector's label names (or `targetLabels`), with `aggregateBy=labels` per label name;
   * largest first, at most `limit`.
   */
  private volume(res: ServerResponse, p: URLSearchParams, nowUs: number): void {
    const matchers = selectorOf(p.get('query'));
    if (!matchers) throw new HttpError(400, 'query is required');
    const { startUs, endUs } = timeRange(p, nowUs);
    const limit = parseLimit(p.get('limit'), VOLUME_LIMIT, Infinity);
    const byLabels = p.get('aggregateBy') === 'labels';
    const targets = (p.get('targetLabels') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
    const names = targets.length > 0 ? targets : [...new Set(matchers.map((m) => m.name))];
    const streams = this.scopedStreams([matchers]);
    const bytesOf = new Map<Labels, number>();
    for (const e of this.logs.read(streams, startUs, endUs, 'forward')) bytesOf.set(e.stream, (bytesOf.get(e.stream) ?? 0) + utf8Length(e.line));
    const groups = new Map<string, { metric: Labels; bytes: number }>();
    const count = (metric: Labels, bytes: number) => {
      const key = labelsKey(metric);
      const group = groups.get(key);
      if (group) group.bytes += bytes;
      else groups.set(key, { metric, bytes });
    };
    for (const [stream, bytes] of bytesOf) {
      if (byLabels) {
        for (const name of Object.keys(stream)) if (targets.length === 0 || targets.includes(name)) count({ [name]: '' }, bytes);
      } else count(Object.fromEntries(names.map((n) => [n, stream[n] ?? ''])), bytes);
    }
    const at = Math.floor(endUs / 1_000_000);
    const result = [...groups.values()]
      .sort((a, b) => b.bytes - a.bytes || (labelsKey(a.metric) < labelsKey(b.metric) ? -1 : 1))
      .slice(0, limit)
      .map((g) => ({ metric: g.metric, value: [at, String(g.bytes)] }));
    sendJson(res, 200, { status: 'success', data: { resultType: 'vector', result } });
  }

  private patterns(res: ServerResponse, p: URLSearchParams, nowUs: number): void {
    const q = parseQuery(p.get('query'));
    if (q.kind !== 'log') throw new HttpError(400, 'only log queries are supported for patterns');
    const { startUs, endUs } = timeRange(p, nowUs);
    const rangeMs = (endUs - startUs) / 1000;
    const stepText = p.get('step');
    const stepMs = Math.max(10_000, Math.ceil((stepText ? parseDurationParam(stepText, 'step') : Math.max(Math.floor(rangeMs / 250_000), 1) * 1000) / 10_000) * 10_000);
    const entries = streamLogs(q, this.logs, { startUs, endUs, direction: 'forward' });
    const withLevel = (function* () {
      for (const e of entries) yield { tsUs: e.tsUs, line: e.line, level: e.labels.level ?? 'unknown' };
    })();
    sendJson(res, 200, { status: 'success', data: minePatterns(withLevel, stepMs, MAX_PATTERNS) });
  }
}
