import { BackendError } from '../../http/errors.js';
import type { HttpAnswer, HttpClient, Params, RequestSpec } from '../../http/client.js';
import { lazyArray } from '../../http/json-lazy-array.js';
import { chooseStep } from '../../time/time.js';
import { isRecord } from '../../json/record.js';
import { kindOf, listOf, wrongShape, type WrongShape } from '../shape.js';
import type { BuildInfo, InstantResult, Labels, MetricMetadata, PromAlert, RangeResult, RangeSeriesPass, RuleGroup, Sample, Series } from './types.js';
import { parseSampleValue } from './values.js';

interface Envelope<T> {
  status: 'success' | 'error';
  data: T;
  errorType?: string;
  error?: string;
  warnings?: string[];
  infos?: string[];
}

type RawFloatSample = { metric: Labels; value: [number, string] };
/** Native-histogram samples carry `histogram` instead of `value`. */
type RawVector = (RawFloatSample | { metric: Labels; value?: undefined; histogram: unknown })[];
type RawMatrix = { metric: Labels; values: [number, string][] }[];
type RawData = { resultType: 'vector'; result: RawVector } | { resultType: 'matrix'; result: RawMatrix } | { resultType: 'scalar' | 'string'; result: [number, string] };

/** Prometheus refuses more points than this per series. */
export const MAX_POINTS = 11_000;

/** Client for the Prometheus HTTP API v1; also Thanos, Mimir and Cortex (base URL carries the prefix). */
export class PrometheusClient {
  constructor(readonly http: HttpClient) {}

  async query(promql: string, options: { time?: number; timeoutSec?: number; signal?: AbortSignal } = {}): Promise<InstantResult> {
    const env = await this.call<RawData>('/api/v1/query', {
      query: promql,
      time: options.time !== undefined ? options.time / 1000 : undefined,
      timeout: options.timeoutSec ? `${options.timeoutSec}s` : undefined,
    }, 'POST', options.signal);
    const notes = { warnings: env.warnings ?? [], infos: env.infos ?? [] };
    const data = env.data;
    const fail = this.wrongShape('/api/v1/query');
    if (!isRecord(data)) throw fail(`"data" is ${kindOf(data)}, not a query result`);
    if (data.resultType === 'vector') {
      const items = listOf<RawVector[number]>(data.result, 'vector', fail, isRawSample);
      const floats = items.filter((r): r is RawFloatSample => r.value !== undefined);
      const histograms = items.length - floats.length;
      if (histograms > 0) notes.warnings = [...notes.warnings, `${histograms} native-histogram sample${histograms === 1 ? '' : 's'} left out: obs reads float samples (ask for histogram_count(), histogram_sum() or histogram_quantile())`];
      return { resultType: 'vector', samples: floats.map(toSample), ...notes };
    }
    if (data.resultType === 'matrix') return { resultType: 'matrix', series: listOf<RawMatrix[number]>(data.result, 'matrix', fail, isRawSeries).map(toSeries), ...notes };
    if (data.resultType !== 'scalar' && data.resultType !== 'string') throw fail(`unknown resultType ${JSON.stringify(data.resultType)}`);
    if (!isSamplePair(data.result)) throw fail(`${data.resultType} result is not a [time, value] pair`);
    const [t, v] = data.result;
    if (data.resultType === 'scalar') return { resultType: 'scalar', time: t * 1000, value: parseSampleValue(v), ...notes };
    return { resultType: 'string', time: t * 1000, value: v, ...notes };
  }

  /** Instant query that must return a vector; a scalar becomes one unlabelled sample. */
  async queryVector(promql: string, options: { time?: number; signal?: AbortSignal } = {}): Promise<{ samples: Sample[] } & Pick<InstantResult, 'warnings' | 'infos'>> {
    const r = await this.query(promql, options);
    if (r.resultType === 'vector') return r;
    if (r.resultType === 'scalar') return { samples: [{ labels: {}, time: r.time, value: r.value }], warnings: r.warnings, infos: r.infos };
    throw new BackendError({ backend: 'prometheus', kind: 'decode', message: `expected an instant vector, got a ${r.resultType}` });
  }

  /** Range query; the step is raised so that no series exceeds 11,000 points. */
  async queryRange(promql: string, range: { start: number; end: number; stepMs?: number; signal?: AbortSignal }): Promise<RangeResult> {
    const { series, stepMs, warnings, infos } = await this.queryRangeOnePass(promql, range);
    return { series: [...series], stepMs, warnings, infos };
  }

  /** queryRange for a caller that goes through the series once (writing them out as it reads them). */
  async queryRangeOnePass(promql: string, range: { start: number; end: number; stepMs?: number; signal?: AbortSignal }): Promise<RangeSeriesPass> {
    const minimum = chooseStep({ start: range.start, end: range.end }, MAX_POINTS, 1000, MAX_POINTS);
    const stepMs = Math.max(range.stepMs ?? chooseStep(range), minimum);
    const path = '/api/v1/query_range';
    const answer = await this.http.jsonBytes(this.spec(path, { query: promql, start: range.start / 1000, end: range.end / 1000, step: stepMs / 1000 }, 'POST', range.signal));
    // The series are parsed one at a time, as they are taken (a large answer is never held parsed).
    const lazy = lazyArray(answer.data, ['data', 'result']);
    const env = this.envelope<{ resultType: 'matrix'; result: RawMatrix }>(lazy ? { ...answer, data: lazy.rest } : this.http.decodeJson(answer, path));
    const notes = { stepMs, warnings: env.warnings ?? [], infos: env.infos ?? [] };
    const fail = this.wrongShape(path);
    if (!isRecord(env.data) || env.data.resultType !== 'matrix') throw fail(`a range query should answer with a matrix, not ${isRecord(env.data) ? JSON.stringify(env.data.resultType) : kindOf(env.data)}`);
    const checked = (r: unknown) => {
      if (!isRawSeries(r)) throw fail(`a matrix series is not shaped as expected: ${JSON.stringify(r)?.slice(0, 120)}`);
      return toSeries(r);
    };
    if (lazy) return { count: lazy.count, series: mapped(lazy.elements, checked), ...notes };
    const result = listOf<RawMatrix[number]>(env.data.result, 'matrix', fail, isRawSeries);
    return { count: result.length, series: result.map(toSeries), ...notes };
  }

