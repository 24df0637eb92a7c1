import type { Grouping, Labels, MetricQuery, RangeAggregation, VectorAggregation } from './ast.js';
import { LogQLError } from './errors.js';
import { labelsKey, matchesAll, sortedLabels } from './labels.js';
import { compilePipeline } from './pipeline.js';
import { type ProcessStats, utf8Length } from './select.js';
import type { LogSource } from './source.js';

/** Evaluation instants: start, start + step, ... up to and including end (unix ms). */
export interface Steps {
  startMs: number;
  endMs: number;
  stepMs: number;
}

export interface Series {
  metric: Labels;
  /** [unix ms, value], oldest first, only at steps where the series has a sample */
  values: [number, number][];
}

/** Loki's default `max_query_series`. */
export const MAX_SERIES = 500;

interface Matrix {
  count: number;
  series: Map<string, { labels: Labels; values: Float64Array }>;
}

/** Evaluate a LogQL metric query at every step; series are sorted by their labels. */
export function evaluateMetric(query: MetricQuery, source: LogSource, steps: Steps): { series: Series[]; stats: ProcessStats } {
  const count = Math.floor((steps.endMs - steps.startMs) / steps.stepMs) + 1;
  const stats: ProcessStats = { linesProcessed: 0, bytesProcessed: 0 };
  const matrix = evaluate(query, source, steps, count, stats);
  const series: Series[] = [];
  const sorted = [...matrix.series.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, s] of sorted) {
    const values: [number, number][] = [];
    s.values.forEach((v, k) => {
      if (!Number.isNaN(v)) values.push([steps.startMs + k * steps.stepMs, v]);
    });
    if (values.length > 0) series.push({ metric: sortedLabels(s.labels), values });
  }
  return { series, stats };
}

function evaluate(q: MetricQuery, source: LogSource, steps: Steps, count: number, stats: ProcessStats): Matrix {
  return q.kind === 'range' ? rangeAggregation(q, source, steps, count, stats) : vectorAggregation(q, evaluate(q.inner, source, steps, count, stats));
}

/**
 * Windows are (t - range - offset, t - offset] for each step t. Each entry adds its weight to the contiguous run of
 * steps whose window holds it, recorded as +w/-w at the run's ends (a difference array), so the cost is
 * O(entries + steps) whatever the ratio of range to step.
 */
function rangeAggregation(q: RangeAggregation, source: LogSource, steps: Steps, count: number, stats: ProcessStats): Matrix {
  const startUs = steps.startMs * 1000;
  const stepUs = steps.stepMs * 1000;
  const rangeUs = q.rangeMs * 1000;
  const offsetUs = q.offsetMs * 1000;
  const lastUs = startUs + (count - 1) * stepUs;
  const readFrom = startUs - rangeUs - offsetUs + 1;
  const readTo = lastUs - offsetUs + 1;
  const streams = source.streams(readFrom, readTo).filter(matchesAll(q.query.matchers));
  const pipeline = compilePipeline(q.query.stages);
  const weighBytes = q.op === 'bytes_over_time' || q.op === 'bytes_rate';
  const runs = new Map<string, { labels: Labels; entries: Float64Array; weights: Float64Array }>();
  if (streams.length > 0) {
    for (const e of source.read(streams, readFrom, readTo, 'forward')) {
      const bytes = utf8Length(e.line);
      stats.linesProcessed++;
      stats.bytesProcessed += bytes;
      const result = pipeline(e.line, e.labels ?? e.stream);
      if (!result) continue;
      const key = labelsKey(result.labels);
      let run = runs.get(key);
      if (!run) {
        if (runs.size >= MAX_SERIES) {
          throw new LogQLError(
            `maximum number of series (${MAX_SERIES}) reached for a single query; consider reducing query cardinality by adding more filters or aggregations`,
          );
        }
        run = { labels: result.labels, entries: new Float64Array(count + 1), weights: new Float64Array(count + 1) };
        runs.set(key, run);
      }
      const shifted = e.tsUs + offsetUs;
      const first = clamp(ceilDiv(shifted - startUs, stepUs), count);
      const end = clamp(ceilDiv(shifted + rangeUs - startUs, stepUs), count);
      if (first >= end) continue;
      const w = weighBytes ? utf8Length(result.line) : 1;
      run.entries[first] += 1;
      run.entries[end] -= 1;
      run.weights[first] += w;
      run.weights[end] -= w;
    }
  }
  const perSecond = q.op === 'rate' || q.op === 'bytes_rate' ? 1000 / q.rangeMs : 1;
  const series: Matrix['series'] = new Map();
  for (const [key, run] of runs) {
    const values = new Float64Array(count);
    let entries = 0;
    let weight = 0;
    for (let k = 0; k < count; k++) {
      entries += run.entries[k];
      weight += run.weights[k];
      values[k] = entries > 0.5 ? weight * perSecond : NaN;
    }
    series.set(key, { labels: run.labels, values });
  }
  return { count, series };
}

