/** The demo world's PromQL subset: parse with the official grammar, evaluate over any Storage. */
import { evaluate, type QueryRange, type QueryResult } from './eval.js';
import { parsePromQL } from './parse.js';
import type { Storage } from './storage.js';

export { evaluate, DEFAULT_LOOKBACK_MS, type MatrixResult, type QueryRange, type QueryResult } from './eval.js';
export { PromQLError } from './errors.js';
export { formatExponent, formatSampleValue } from './format.js';
export { compareLabels, labelsKey, matcher, matchesAll, type Labels, type Matcher } from './labels.js';
export { parsePromQL } from './parse.js';
export { SUPPORTED_FUNCTIONS } from './signatures.js';
export { MemoryStorage, type Samples, type Storage, type StoredSeries } from './storage.js';

export function instantQuery(storage: Storage, query: string, timeMs: number, lookbackMs?: number): QueryResult {
  return evaluate(storage, parsePromQL(query), { startMs: timeMs, endMs: timeMs, stepMs: 1 }, { instant: true, lookbackMs });
}

export function rangeQuery(storage: Storage, query: string, range: QueryRange, lookbackMs?: number): QueryResult {
  return evaluate(storage, parsePromQL(query), range, { instant: false, lookbackMs });
}

/** What the subset evaluates, for docs and `obs` help. */
export const SUPPORTED_FEATURES = [
  'selectors with =, !=, =~, !~ matchers, offset, @ <time>/start()/end()',
  'range vectors [d] and subqueries [d:step] as function arguments (and as instant query results)',
  'rate, irate, increase, delta, idelta, changes, resets',
  'avg/sum/min/max/count/last/present/stddev/stdvar/quantile/absent _over_time',
  'histogram_quantile (classic buckets)',
  'sum, avg, min, max, count, group, stddev, stdvar, topk, bottomk, quantile with by/without',
  '+ - * / % ^, == != > < >= <= (with bool), and/or/unless, on/ignoring, group_left/group_right',
  'scalars, unary minus, vector(), scalar(), absent(), time()',
  'clamp, clamp_min, clamp_max, abs, ceil, floor, round, exp, ln, log2, log10, sqrt, sgn, sort, sort_desc, label_replace',
];