  async series(match: string[], range: { start?: number; end?: number; limit?: number } = {}): Promise<Labels[]> {
    const path = '/api/v1/series';
    return listOf((await this.call('/api/v1/series', { 'match[]': match, ...timeParams(range), limit: range.limit }, 'POST')).data, 'series list', this.wrongShape(path), isRecord);
  }

  async labels(range: { start?: number; end?: number; match?: string[] } = {}): Promise<string[]> {
    const path = '/api/v1/labels';
    return listOf((await this.call(path, { 'match[]': range.match, ...timeParams(range) }, 'POST')).data, 'label list', this.wrongShape(path), isString);
  }

  async labelValues(name: string, range: { start?: number; end?: number; match?: string[] } = {}): Promise<string[]> {
    const path = `/api/v1/label/${encodeURIComponent(name)}/values`;
    return listOf((await this.call(path, { 'match[]': range.match, ...timeParams(range) })).data, 'label value list', this.wrongShape(path), isString);
  }

  async metadata(metric?: string): Promise<Record<string, MetricMetadata[]>> {
    return (await this.call<Record<string, MetricMetadata[]>>('/api/v1/metadata', { metric })).data ?? {};
  }

  async rules(type?: 'alert' | 'record'): Promise<RuleGroup[]> {
    const path = '/api/v1/rules';
    const isGroup = (g: unknown) => isRecord(g) && Array.isArray(g.rules);
    return listOf((await this.call<{ groups?: unknown }>(path, { type })).data?.groups, 'rule group list', this.wrongShape(path), isGroup);
  }

  async alerts(): Promise<PromAlert[]> {
    const path = '/api/v1/alerts';
    const isAlert = (a: unknown) => isRecord(a) && isRecord(a.labels);
    return listOf((await this.call<{ alerts?: unknown }>(path, {})).data?.alerts, 'alert list', this.wrongShape(path), isAlert);
  }

  async buildinfo(): Promise<BuildInfo> {
    return (await this.call<BuildInfo>('/api/v1/status/buildinfo', {})).data;
  }

  private async call<T>(path: string, params: Params, method: 'GET' | 'POST' = 'GET', signal?: AbortSignal): Promise<Envelope<T>> {
    return this.envelope(await this.http.json<Envelope<T>>(this.spec(path, params, method, signal)));
  }

  private spec(path: string, params: Params, method: 'GET' | 'POST', signal?: AbortSignal): RequestSpec {
    return method === 'POST' ? { method, path, form: params, idempotent: true, signal } : { method, path, query: params, signal };
  }

  private envelope<T>(answer: HttpAnswer<unknown>): Envelope<T> {
    const env = answer.data as Envelope<T>;
    if (!env || typeof env !== 'object' || (env.status !== 'success' && env.status !== 'error'))
      throw new BackendError({ backend: 'prometheus', kind: 'decode', url: this.http.displayUrl(''), message: 'answer is not a Prometheus API envelope', hint: 'check that the URL points at the Prometheus API (with its path prefix for Mimir/Cortex)' });
    if (env.status === 'error')
      throw new BackendError({ backend: 'prometheus', kind: 'http', url: this.http.displayUrl(''), status: answer.status, message: `${env.errorType}: ${env.error}` });
    return env;
  }

  private wrongShape(path: string): WrongShape {
    return wrongShape('prometheus', this.http.displayUrl(path), 'check that the URL points at the Prometheus API (with its path prefix for Mimir/Cortex)');
  }
}

function isString(value: unknown): boolean {
  return typeof value === 'string';
}

function isSamplePair(p: unknown): p is [number, string] {
  return Array.isArray(p) && p.length === 2 && typeof p[0] === 'number' && typeof p[1] === 'string';
}

/** A float sample, or a native-histogram one (`histogram` instead of `value`). */
function isRawSample(r: unknown): boolean {
  return isRecord(r) && (r.metric === undefined || isRecord(r.metric)) && (isSamplePair(r.value) || (r.value === undefined && Array.isArray(r.histogram)));
}

function isRawSeries(r: unknown): r is RawMatrix[number] {
  return isRecord(r) && (r.metric === undefined || isRecord(r.metric)) && (r.values === undefined || (Array.isArray(r.values) && r.values.every(isSamplePair)));
}

function timeParams(range: { start?: number; end?: number }): Params {
  return { start: range.start !== undefined ? range.start / 1000 : undefined, end: range.end !== undefined ? range.end / 1000 : undefined };
}

function toSample(r: RawFloatSample): Sample {
  return { labels: r.metric ?? {}, time: r.value[0] * 1000, value: parseSampleValue(r.value[1]) };
}

function* mapped<T, U>(items: Iterable<T>, convert: (item: T) => U): Generator<U> {
  for (const item of items) yield convert(item);
}

function toSeries(r: RawMatrix[number]): Series {
  return { labels: r.metric ?? {}, points: (r.values ?? []).map(([t, v]) => ({ time: t * 1000, value: parseSampleValue(v) })) };
}