function ceilDiv(a: number, b: number): number {
  return Math.ceil(a / b);
}

function clamp(k: number, count: number): number {
  return k < 0 ? 0 : k > count ? count : k;
}

function groupLabels(labels: Labels, grouping: Grouping | undefined): Labels {
  const out: Labels = {};
  if (!grouping) return out;
  if (grouping.mode === 'by') {
    for (const name of grouping.labels) if (labels[name] !== undefined) out[name] = labels[name];
    return out;
  }
  for (const [k, v] of Object.entries(labels)) if (!grouping.labels.includes(k)) out[k] = v;
  return out;
}

function vectorAggregation(q: VectorAggregation, input: Matrix): Matrix {
  const groups = new Map<string, { labels: Labels; members: Float64Array[]; memberLabels: Labels[] }>();
  for (const s of input.series.values()) {
    const labels = groupLabels(s.labels, q.grouping);
    const key = labelsKey(labels);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels, members: [], memberLabels: [] }));
    g.members.push(s.values);
    g.memberLabels.push(s.labels);
  }
  const series: Matrix['series'] = new Map();
  for (const [key, g] of groups) {
    if (q.op === 'topk' || q.op === 'bottomk') {
      selectK(q.op, q.param ?? 1, g.members, g.memberLabels, input.count, series);
      continue;
    }
    const values = new Float64Array(input.count).fill(NaN);
    for (let k = 0; k < input.count; k++) {
      const present: number[] = [];
      for (const m of g.members) if (!Number.isNaN(m[k])) present.push(m[k]);
      if (present.length > 0) values[k] = reduce(q.op, present);
    }
    series.set(key, { labels: g.labels, values });
  }
  return { count: input.count, series };
}

function reduce(op: VectorAggregation['op'], xs: number[]): number {
  switch (op) {
    case 'sum': return xs.reduce((a, b) => a + b, 0);
    case 'avg': return xs.reduce((a, b) => a + b, 0) / xs.length;
    case 'min': return Math.min(...xs);
    case 'max': return Math.max(...xs);
    case 'count': return xs.length;
    default: throw new Error(`not a reducing aggregation: ${op}`);
  }
}

/** topk/bottomk keep the input series (with all their labels), each only at the steps where it ranks. */
function selectK(op: 'topk' | 'bottomk', k: number, members: Float64Array[], labels: Labels[], count: number, out: Matrix['series']): void {
  const keys = labels.map(labelsKey);
  const order = op === 'topk' ? -1 : 1;
  for (let step = 0; step < count; step++) {
    const ranked = members
      .map((_, i) => i)
      .filter((i) => !Number.isNaN(members[i][step]))
      .sort((a, b) => order * (members[a][step] - members[b][step]) || (keys[a] < keys[b] ? -1 : 1))
      .slice(0, k);
    for (const i of ranked) {
      let s = out.get(keys[i]);
      if (!s) out.set(keys[i], (s = { labels: labels[i], values: new Float64Array(count).fill(NaN) }));
      s.values[step] = members[i][step];
    }
  }
}
