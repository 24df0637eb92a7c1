/** Prometheus HTTP API v1 over the simulator's storage and rules, with the real API's shapes and errors. */
import type { ServerResponse } from 'node:http';
import { evaluate, type QueryResult } from '../promql/eval.js';
import { PromQLError } from '../promql/errors.js';
import { formatExponent, formatSampleValue } from '../promql/format.js';
import { compareLabels, labelsKey, sortedLabels as sorted, type Labels } from '../promql/labels.js';
import { parseDuration, parsePromQL } from '../promql/parse.js';
import type { Storage } from '../promql/storage.js';
import { rfc3339, sendJson, sendText, type SimRequest } from './http.js';
import type { RuleEvaluator, RuleStatus } from './rules.js';
import { METRIC_METADATA } from './series/metadata.js';

export const BUILD_VERSION = '2.42.0-obs-demo';
const MAX_POINTS = 11_000;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Prometheus's minTime/maxTime defaults for metadata endpoints, in ms */
const MIN_TIME = -9223372036854;
const MAX_TIME = 9223372036854;

export interface PrometheusApiContext {
  storage: Storage;
  rules: RuleEvaluator;
  now: () => number;
  startedAt: number;
}

class ApiError extends Error {
  constructor(
    readonly errorType: 'bad_data' | 'execution' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

const STATUS: Record<ApiError['errorType'], number> = { bad_data: 400, execution: 422, not_found: 404 };

function parseTimeParam(req: SimRequest, name: string, fallback: number): number {
  const s = req.params.get(name);
  if (s === null || s === '') return fallback;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const t = Date.parse(s);
  if (/^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(t)) return t;
  throw new ApiError('bad_data', `invalid parameter "${name}": cannot parse "${s}" to a valid timestamp`);
}

function parseStep(req: SimRequest): number {
  const s = req.params.get('step') ?? '';
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const d = parseDuration(s);
  if (d === undefined) throw new ApiError('bad_data', `invalid parameter "step": cannot parse "${s}" to a valid duration`);
  return d;
}

function parseQuery(req: SimRequest) {
  try {
    return parsePromQL(req.params.get('query') ?? '');
  } catch (err) {
    if (err instanceof PromQLError) throw new ApiError('bad_data', `invalid parameter "query": ${err.message}`);
    throw err;
  }
}

function run(fn: () => QueryResult): QueryResult {
  try {
    return fn();
  } catch (err) {
    if (err instanceof PromQLError) throw new ApiError(err.errorType, err.message);
    throw err;
  }
}

function point(t: number, v: number): [number, string] {
  return [t / 1000, formatSampleValue(v)];
}

function resultJson(r: QueryResult) {
  switch (r.resultType) {
    case 'vector':
      return { resultType: 'vector', result: r.result.map((s) => ({ metric: sorted(s.labels), value: point(s.t, s.value) })) };
    case 'matrix':
      return { resultType: 'matrix', result: r.result.map((s) => ({ metric: sorted(s.labels), values: s.points.map(([t, v]) => point(t, v)) })) };
    case 'scalar':
      return { resultType: 'scalar', result: point(r.result[0], r.result[1]) };
    case 'string':
      return { resultType: 'string', result: [r.result[0] / 1000, r.result[1]] };
  }
}

function query(ctx: PrometheusApiContext, req: SimRequest) {
  const expr = parseQuery(req);
  const t = parseTimeParam(req, 'time', ctx.now());
  return resultJson(run(() => evaluate(ctx.storage, expr, { startMs: t, endMs: t, stepMs: 1 }, { instant: true })));
}

function queryRange(ctx: PrometheusApiContext, req: SimRequest) {
  const start = parseTimeParam(req, 'start', NaN);
  const end = parseTimeParam(req, 'end', NaN);
  if (Number.isNaN(start)) throw new ApiError('bad_data', 'invalid parameter "start": cannot parse "" to a valid timestamp');
  if (Number.isNaN(end)) throw new ApiError('bad_data', 'invalid parameter "end": cannot parse "" to a valid timestamp');
  if (end < start) throw new ApiError('bad_data', 'invalid parameter "end": end timestamp must not be before start time');
  const step = parseStep(req);
  if (step <= 0) {
    throw new ApiError('bad_data', 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
  }
  // Go divides the two durations as integers
  if (Math.floor((end - start) / step) > MAX_POINTS) {
    throw new ApiError('bad_data', 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
  }
  const expr = parseQuery(req);
  return resultJson(run(() => evaluate(ctx.storage, expr, { startMs: start, endMs: end, stepMs: step }, { instant: false })));
}

/** label sets matching any match[] selector (all series when none given and `optional`) */
function matchedLabelSets(ctx: PrometheusApiContext, req: SimRequest, optional: boolean): Labels[] {
  const start = parseTimeParam(req, 'start', MIN_TIME);
  const end = parseTimeParam(req, 'end', MAX_TIME);
  const selectors = req.params.getAll('match[]');
  if (selectors.length === 0) {
    if (!optional) throw new ApiError('bad_data', 'no match[] parameter provided');
    return ctx.storage.select([], start, end).map((s) => s.labels);
  }
  const seen = new Map<string, Labels>();
  for (const text of selectors) {
    let expr;
    try {
      expr = parsePromQL(text);
    } catch (err) {
      throw new ApiError('bad_data', `invalid parameter "match[]": ${(err as Error).message}`);
    }
    if (expr.type !== 'selector') throw new ApiError('bad_data', `invalid parameter "match[]": 1:1: parse error: expected vector selector`);
    for (const s of ctx.storage.select(expr.matchers, start, end)) seen.set(labelsKey(s.labels), s.labels);
  }
  return [...seen.values()];
}

function limited<T>(req: SimRequest, items: T[]): T[] {
  const limit = Number(req.params.get('limit') ?? '0');
  return limit > 0 ? items.slice(0, limit) : items;
}

function alertJson(a: RuleStatus['alerts'][number]) {
  return { labels: sorted(a.labels), annotations: sorted(a.annotations), state: a.state, activeAt: rfc3339(a.activeAt), value: formatExponent(a.value) };
}

function rules(ctx: PrometheusApiContext, req: SimRequest) {
  const type = req.params.get('type');
  if (type !== null && type !== 'alert' && type !== 'record') throw new ApiError('bad_data', `unsupported type ${JSON.stringify(type)}`);
  const names = req.params.getAll('rule_name[]');
  const groupsWanted = req.params.getAll('rule_group[]');
  const status = ctx.rules.statusAt(ctx.now());
  const groups = ctx.rules.groups
    .filter((g) => groupsWanted.length === 0 || groupsWanted.includes(g.name))
    .map((g) => {
      const mine = status.filter((s) => s.group === g && (names.length === 0 || names.includes(s.rule.alert)));
      return {
        name: g.name,
        file: '/etc/prometheus/rules/obs-demo.rules.yml',
        interval: parseDuration(g.interval)! / 1000,
        limit: 0,
        evaluationTime: mine.reduce((a, s) => a + s.evaluationMs, 0) / 1000,
        lastEvaluation: rfc3339(mine[0]?.lastEvaluation ?? ctx.now()),
        rules:
          type === 'record'
            ? []
            : mine.map((s) => ({
                state: s.alerts.some((a) => a.state === 'firing') ? 'firing' : s.alerts.length > 0 ? 'pending' : 'inactive',
                name: s.rule.alert,
                query: s.rule.expr,
                duration: parseDuration(s.rule.for)! / 1000,
                keepFiringFor: 0,
                labels: s.rule.labels,
                annotations: s.rule.annotations,
                alerts: s.alerts.map(alertJson),
                health: 'ok',
                evaluationTime: s.evaluationMs / 1000,
                lastEvaluation: rfc3339(s.lastEvaluation),
                type: 'alerting',
              })),
      };
    })
    .filter((g) => g.rules.length > 0 || (names.length === 0 && type !== 'record'));
  return { groups };
}

export function handlePrometheusApi(ctx: PrometheusApiContext, req: SimRequest, res: ServerResponse): void {
  const path = req.path;
  if (path === '/-/ready' || path === '/-/healthy') {
    sendText(res, 200, path === '/-/ready' ? 'Prometheus Server is Ready.\n' : 'Prometheus Server is Healthy.\n');
    return;
  }
  const getOrPost = req.method === 'GET' || req.method === 'POST';
  try {
    let data: unknown;
    if (path === '/api/v1/query' && getOrPost) data = query(ctx, req);
    else if (path === '/api/v1/query_range' && getOrPost) data = queryRange(ctx, req);
    else if (path === '/api/v1/series' && getOrPost) {
      data = limited(req, matchedLabelSets(ctx, req, false).sort(compareLabels).map(sorted));
    } else if (path === '/api/v1/labels' && getOrPost) {
      const names = new Set<string>();
      for (const l of matchedLabelSets(ctx, req, true)) for (const n of Object.keys(l)) names.add(n);
      data = limited(req, [...names].sort());
    } else if (path.startsWith('/api/v1/label/') && path.endsWith('/values') && req.method === 'GET') {
      const name = decodeURIComponent(path.slice('/api/v1/label/'.length, -'/values'.length));
      if (!LABEL_NAME.test(name)) throw new ApiError('bad_data', `invalid label name: ${JSON.stringify(name)}`);
      const values = new Set<string>();
      for (const l of matchedLabelSets(ctx, req, true)) if (l[name] !== undefined) values.add(l[name]);
      data = limited(req, [...values].sort());
    } else if (path === '/api/v1/metadata' && req.method === 'GET') {
      const limitText = req.params.get('limit');
      if (limitText !== null && !/^-?\d+$/.test(limitText)) throw new ApiError('bad_data', 'limit must be a number');
      const metric = req.params.get('metric');
      const limit = limitText === null ? -1 : Number(limitText);
      const entries = Object.entries(METRIC_METADATA).filter(([n]) => metric === null || metric === '' || n === metric);
      data = Object.fromEntries((limit >= 0 ? entries.slice(0, limit) : entries).map(([n, m]) => [n, [m]]));
    } else if (path === '/api/v1/rules' && req.method === 'GET') data = rules(ctx, req);
    else if (path === '/api/v1/alerts' && req.method === 'GET') {
      data = { alerts: ctx.rules.statusAt(ctx.now()).flatMap((s) => s.alerts.map(alertJson)) };
    } else if (path === '/api/v1/status/buildinfo' && req.method === 'GET') {
      data = { version: BUILD_VERSION, revision: 'obs-demo', branch: 'HEAD', buildUser: 'obs@demo', buildDate: '20230201-00:00:00', goVersion: 'go1.19.5' };
    } else if (path === '/api/v1/status/runtimeinfo' && req.method === 'GET') {
      data = { startTime: rfc3339(ctx.startedAt), CWD: '/', reloadConfigSuccess: true, lastConfigTime: rfc3339(ctx.startedAt), storageRetention: '30d' };
    } else {
      sendText(res, 404, '404 page not found\n');
      return;
    }
    sendJson(res, 200, { status: 'success', data });
  } catch (err) {
    if (err instanceof ApiError) {
      sendJson(res, STATUS[err.errorType], { status: 'error', errorType: err.errorType, error: err.message });
      return;
    }
    sendJson(res, 500, { status: 'error', errorType: 'internal', error: (err as Error).message });
  }
}
